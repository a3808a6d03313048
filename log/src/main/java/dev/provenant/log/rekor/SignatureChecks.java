package dev.provenant.log.rekor;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Signature verification of submitted entries. ECDSA goes through {@link
 * dev.provenant.log.EcdsaProvider} (native ACCP when it loads, else a BouncyCastle instance; never
 * registered globally, so SHA-256 keeps the JDK intrinsic): verification is the log's main cost per
 * entry.
 */
final class SignatureChecks {
  private static final Provider EC = dev.provenant.log.EcdsaProvider.get();

  // DER DigestInfo prefixes (RFC 8017 §9.2 note 1) for PKCS#1 v1.5 over a precomputed digest.
  private static final byte[] SHA256_PREFIX = hex("3031300d060960864801650304020105000420");
  private static final byte[] SHA384_PREFIX = hex("3041300d060960864801650304020205000430");
  private static final byte[] SHA512_PREFIX = hex("3051300d060960864801650304020305000440");

  // Looking up a Signature per entry costs a provider service search and a native context; one
  // per thread is re-initialized with each entry's key instead.
  private static final ThreadLocal<Signature> RAW_ECDSA =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Signature.getInstance("NONEwithECDSA", EC);
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("ECDSA provider lost NONEwithECDSA", e);
            }
          });

  private SignatureChecks() {}

  static PublicKey forBc(PublicKey key) {
    return dev.provenant.log.EcdsaProvider.prepare(key);
  }

  /**
   * Verifies a signature over a precomputed digest (hashedrekord): ECDSA or RSA PKCS#1 v1.5.
   *
   * @throws EntryException {@code INVALID_KEY} for unsupported key types, {@code SIGNATURE_INVALID}
   *     if it does not verify
   */
  static void verifyDigest(PublicKey key, String hashAlg, byte[] digest, byte[] sig)
      throws EntryException {
    try {
      boolean ok;
      if (key instanceof ECPublicKey) {
        Signature s = RAW_ECDSA.get();
        s.initVerify(forBc(key));
        s.update(digest);
        ok = s.verify(sig);
      } else if (key instanceof RSAPublicKey) {
        byte[] prefix =
            switch (hashAlg) {
              case "sha384" -> SHA384_PREFIX;
              case "sha512" -> SHA512_PREFIX;
              default -> SHA256_PREFIX;
            };
        byte[] info = new byte[prefix.length + digest.length];
        System.arraycopy(prefix, 0, info, 0, prefix.length);
        System.arraycopy(digest, 0, info, prefix.length, digest.length);
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initVerify(key);
        s.update(info);
        ok = s.verify(sig);
      } else {
        throw new EntryException(
            EntryException.Reason.INVALID_KEY,
            "unsupported key type for hashedrekord: " + key.getAlgorithm());
      }
      if (!ok) {
        throw new EntryException(
            EntryException.Reason.SIGNATURE_INVALID,
            "verifying signature: signature does not verify over the digest");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      RAW_ECDSA.remove(); // a fresh one next time, whatever state this one was left in
      throw new EntryException(
          EntryException.Reason.SIGNATURE_INVALID, "verifying signature: " + e.getMessage(), e);
    }
  }

  /** Verifies a signature over a message with SHA-256 (DSSE PAE): ECDSA, RSA PKCS#1, Ed25519. */
  static boolean verifyMessage(PublicKey key, byte[] message, byte[] sig) {
    try {
      Signature s;
      PublicKey k = key;
      if (key instanceof ECPublicKey ec) {
        k = forBc(key);
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        // Go's signature.LoadVerifier(key, SHA256) hashes with SHA-256 for every curve.
        s = Signature.getInstance("SHA256withECDSA", EC);
        if (bits <= 0) {
          return false;
        }
      } else if (key instanceof RSAPublicKey) {
        s = Signature.getInstance("SHA256withRSA");
      } else if ("EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())) {
        s = Signature.getInstance("Ed25519");
      } else {
        return false;
      }
      s.initVerify(k);
      s.update(message);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] hex(String s) {
    return dev.provenant.core.encoding.Hex.decode(s);
  }
}
