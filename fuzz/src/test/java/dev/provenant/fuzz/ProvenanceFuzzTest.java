package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * SLSA provenance v0.2/v1 and the verifier view of it: returns or throws {@code
 * JsonFormatException}/{@code VerificationException}.
 */
class ProvenanceFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(ProvenanceFuzzTest.class, "provenanceParse", "provenance");
  }

  @FuzzTest(maxDuration = "90s")
  void provenanceParse(byte[] data) {
    Targets.provenance(data);
  }
}
