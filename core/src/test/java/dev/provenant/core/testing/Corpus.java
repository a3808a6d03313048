package dev.provenant.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared real-world corpus ({@code <repo>/../shared/corpus}). In CI a missing corpus is
 * a failure, locally the test is skipped with a message.
 */
public final class Corpus {
  private Corpus() {}

  /** The corpus root, or a failed/skipped test if it is missing. */
  public static Path root() {
    // PROVENANT_CORPUS overrides for git worktrees that do not sit beside shared/.
    String override = System.getenv("PROVENANT_CORPUS");
    String root = System.getProperty("provenant.root", ".");
    Path corpus =
        override != null && !override.isEmpty()
            ? Path.of(override)
            : Path.of(root).toAbsolutePath().resolve("../shared/corpus").normalize();
    if (!Files.isDirectory(corpus)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but the shared corpus is missing at " + corpus);
      }
      assumeTrue(false, "shared corpus not found at " + corpus + "; skipping corpus test");
    }
    return corpus;
  }

  /** A folder inside the corpus, which must exist. */
  public static Path dir(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isDirectory(p)) {
      fail("corpus folder missing: " + p);
    }
    return p;
  }

  /** A file or folder inside the corpus, which must exist. */
  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      fail("corpus file missing: " + p);
    }
    return p;
  }
}
