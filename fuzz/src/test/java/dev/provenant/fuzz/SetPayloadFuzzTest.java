package dev.provenant.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The SET payload (RFC 8785 JSON the Rekor v1 inclusion promise signs): the hand-written form
 * equals the canonicalizer's output for the same object and is a JCS fixed point.
 */
class SetPayloadFuzzTest {
  @FuzzTest(maxDuration = "90s")
  void setPayloadIsCanonical(FuzzedDataProvider data) {
    Targets.setPayload(data);
  }
}
