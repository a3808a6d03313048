package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.provenant.verify.slsa.oci.OciTargets;
import org.junit.jupiter.api.BeforeAll;

/**
 * OCI image layout: {@code index.json}, the cosign {@code .att} manifest (layers, annotations) and
 * cosign's Rekor bundle annotation: {@code OciLayouts} returns or throws {@code
 * VerificationException}.
 */
class OciLayoutFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(OciLayoutFuzzTest.class, "ociIndex", "ociJson");
    FuzzSeeding.install(OciLayoutFuzzTest.class, "ociManifest", "ociManifest");
  }

  @FuzzTest(maxDuration = "90s")
  void ociIndex(byte[] data) {
    OciTargets.index(data);
  }

  @FuzzTest(maxDuration = "90s")
  void ociManifest(byte[] data) {
    OciTargets.manifest(data);
  }

  @FuzzTest(maxDuration = "90s")
  void cosignRekorBundle(byte[] data) {
    OciTargets.cosignRekorBundle(data);
  }
}
