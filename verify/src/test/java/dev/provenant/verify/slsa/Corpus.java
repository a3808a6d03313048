package dev.provenant.verify.slsa;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/corpus; fails loudly under CI=true when it is missing, else skips. */
final class Corpus {
  private Corpus() {}

  static Path root() {
    String root = System.getProperty("provenant.root", ".");
    Path p = Path.of(root).resolve("../shared/corpus").normalize();
    if (!Files.isDirectory(p)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true but the shared corpus is missing at " + p);
      }
      assumeTrue(false, "shared corpus not present at " + p);
    }
    return p;
  }

  static Path slsa(String rel) {
    return root().resolve("slsa-verifier/testdata").resolve(rel);
  }
}
