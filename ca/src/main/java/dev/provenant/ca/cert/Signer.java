package dev.provenant.ca.cert;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * A signing key the CA uses without holding its bytes: a file key by default ({@link JcaSigner}), a
 * PKCS#11 token or a cloud KMS in production. Implementations must be thread-safe.
 *
 * <p>Security guarantees: the CA calls {@link #sign} only on DER structures it built itself
 * (TBSCertificate, RFC 6962 SCT input, CMS signed attributes), never on caller-supplied bytes.
 */
public interface Signer {
  /** The public key matching the signing key. */
  PublicKey publicKey();

  /** The X.509 signature algorithm this signer produces, e.g. ecdsa-with-SHA384. */
  AlgorithmIdentifier signatureAlgorithm();

  /** The JCA name of that algorithm, e.g. {@code SHA384withECDSA}. */
  String jcaAlgorithm();

  /**
   * Signs {@code data} (the signer hashes it).
   *
   * @throws GeneralSecurityException if the key cannot sign
   */
  byte[] sign(byte[] data) throws GeneralSecurityException;
}
