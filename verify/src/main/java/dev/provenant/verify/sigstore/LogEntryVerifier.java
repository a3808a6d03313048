package dev.provenant.verify.sigstore;

import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.List;
import java.util.Locale;

/**
 * Offline verification of one transparency log entry fetched by itself (not from a bundle), as a
 * monitor or {@code provenant log get} does: the log key by log id from a trusted root, then the
 * same evidence checks a bundle's entries get (signed entry timestamp, inclusion proof, signed
 * checkpoint committing to the proof's root).
 */
public final class LogEntryVerifier {
  private LogEntryVerifier() {}

  /**
   * Verifies {@code entry}, which the log served under {@code uuid}.
   *
   * <p>SPEC: Rekor v1 entry UUIDs end with the RFC 6962 leaf hash of the canonicalized body, so the
   * body the log served must hash to the UUID that was asked for.
   *
   * @param checks receives each passed check
   * @return what was verified
   * @throws VerificationException TLOG_BODY_MISMATCH when the body does not match the UUID,
   *     TLOG_KEY_UNKNOWN when the root has no log with the entry's log id, or the TLOG_* reason of
   *     the failing evidence check
   */
  public static VerifiedTlogEntry verify(
      TrustedRoot root, String uuid, TlogEntry entry, List<Check> checks)
      throws VerificationException {
    String leaf = Hex.encode(Rfc6962.leafHash(entry.canonicalizedBody()));
    if (!uuid.toLowerCase(Locale.ROOT).endsWith(leaf)) {
      throw new VerificationException(
          "tlog.uuid",
          Reason.TLOG_BODY_MISMATCH,
          "the served body's leaf hash is not the UUID asked for",
          leaf,
          uuid);
    }
    TransparencyLog log =
        root.tlog(entry.logId())
            .orElseThrow(
                () ->
                    new VerificationException(
                        "tlog.key",
                        Reason.TLOG_KEY_UNKNOWN,
                        "no trusted log has the entry's log id " + entry.logIdHex()));
    return new Tlogs(root, new TrustKeys(root)).verifyEvidence(entry, log, checks);
  }
}
