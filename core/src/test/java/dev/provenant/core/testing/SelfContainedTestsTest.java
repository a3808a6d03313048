package dev.provenant.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the test suite self-contained mechanically: no test skips except through {@link Skip}
 * (which fails under CI=true), and no source, script or build file reads the {@code ../shared}
 * folder a development checkout may have beside it.
 */
class SelfContainedTestsTest {
  /** JUnit's ways to skip or switch off a test without failing it. */
  private static final List<String> SKIPS =
      List.of(
          "org.junit.jupiter.api.Assumptions",
          "assumeTrue(",
          "assumeFalse(",
          "assumingThat(",
          "@Disabled",
          "@EnabledIf",
          "@DisabledIf",
          "@EnabledOn",
          "@DisabledOn",
          "TestAbortedException");

  private static final Set<String> SKIP_HOMES = Set.of("Skip.java", "SelfContainedTestsTest.java");
  private static final String OUTSIDE = "../" + "shared";

  private static List<Path> files(Path root, String suffix) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String module : List.of("core", "verify", "log", "ca", "ca-grpc", "cli", "fuzz")) {
      Path src = root.resolve(module).resolve("src");
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(src)) {
        s.filter(p -> p.toString().endsWith(suffix)).forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void testSources_skipOnlyThroughSkip() throws IOException {
    Path root = Corpus.repositoryRoot();
    List<Path> sources = files(root, ".java");
    assertThat(sources).as("Java sources under " + root).hasSizeGreaterThan(100);
    List<String> offenders = new ArrayList<>();
    for (Path p : sources) {
      if (SKIP_HOMES.contains(p.getFileName().toString())) {
        continue;
      }
      String text = Files.readString(p, StandardCharsets.UTF_8);
      for (String s : SKIPS) {
        if (text.contains(s)) {
          offenders.add(root.relativize(p) + ": " + s);
        }
      }
    }
    assertThat(offenders)
        .as("skips that would pass silently under CI=true (use Skip.unless)")
        .isEmpty();
  }

  @Test
  void sourcesScriptsAndPoms_readNothingBesideTheRepository() throws IOException {
    Path root = Corpus.repositoryRoot();
    List<Path> checked = new ArrayList<>(files(root, ".java"));
    checked.add(root.resolve("pom.xml"));
    for (String dir : List.of("scripts", "bench")) {
      try (Stream<Path> s = Files.walk(root.resolve(dir))) {
        s.filter(Files::isRegularFile).forEach(checked::add);
      }
    }
    List<String> offenders = new ArrayList<>();
    for (Path p : checked) {
      if (p.getFileName().toString().equals("SelfContainedTestsTest.java")) {
        continue;
      }
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      if (text.contains(OUTSIDE)) {
        offenders.add(root.relativize(p).toString());
      }
    }
    assertThat(offenders).as("files naming " + OUTSIDE).isEmpty();
  }
}
