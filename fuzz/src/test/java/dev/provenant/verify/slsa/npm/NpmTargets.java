package dev.provenant.verify.slsa.npm;

import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.SigstoreEvidences;
import dev.provenant.verify.slsa.SlsaPolicy;

/**
 * npm registry attestations ({@code {"attestations":[{predicateType, bundle}, ...]}}), as
 * verify-npm-package reads them.
 */
public final class NpmTargets {
  private static NpmVerifier verifier;
  private static TrustedRoot verifierRoot;

  private NpmTargets() {}

  /** The whole npm check over fuzzed attestations: a result or {@link VerificationException}. */
  public static void attestations(TrustedRoot root, byte[] json) {
    try {
      verifier(root)
          .verify(
              json,
              "00".repeat(64),
              SlsaPolicy.ofSource("github.com/example/example")
                  .withBuilderId("https://github.com/actions/runner/github-hosted"),
              "example",
              "1.0.0",
              new Checks());
    } catch (VerificationException expected) {
      // documented
    }
  }

  private static synchronized NpmVerifier verifier(TrustedRoot root) {
    if (verifier == null || verifierRoot != root) {
      verifier = NpmVerifier.create(SigstoreEvidences.create(root), NpmKeys.embedded());
      verifierRoot = root;
    }
    return verifier;
  }
}
