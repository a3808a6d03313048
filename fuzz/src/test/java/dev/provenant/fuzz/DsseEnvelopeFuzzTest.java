package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * DSSE envelope (an {@code .intoto.jsonl} line): {@code DsseEnvelopes.parse} returns or throws
 * {@code VerificationException}.
 */
class DsseEnvelopeFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(DsseEnvelopeFuzzTest.class, "dsseEnvelopeParse", "dsseEnvelope");
  }

  @FuzzTest(maxDuration = "90s")
  void dsseEnvelopeParse(byte[] data) {
    Targets.dsseEnvelope(data);
  }
}
