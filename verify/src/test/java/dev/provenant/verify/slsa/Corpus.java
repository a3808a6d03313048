package dev.provenant.verify.slsa;

import java.nio.file.Path;

/** Locates ../shared/corpus ({@link dev.provenant.core.testing.Corpus}: fails under CI=true when missing, else skips). */
final class Corpus {
  private Corpus() {}

  static Path root() {
    return dev.provenant.core.testing.Corpus.root();
  }

  static Path slsa(String rel) {
    return root().resolve("slsa-verifier/testdata").resolve(rel);
  }
}
