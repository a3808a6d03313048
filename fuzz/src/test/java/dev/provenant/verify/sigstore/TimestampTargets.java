package dev.provenant.verify.sigstore;

import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.VerificationException;

/**
 * RFC 3161 timestamp target. Lives in the verifier's package because the timestamp parser and
 * checker are package-private: fuzz it exactly as {@link SigstoreVerifier} calls it.
 */
public final class TimestampTargets {
  private static Timestamps checker;
  private static TrustedRoot checkerRoot;

  private TimestampTargets() {}

  /** Parses a timestamp response or token and checks it against the TSAs of {@code root}. */
  public static void timestamp(TrustedRoot root, byte[] data) {
    try {
      Timestamps.parseToken(data);
    } catch (VerificationException expected) {
      return;
    }
    try {
      checker(root).verify(data, new byte[] {1, 2, 3});
    } catch (VerificationException expected) {
      // documented
    }
  }

  private static synchronized Timestamps checker(TrustedRoot root) {
    if (checker == null || checkerRoot != root) {
      checker = new Timestamps(root);
      checkerRoot = root;
    }
    return checker;
  }
}
