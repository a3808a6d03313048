package dev.provenant.verify.slsa;

import dev.provenant.core.dsse.Pae;
import dev.provenant.core.x509.Certificates;
import dev.provenant.core.x509.SignatureAlgorithms;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

/** Public-key helpers for key-signed attestations (GCB KMS keys, npm registry keys, VSA keys). */
public final class PublicKeys {
  private PublicKeys() {}

  /**
   * Reads a DER SubjectPublicKeyInfo (EC, RSA or Ed25519).
   *
   * @throws GeneralSecurityException if it is none of those
   */
  public static PublicKey fromSpki(byte[] der) throws GeneralSecurityException {
    return Certificates.publicKeyFromSpki(der);
  }

  /** Reads a base64 DER SubjectPublicKeyInfo. */
  public static PublicKey fromBase64Spki(String b64) throws GeneralSecurityException {
    try {
      return fromSpki(Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not base64", e);
    }
  }

  /** Whether {@code sig} (DER for ECDSA) verifies over {@code data} with {@code key}. */
  public static boolean verify(PublicKey key, String algorithm, byte[] data, byte[] sig) {
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A malformed signature (bad DER, wrong length) is just an invalid one.
      return false;
    }
  }

  /**
   * Like {@link #verify}, but an ECDSA signature that is not DER is read as IEEE P1363 ({@code r ||
   * s}), as sigstore's Go verifiers accept both.
   */
  public static boolean verifyAnyEcdsaEncoding(
      PublicKey key, String algorithm, byte[] data, byte[] sig) {
    if (verify(key, algorithm, data, sig)) {
      return true;
    }
    if (key instanceof ECPublicKey
        && algorithm.endsWith("withECDSA")
        && !isDerSequence(sig)
        && sig.length > 0
        && sig.length <= 132
        && sig.length % 2 == 0) {
      return verify(key, algorithm + "inP1363Format", data, sig);
    }
    return false;
  }

  private static boolean isDerSequence(byte[] sig) {
    try {
      return org.bouncycastle.asn1.ASN1Primitive.fromByteArray(sig)
          instanceof org.bouncycastle.asn1.ASN1Sequence;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether {@code sig} verifies over the DSSE PAE of the payload. */
  public static boolean verifyPae(PublicKey key, String payloadType, byte[] payload, byte[] sig) {
    return verify(key, SignatureAlgorithms.defaultFor(key), Pae.encode(payloadType, payload), sig);
  }
}
