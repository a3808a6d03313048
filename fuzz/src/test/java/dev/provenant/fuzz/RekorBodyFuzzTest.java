package dev.provenant.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * Rekor entry bodies (hashedrekord 0.0.1/0.0.2, dsse 0.0.1/0.0.2, intoto 0.0.1/0.0.2): {@code
 * EntryBodies.parse} returns or throws {@code RekorFormatException}.
 */
class RekorBodyFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(RekorBodyFuzzTest.class, "rekorBodyParse", "rekorBody");
  }

  @FuzzTest(maxDuration = "90s")
  void rekorBodyParse(byte[] data) {
    Targets.rekorBody(data);
  }

  /** Each kind and version in turn, with the spec object from the fuzzer. */
  @FuzzTest(maxDuration = "90s")
  void rekorBodyOfEachKind(FuzzedDataProvider data) {
    Targets.rekorBodyOfKind(data);
  }
}
