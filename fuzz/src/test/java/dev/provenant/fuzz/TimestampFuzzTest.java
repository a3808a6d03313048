package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * RFC 3161 timestamp response/token, parsed and checked against the public-good TSA: returns or
 * throws {@code VerificationException}.
 */
class TimestampFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(TimestampFuzzTest.class, "timestampParse", "timestamp");
  }

  @FuzzTest(maxDuration = "90s")
  void timestampParse(byte[] data) {
    Targets.timestamp(data);
  }
}
