package dev.provenant.cli;

import dev.provenant.verify.Outcome;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;

/** Verdict lines and exit codes shared by the verify commands. */
final class Verdicts {
  private Verdicts() {}

  /** The exit code for a failure class (README, "Exit codes"). */
  static int exitCode(Outcome o) {
    switch (o) {
      case POLICY_MISMATCH:
        return ExitCode.POLICY_MISMATCH.code();
      case BAD_INPUT:
        return ExitCode.USAGE.code();
      case INVALID:
        return ExitCode.INVALID.code();
      case NOT_FOUND:
        return ExitCode.NOT_FOUND.code();
      case TRUST_ROOT:
        return ExitCode.TRUST_ROOT.code();
      case UNREACHABLE:
        return ExitCode.UNREACHABLE.code();
      default:
        return ExitCode.USAGE.code();
    }
  }

  /** Prints {@code FAILED: <check>: <REASON>: ...} on stderr and returns the exit code. */
  static int fail(VerificationException e) {
    System.err.println("FAILED: " + e.verdictLine());
    return exitCode(e.reason().outcome());
  }

  /** A usage failure. */
  static int usage(String detail) {
    return fail(new VerificationException("usage", Reason.USAGE, detail));
  }
}
