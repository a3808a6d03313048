package dev.provenant.log.testing;

import java.nio.file.Path;

/**
 * Locates the shared real-world corpus ({@code <repo>/../shared/corpus}) for the log's tests: the
 * same rules as {@link dev.provenant.core.testing.Corpus} (in CI a missing corpus is a failure,
 * locally the test is skipped with a message), which this delegates to.
 */
public final class Corpus {
  private Corpus() {}

  /** The corpus root, or a failed/skipped test if it is missing. */
  public static Path root() {
    return dev.provenant.core.testing.Corpus.root();
  }

  /** A file or folder inside the corpus, which must exist. */
  public static Path path(String relative) {
    return dev.provenant.core.testing.Corpus.path(relative);
  }
}
