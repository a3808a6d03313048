package dev.provenant.verify.sigstore;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Corpus folders for the Sigstore tests; fails loudly in CI when one is missing. */
final class Corpus {
  private Corpus() {}

  /** The public-good trusted root the corpus was produced under. */
  static dev.provenant.core.trustroot.TrustedRoot publicGoodRoot() throws Exception {
    return dev.provenant.core.trustroot.TrustedRoot.parse(
        java.nio.file.Files.readAllBytes(dir("trust").resolve("public-good-trusted_root.json")));
  }

  static Path dir(String sub) {
    // The root as core's tests find it (PROVENANT_CORPUS override, CI=true fails when missing).
    Path p = dev.provenant.core.testing.Corpus.root().resolve(sub);
    if (!Files.isDirectory(p)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("corpus folder missing in CI: " + p);
      }
      Assumptions.abort("corpus folder missing: " + p);
    }
    return p;
  }
}
