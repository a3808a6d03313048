package dev.provenant.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The one way a test may skip: aborted (reported as skipped) on a developer's machine, a failure
 * under {@code CI=true}, where every precondition (PostgreSQL, the referee clients, root for {@code
 * unshare -n}) is set up by {@code scripts/test} and a skip would hide an untested claim.
 */
public final class Skip {
  private Skip() {}

  /** Whether this run is CI ({@code CI=true}), where skips are failures. */
  public static boolean inCi() {
    return "true".equals(System.getenv("CI"));
  }

  /**
   * Continues when {@code condition} holds; otherwise skips the test, or fails it under CI.
   *
   * @param condition what the test needs, evaluated
   * @param missing what is missing and how to provide it, for the skip or failure message
   */
  public static void unless(boolean condition, String missing) {
    if (!condition) {
      now(missing);
    }
  }

  /**
   * Skips the test now, or fails it under CI.
   *
   * @param missing what is missing and how to provide it
   */
  public static void now(String missing) {
    if (inCi()) {
      fail("CI=true forbids skipping: " + missing);
    }
    Assumptions.abort(missing);
  }
}
