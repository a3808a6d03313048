package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * RFC 6962 SCT list inside a certificate: {@code EmbeddedScts.parse} returns or throws {@code
 * CertificateParsingException}.
 */
class SctListFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(SctListFuzzTest.class, "sctListParse", "sctList");
  }

  @FuzzTest(maxDuration = "90s")
  void sctListParse(byte[] data) {
    Targets.sctList(data);
  }
}
