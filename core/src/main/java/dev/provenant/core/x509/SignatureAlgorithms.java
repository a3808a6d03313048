package dev.provenant.core.x509;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.jspecify.annotations.Nullable;

/** The one rule for which signature algorithm a key signs with when nothing else names it. */
public final class SignatureAlgorithms {
  private SignatureAlgorithms() {}

  /**
   * The JCA signature algorithm Sigstore clients (and slsa-verifier, and Fulcio's proof of
   * possession) use by default for this key's type: ECDSA with the hash matching the curve (P-256
   * SHA-256, P-384 SHA-384, P-521 SHA-512), RSA PKCS#1 v1.5 with SHA-256, pure Ed25519.
   *
   * @return the JCA name, or null for any other key type
   */
  public static @Nullable String defaultFor(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
    }
    if (key instanceof RSAPublicKey) {
      return "SHA256withRSA";
    }
    if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
      return "Ed25519";
    }
    return null;
  }
}
