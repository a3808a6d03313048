package dev.provenant.platform.oidc;

import java.util.Optional;

/**
 * The platform's build records as the workload issuer sees them. Implemented by the platform's
 * build queue; a build that is unknown, or not (yet, or any more) eligible for provenance, is
 * absent.
 */
@FunctionalInterface
public interface BuildRecords {
  /** The facts of attempt {@code attempt} of build {@code buildId}, if it may get a token now. */
  Optional<BuildFacts> find(String buildId, int attempt);
}
