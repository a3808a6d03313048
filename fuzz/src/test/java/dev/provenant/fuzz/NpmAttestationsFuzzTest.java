package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * npm registry attestations (provenance + publish bundles) through the npm verifier: returns or
 * throws {@code VerificationException}.
 */
class NpmAttestationsFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(NpmAttestationsFuzzTest.class, "npmAttestationsParse", "npmAttestations");
  }

  @FuzzTest(maxDuration = "90s")
  void npmAttestationsParse(byte[] data) {
    Targets.npmAttestations(data);
  }
}
