package dev.provenant.ca;

import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PemFormatException;
import dev.provenant.core.x509.Certificates;
import dev.provenant.core.x509.SignatureAlgorithms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The subject public key of a signing request: parsed, checked against the key policy, and its
 * possession proven (a signature over the token subject, or the CSR's self-signature).
 */
public final class SubjectKeys {
  private SubjectKeys() {}

  /**
   * The key of a public-key request, after checking the proof of possession over one of {@code
   * challenges}.
   *
   * @throws IssuanceException {@link Refusal#PUBLIC_KEY_INVALID}, {@link Refusal#PUBLIC_KEY_WEAK}
   *     or {@link Refusal#PROOF_OF_POSSESSION_INVALID}
   */
  public static PublicKey fromPublicKeyRequest(String content, byte[] pop, List<String> challenges)
      throws IssuanceException {
    PublicKey key = parsePublicKey(content);
    checkPolicy(key);
    String alg = SignatureAlgorithms.defaultFor(key);
    for (String c : challenges) {
      if (verifies(key, alg, c.getBytes(StandardCharsets.UTF_8), pop)) {
        return key;
      }
    }
    throw new IssuanceException(
        Refusal.PROOF_OF_POSSESSION_INVALID,
        "proof of possession does not verify: expected a "
            + alg
            + " signature over "
            + challenges.get(0)
            + ", got "
            + pop.length
            + " bytes that do not verify");
  }

  /**
   * The key of a CSR (PEM or DER), after checking its self-signature and that it asks for no
   * extensions.
   *
   * @throws IssuanceException {@link Refusal#CSR_INVALID}, {@link Refusal#PUBLIC_KEY_INVALID},
   *     {@link Refusal#PUBLIC_KEY_WEAK} or {@link Refusal#CSR_EXTENSIONS_NOT_ALLOWED}
   */
  public static PublicKey fromCsr(byte[] csrBytes) throws IssuanceException {
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(csrDer(csrBytes));
    } catch (IOException | RuntimeException e) {
      throw new IssuanceException(
          Refusal.CSR_INVALID, "not a PKCS#10 request: " + e.getMessage(), e);
    }
    PublicKey key;
    try {
      key = Certificates.publicKeyFromSpki(csr.getSubjectPublicKeyInfo().getEncoded());
    } catch (GeneralSecurityException | IOException e) {
      throw new IssuanceException(
          Refusal.PUBLIC_KEY_INVALID, "CSR public key: " + e.getMessage(), e);
    }
    checkPolicy(key);
    try {
      if (!csr.isSignatureValid(
          new JcaContentVerifierProviderBuilder()
              .setProvider(dev.provenant.ca.cert.BcProvider.INSTANCE)
              .build(key))) {
        throw new IssuanceException(
            Refusal.CSR_INVALID, "CSR self-signature does not verify under its public key");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw new IssuanceException(
          Refusal.CSR_INVALID, "CSR signature cannot be checked: " + e.getMessage(), e);
    }
    // The CA alone decides what goes into a certificate; a CSR that asks for extensions (a SAN,
    // a CA flag, Fulcio OIDs) is refused rather than silently trimmed.
    for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (var v : a.getAttrValues()) {
        Extensions ex = Extensions.getInstance(v);
        if (ex.getExtensionOIDs().length > 0) {
          throw new IssuanceException(
              Refusal.CSR_EXTENSIONS_NOT_ALLOWED,
              "CSR requests extensions: expected none, got " + List.of(ex.getExtensionOIDs()));
        }
      }
    }
    return key;
  }

  private static byte[] csrDer(byte[] b) throws IOException {
    String s = new String(b, StandardCharsets.US_ASCII);
    if (Pem.isPem(s)) {
      try {
        for (Pem.Block o : Pem.decodeAll(s)) {
          if (o.label().equals("CERTIFICATE REQUEST")
              || o.label().equals("NEW CERTIFICATE REQUEST")) {
            return o.der();
          }
        }
      } catch (PemFormatException e) {
        throw new IOException(e.getMessage(), e);
      }
      throw new IOException("no CERTIFICATE REQUEST PEM block");
    }
    return b;
  }

  /** Parses a PEM or base64-DER public key. */
  public static PublicKey parsePublicKey(String content) throws IssuanceException {
    if (content == null || content.isBlank()) {
      throw new IssuanceException(Refusal.PUBLIC_KEY_INVALID, "no public key content");
    }
    byte[] der;
    try {
      if (Pem.isPem(content)) {
        Pem.Block o = Pem.decodeAll(content).get(0);
        if (!o.label().equals("PUBLIC KEY")) {
          throw new IOException("expected a PUBLIC KEY PEM block, got " + o.label());
        }
        der = o.der();
      } else {
        der = Base64s.decodeAny(content.strip());
      }
      return Certificates.publicKeyFromSpki(der);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IssuanceException(
          Refusal.PUBLIC_KEY_INVALID, "cannot parse public key: " + e.getMessage(), e);
    }
  }

  /** Fulcio's goodkey policy: ECDSA P-256/384/521, RSA 2048–4096 bits, Ed25519. */
  static void checkPolicy(PublicKey key) throws IssuanceException {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits != 256 && bits != 384 && bits != 521) {
        throw new IssuanceException(
            Refusal.PUBLIC_KEY_WEAK,
            "EC curve: expected P-256, P-384 or P-521, got " + bits + " bits");
      }
    } else if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < 2048 || bits > 4096) {
        throw new IssuanceException(
            Refusal.PUBLIC_KEY_WEAK, "RSA modulus: expected 2048-4096 bits, got " + bits);
      }
    } else if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IssuanceException(
          Refusal.PUBLIC_KEY_WEAK,
          "key type: expected EC, RSA or Ed25519, got " + key.getAlgorithm());
    }
  }

  private static boolean verifies(PublicKey key, String alg, byte[] data, byte[] sig) {
    try {
      Signature s = Signature.getInstance(alg, dev.provenant.ca.cert.BcProvider.INSTANCE);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A malformed signature encoding is a failed proof, not a server error.
      return false;
    }
  }
}
