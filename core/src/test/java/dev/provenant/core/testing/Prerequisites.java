package dev.provenant.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Skips a test whose host prerequisite (a tool, root, a service) is missing, except under {@code
 * CI=true}, where a missing prerequisite fails the test so that CI cannot pass by skipping.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /**
   * Passes if {@code available}; otherwise fails under CI=true and skips elsewhere.
   *
   * @param available whether the prerequisite is present
   * @param what what is missing and how to get it, shown in the skip or failure message
   */
  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true but a test prerequisite is missing: " + what);
    }
    assumeTrue(false, "prerequisite missing, skipping: " + what);
  }
}
