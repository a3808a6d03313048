package dev.provenant.ca.cert;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/** A {@link Signer} over a private key held in memory, using the JDK's default providers. */
public final class JcaSigner implements Signer {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String jcaAlgorithm;
  private final AlgorithmIdentifier algorithmId;
  private final ThreadLocal<Signature> signatures;

  /**
   * @param privateKey the signing key
   * @param publicKey its public half
   * @param jcaAlgorithm e.g. {@code SHA384withECDSA}
   */
  public JcaSigner(PrivateKey privateKey, PublicKey publicKey, String jcaAlgorithm) {
    this(privateKey, publicKey, jcaAlgorithm, null);
  }

  /**
   * A signer using a specific provider instance (not registered globally), e.g. BouncyCastle, whose
   * ECDSA P-384 signing is faster than the JDK 17 SunEC one.
   *
   * @param provider the JCA provider, or null for the JDK default
   */
  public JcaSigner(
      PrivateKey privateKey,
      PublicKey publicKey,
      String jcaAlgorithm,
      java.security.Provider provider) {
    this.privateKey = Objects.requireNonNull(privateKey);
    this.publicKey = Objects.requireNonNull(publicKey);
    this.jcaAlgorithm = Objects.requireNonNull(jcaAlgorithm);
    this.algorithmId = new DefaultSignatureAlgorithmIdentifierFinder().find(jcaAlgorithm);
    this.signatures =
        ThreadLocal.withInitial(
            () -> {
              try {
                return provider == null
                    ? Signature.getInstance(jcaAlgorithm)
                    : Signature.getInstance(jcaAlgorithm, provider);
              } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(
                    "unsupported signature algorithm " + jcaAlgorithm, e);
              }
            });
    signatures.get();
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public AlgorithmIdentifier signatureAlgorithm() {
    return algorithmId;
  }

  @Override
  public String jcaAlgorithm() {
    return jcaAlgorithm;
  }

  @Override
  public byte[] sign(byte[] data) throws GeneralSecurityException {
    Signature s = signatures.get();
    s.initSign(privateKey);
    s.update(data);
    return s.sign();
  }
}
