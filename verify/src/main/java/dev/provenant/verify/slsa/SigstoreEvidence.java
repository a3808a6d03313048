package dev.provenant.verify.slsa;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.verify.VerificationException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The Sigstore checks SLSA verification builds on: the port this package needs from the Sigstore
 * layer (implemented over {@code dev.provenant.verify.sigstore.SigstoreVerifier} by {@link
 * SigstoreEvidences}). Each method fails with a typed reason naming the check.
 */
public interface SigstoreEvidence {
  /**
   * What a verified signature established.
   *
   * @param envelope the DSSE envelope whose signature verified
   * @param leaf the signing certificate, or null for a key-signed bundle
   * @param integratedTime the log's integrated time (seconds), or 0 when the log was not checked
   * @param logIndex the log index, or -1
   */
  record Signed(DsseEnvelope envelope, X509Certificate leaf, long integratedTime, long logIndex) {}

  /**
   * Verifies a Sigstore bundle carrying a DSSE envelope signed by a Fulcio certificate: the
   * transparency-log entry (SET, and inclusion proof and checkpoint when present) and that it logs
   * this envelope, the certificate chain at the integrated time, its SCTs, and the DSSE signature.
   */
  Signed verifyCertificateBundle(Bundle bundle, Checks checks) throws VerificationException;

  /**
   * As {@link #verifyCertificateBundle} for a bundle signed with {@code key} (npm publish
   * attestations).
   */
  Signed verifyKeyBundle(Bundle bundle, PublicKey key, Checks checks) throws VerificationException;

  /** Verifies a certificate's chain to a trusted Fulcio CA valid at {@code at} and its SCTs. */
  void verifyLeafCertificate(X509Certificate leaf, Instant at, Checks checks)
      throws VerificationException;

  /**
   * Verifies a log entry found for an envelope (SET, inclusion proof and checkpoint when present)
   * and that its body logs exactly this envelope and certificate.
   *
   * @return the entry's verified integrated time and index
   */
  Signed verifyTlogEntry(
      TlogEntry entry, DsseEnvelope envelope, X509Certificate leaf, Checks checks)
      throws VerificationException;
}
