package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code trusted_root.json}: {@code TrustedRoot.parse} returns or throws {@code
 * TrustRootFormatException}.
 */
class TrustedRootFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(TrustedRootFuzzTest.class, "trustedRootParse", "trustedRoot");
  }

  @FuzzTest(maxDuration = "90s")
  void trustedRootParse(byte[] data) {
    Targets.trustedRoot(data);
  }
}
