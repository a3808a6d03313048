package dev.provenant.core.rekor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/corpus relative to the repository root; fails loudly in CI when missing. */
final class Corpus {
  private Corpus() {}

  static Path dir(String sub) {
    // PROVENANT_CORPUS overrides for git worktrees that do not sit beside shared/.
    String override = System.getenv("PROVENANT_CORPUS");
    String root = System.getProperty("provenant.root", ".");
    Path base =
        override != null && !override.isEmpty()
            ? Paths.get(override)
            : Paths.get(root).toAbsolutePath().normalize().resolve("../shared/corpus").normalize();
    Path p = base.resolve(sub);
    if (!Files.isDirectory(p)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("corpus folder missing in CI: " + p);
      }
      Assumptions.abort("corpus folder missing: " + p);
    }
    return p;
  }
}
