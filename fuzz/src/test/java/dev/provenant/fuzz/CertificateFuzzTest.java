package dev.provenant.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * X.509 certificates and the Fulcio extension reader (1.3.6.1.4.1.57264.1.1-.24 and the SAN): a
 * value or {@code CertificateException}/{@code CertificateParsingException}.
 */
class CertificateFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(CertificateFuzzTest.class, "certificateParse", "certificate");
  }

  @FuzzTest(maxDuration = "90s")
  void certificateParse(byte[] data) {
    Targets.certificate(data);
  }

  /** One Fulcio extension (or the SAN) with fuzzed contents inside a well-formed certificate. */
  @FuzzTest(maxDuration = "90s")
  void fulcioExtensions(FuzzedDataProvider data) {
    Targets.fulcioExtension(data);
  }
}
