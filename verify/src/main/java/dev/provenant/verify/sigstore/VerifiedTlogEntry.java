package dev.provenant.verify.sigstore;

import java.util.Optional;

/**
 * A log entry whose inclusion was verified.
 *
 * @param logIndex global index
 * @param logIdHex the log's id in hex
 * @param logUrl the log's base URL from the trust root
 * @param kind entry kind/version, e.g. {@code hashedrekord/0.0.1}
 * @param integratedTime integrated time in seconds, 0 when the log states none (Rekor v2)
 * @param setVerified whether a signed entry timestamp verified
 * @param proofVerified whether an inclusion proof and its signed checkpoint verified
 */
public record VerifiedTlogEntry(
    long logIndex,
    String logIdHex,
    String logUrl,
    String kind,
    long integratedTime,
    boolean setVerified,
    boolean proofVerified) {
  /** The integrated time when a SET vouches for it. */
  public Optional<java.time.Instant> verifiedIntegratedTime() {
    return setVerified && integratedTime > 0
        ? Optional.of(java.time.Instant.ofEpochSecond(integratedTime))
        : Optional.empty();
  }
}
