package dev.provenant.platform.archfixture;

import dev.provenant.core.merkle.InclusionProofs;

/**
 * Breaks PLATFORM_HOLDS_NO_VERIFICATION on purpose (checks a Merkle proof itself); never shipped.
 */
public final class PlatformChecksProofs {
  InclusionProofs proofs;
}
