package dev.provenant.verify.sigstore;

import dev.provenant.core.trustroot.CertificateAuthority;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The trust root's keys, taken out of their logs and certificates once and converted to the
 * signature provider's own key objects ({@link Crypto#prepare}): they sign something in every
 * bundle (SET, checkpoint, SCT, the leaf certificate), and the trust root never changes under a
 * verifier. Read-only after construction, so threads share it without locks. Nothing that comes
 * from a bundle is kept here.
 */
final class TrustKeys {
  private final Map<Object, PublicKey> keys = new IdentityHashMap<>();
  private final Map<X509Certificate, byte[]> spki = new IdentityHashMap<>();

  TrustKeys(TrustedRoot root) {
    for (TransparencyLog log : root.tlogs()) {
      log.publicKey().ifPresent(k -> keys.put(log, Crypto.prepare(k)));
    }
    for (TransparencyLog log : root.ctlogs()) {
      log.publicKey().ifPresent(k -> keys.put(log, Crypto.prepare(k)));
    }
    for (CertificateAuthority ca : root.certificateAuthorities()) {
      for (X509Certificate c : ca.certChain()) {
        PublicKey k = c.getPublicKey();
        keys.put(c, Crypto.prepare(k));
        spki.put(c, k.getEncoded());
      }
    }
  }

  /** The prepared key of a trust root log, or its own key when it is not from this root. */
  PublicKey of(TransparencyLog log) {
    PublicKey k = keys.get(log);
    return k != null ? k : log.publicKey().orElse(null);
  }

  /**
   * The prepared key of a trust root CA certificate, or its own key when it is not from this root.
   */
  PublicKey of(X509Certificate caCert) {
    PublicKey k = keys.get(caCert);
    return k != null ? k : caCert.getPublicKey();
  }

  /** The DER SubjectPublicKeyInfo of a certificate (kept for trust root CA certificates). */
  byte[] spki(X509Certificate cert) {
    byte[] s = spki.get(cert);
    return s != null ? s.clone() : cert.getPublicKey().getEncoded();
  }
}
