package dev.provenant.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.provenant.core.trustroot.TrustRootFormatException;
import dev.provenant.core.trustroot.TrustedRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one locator of the real-world test corpus the repository carries in {@code testdata/corpus}
 * (sources, versions and licences in {@code testdata/README.md}). Every module's tests find corpus
 * files through this class. A missing corpus is always a failure: it is part of the clone.
 */
public final class Corpus {
  private Corpus() {}

  /** The corpus folder below the repository root. */
  public static final String IN_REPO = "testdata/corpus";

  /**
   * The published test vectors (RFC 6962/9162 Merkle, C2SP signed-note, CT) below the repository
   * root.
   */
  public static final String VECTORS = "testdata/vectors";

  /**
   * The corpus root: {@code PROVENANT_CORPUS} if set (to try another copy), else {@code
   * testdata/corpus} below the repository root (system property {@code provenant.root}, which the
   * parent pom sets; else the nearest folder upwards from the working directory that has it).
   */
  public static Path root() {
    String override = System.getenv("PROVENANT_CORPUS");
    Path corpus;
    if (override != null && !override.isEmpty()) {
      corpus = Path.of(override).toAbsolutePath().normalize();
    } else {
      corpus = repositoryRoot().resolve(IN_REPO);
    }
    if (!Files.isDirectory(corpus)) {
      fail(
          "the test corpus is missing at "
              + corpus
              + " (it is part of the repository: "
              + IN_REPO
              + ")");
    }
    return corpus;
  }

  /**
   * The repository root: {@code provenant.root}, else the nearest folder upwards holding the
   * corpus.
   */
  public static Path repositoryRoot() {
    String root = System.getProperty("provenant.root");
    if (root != null && !root.isEmpty()) {
      return Path.of(root).toAbsolutePath().normalize();
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(IN_REPO))) {
        return p;
      }
    }
    return start;
  }

  /** A file or folder among the published vectors ({@code testdata/vectors}), which must exist. */
  public static Path vectors(String relative) {
    Path p = repositoryRoot().resolve(VECTORS).resolve(relative);
    if (!Files.exists(p)) {
      fail("test vector missing: " + p + " (part of the repository: " + VECTORS + ")");
    }
    return p;
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

  /**
   * The public-good trusted root ({@code trust/public-good-trusted_root.json}) the corpus's
   * real-world bundles were produced under.
   *
   * @throws IOException if the file cannot be read
   * @throws TrustRootFormatException if it does not parse as a trusted root
   */
  public static TrustedRoot publicGoodRoot() throws IOException, TrustRootFormatException {
    return TrustedRoot.parse(Files.readAllBytes(path("trust/public-good-trusted_root.json")));
  }
}
