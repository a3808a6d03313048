package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * Sigstore bundle v0.1-v0.3 JSON: {@code Bundle.parse} returns or throws {@code
 * BundleFormatException}.
 */
class BundleFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(BundleFuzzTest.class, "bundleParse", "bundle");
  }

  @FuzzTest(maxDuration = "90s")
  void bundleParse(byte[] data) {
    Targets.bundle(data);
  }
}
