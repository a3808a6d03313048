package dev.provenant.verify.slsa;

import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.verify.VerificationException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Finds the transparency-log entries of classic DSSE provenance, which carries no log evidence
 * itself (slsa-github-generator up to v2.0.0). Implementations go online; the contract is that an
 * unreachable log fails with {@code LOG_UNREACHABLE} and no match with {@code
 * TLOG_ENTRY_NOT_FOUND}, never silently.
 */
public interface TlogLookup {
  /**
   * The entries that log this envelope signed by this certificate (Rekor's search by proposed
   * intoto v0.0.1 and dsse v0.0.1 entries).
   *
   * @param envelopeJson the envelope exactly as published
   */
  List<TlogEntry> findByEnvelope(byte[] envelopeJson, DsseEnvelope envelope, X509Certificate leaf)
      throws VerificationException;

  /** The entries whose index lists this artifact digest (envelopes without a certificate). */
  List<TlogEntry> findByArtifactDigest(String sha256Hex) throws VerificationException;

  /** Where entries are looked up, for messages. */
  String describe();
}
