package dev.provenant.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Before a real fuzzing run (JAZZER_FUZZ set), copies the target's real-world seeds from the
 * repository's corpus ({@code testdata/corpus}) into Jazzer's generated-corpus folder ({@code
 * fuzz/.cifuzz-corpus/<class>/<method>/}, not committed), so libFuzzer starts from real inputs
 * instead of the empty one. A no-op in regression runs, which read the seeds in {@link
 * CorpusSeedsRegressionTest} instead.
 */
final class FuzzSeeding {
  private FuzzSeeding() {}

  static void install(Class<?> test, String method, String target) {
    String fuzz = System.getenv("JAZZER_FUZZ");
    if (fuzz == null || fuzz.isEmpty()) {
      return;
    }
    List<byte[]> seeds = Seeds.forTarget(target);
    Path dir = Path.of(".cifuzz-corpus", test.getName(), method);
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < seeds.size(); i++) {
        Files.write(dir.resolve("corpus-seed-" + i), seeds.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
