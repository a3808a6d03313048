package dev.provenant.verify.sigstore;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.fulcio.FulcioIdentity;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The facts a successful verification established.
 *
 * @param bundle the bundle that verified
 * @param certificate the signing certificate (absent for key-signed bundles)
 * @param identity the certificate's identity and Fulcio extensions (absent for key-signed bundles)
 * @param envelope the DSSE envelope whose signature verified (absent for message signatures)
 * @param artifactSha256 hex SHA-256 of the artifact that matched, or empty when none was given
 * @param timestamps the verified observer times the certificate was checked at
 * @param tlogEntries the log entries whose inclusion verified
 * @param checks every check that ran, in order
 */
public record VerifiedBundle(
    Bundle bundle,
    Optional<X509Certificate> certificate,
    Optional<FulcioIdentity> identity,
    Optional<DsseEnvelope> envelope,
    String artifactSha256,
    List<VerifiedTimestamp> timestamps,
    List<VerifiedTlogEntry> tlogEntries,
    List<Check> checks) {
  /** Copies the lists. */
  public VerifiedBundle {
    timestamps = List.copyOf(timestamps);
    tlogEntries = List.copyOf(tlogEntries);
    checks = List.copyOf(checks);
  }
}
