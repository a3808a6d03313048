package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verification jar ({@code cli/target/provenant-verification.jar}) and the {@code ./provenant}
 * launcher's routing to it, run by failsafe after {@code package} has built both jars: the
 * launcher's list of verification commands is {@link Main#VERIFICATION}; nothing those commands can
 * reach is missing from the jar (a class-level analysis with {@code jdeps}); and each of them,
 * through the launcher, exits as with the full jar on a success, a failure verdict, a usage error
 * and {@code --help}. A command added to {@link Main#VERIFICATION} without cases here fails {@link
 * #cases_coverEveryVerificationCommand_inEveryKind}.
 */
class VerificationJarIT {
  @TempDir static Path tmp;

  static Path root;
  static Path launcher;
  static Path verificationJar;
  static Path fullJar;
  static Path javaArgsLog;
  static Path javaWrapper;

  @BeforeAll
  static void jars() throws IOException {
    root = Corpus.repositoryRoot();
    launcher = root.resolve("provenant");
    verificationJar = root.resolve("cli/target/provenant-verification.jar");
    fullJar = root.resolve("cli/target/provenant.jar");
    for (Path p : List.of(launcher, verificationJar, fullJar)) {
      if (!Files.isRegularFile(p)) {
        fail(p + " is missing: this test runs after `package` (mvn verify)");
      }
    }
    // The launcher rebuilds when sources are newer than the jars, which would replace the jars
    // this JVM has open: the jars must be the ones package just built.
    FileTime built = Files.getLastModifiedTime(verificationJar);
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          Optional<Path> newer =
              files.filter(f -> lastModified(f).compareTo(built) > 0).findFirst();
          if (newer.isPresent()) {
            fail(newer.get() + " changed after package built the jars: build them again first");
          }
        }
      }
    }
    // The launcher runs this wrapper as its java (PROVENANT_JAVA), which logs the class path the
    // launcher chose and then runs this JVM's own java.
    javaArgsLog = tmp.resolve("java-args.log");
    javaWrapper = tmp.resolve("java");
    Files.writeString(
        javaWrapper,
        "#!/bin/sh\n"
            + "[ \"$1\" = -version ] || printf '%s\\n' \"$*\" >> '"
            + javaArgsLog
            + "'\nexec '"
            + javaBinary()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(javaWrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static FileTime lastModified(Path f) {
    try {
      return Files.getLastModifiedTime(f);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  // ------------------------------------------------------------------ the launcher's list

  private static final Pattern LAUNCHER_LIST =
      Pattern.compile("is_verification\\(\\) \\{\\s*case \"\\$\\{1:-}\" in\\s*([a-z|-]+)\\)");

  /** The command names of the launcher's {@code is_verification} case line. */
  static Set<String> launcherList() throws IOException {
    Matcher m = LAUNCHER_LIST.matcher(Files.readString(launcher));
    assertThat(m.find()).as("is_verification's case line in %s", launcher).isTrue();
    return new TreeSet<>(Arrays.asList(m.group(1).split("\\|")));
  }

  @Test
  void launcherList_isMainVerification() throws IOException {
    assertThat(launcherList()).isEqualTo(new TreeSet<>(Main.VERIFICATION));
    assertThat(Main.COMMANDS.keySet()).containsAll(Main.VERIFICATION);
    assertThat(Main.VERIFICATION).containsAll(Main.FAST);
  }

  // ------------------------------------------------------------------ classes reachable

  /** Class-level dependencies of every class in {@code jar}, and the targets not found in it. */
  record Graph(Map<String, Set<String>> edges, Set<String> notFound) {}

  private static final Pattern JDEPS_EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.*)$");

  static Graph jdeps(Path jar) {
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps tool"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        jdeps.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "-verbose:class",
            "-filter:none",
            "--multi-release",
            String.valueOf(Runtime.version().feature()),
            jar.toString());
    assertThat(rc).as("jdeps: %s", err.toString(StandardCharsets.UTF_8)).isZero();
    Map<String, Set<String>> edges = new HashMap<>();
    Set<String> notFound = new HashSet<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      Matcher m = JDEPS_EDGE.matcher(line);
      if (m.matches()) {
        edges.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
        if (m.group(3).strip().equals("not found")) {
          notFound.add(m.group(2));
        }
      }
    }
    assertThat(edges).as("jdeps found no classes in %s", jar).isNotEmpty();
    return new Graph(edges, notFound);
  }

  /** The class names of a jar's entries. */
  static Set<String> classesIn(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.stream()
          .map(e -> e.getName())
          .filter(n -> n.endsWith(".class"))
          .map(n -> n.replaceFirst("^META-INF/versions/\\d+/", ""))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .collect(Collectors.toSet());
    }
  }

  /**
   * The classes reachable from {@code roots} that the graph's jar lacks but the full jar holds,
   * each with one class that refers to it. {@link Main}'s references to the commands the
   * verification jar does not hold are not followed: its static list names them, which loads no
   * more than their own class file, and {@link Main#commands} never registers them there.
   */
  static Map<String, String> missingReachable(Graph g, Set<String> full, List<String> roots) {
    Set<String> notHeld = new HashSet<>();
    Main.COMMANDS.forEach(
        (name, type) -> {
          if (!Main.VERIFICATION.contains(name)) {
            notHeld.add(type.getName());
          }
        });
    Map<String, String> missing = new TreeMap<>();
    Set<String> seen = new HashSet<>(roots);
    List<String> todo = new ArrayList<>(roots);
    while (!todo.isEmpty()) {
      String c = todo.remove(todo.size() - 1);
      for (String d : g.edges().getOrDefault(c, Set.of())) {
        if (c.equals(Main.class.getName()) && notHeld.contains(d)) {
          continue;
        }
        if (g.notFound().contains(d)) {
          if (full.contains(d)) {
            missing.putIfAbsent(d, c);
          }
        } else if (seen.add(d)) {
          todo.add(d);
        }
      }
    }
    return missing;
  }

  @Test
  void verificationCommands_reachNoClassMissingFromTheVerificationJar() throws IOException {
    Graph g = jdeps(verificationJar);
    Set<String> full = classesIn(fullJar);
    List<String> roots = new ArrayList<>(List.of(Main.class.getName(), FastArgs.BINDER));
    Main.VERIFICATION.forEach(n -> roots.add(Main.COMMANDS.get(n).getName()));
    assertThat(missingReachable(g, full, roots))
        .as(
            "classes a verification command can reach (missing -> referred to by) that are not in"
                + " provenant-verification.jar: add their artifact to cli/pom.xml's verification-jar"
                + " execution, or take the command off Main.VERIFICATION and the launcher's list")
        .isEmpty();
    // The analysis can fail: from a command the verification jar does not hold, it finds the
    // platform's classes missing.
    assertThat(missingReachable(g, full, List.of(UpCommand.class.getName())))
        .containsKey("dev.provenant.platform.up.Up");
  }

  @Test
  void verificationJar_holdsNoServerOrPlatformLibrary() throws IOException {
    Set<String> held = classesIn(verificationJar);
    for (String prefix :
        List.of(
            "dev.provenant.platform.",
            "dev.provenant.log.",
            "dev.provenant.ca.",
            "dev.provenant.testkit.",
            "org.eclipse.jetty.",
            "org.eclipse.jgit.",
            "jakarta.servlet.",
            "org.cyclonedx.",
            "org.postgresql.",
            "com.zaxxer.hikari.",
            "io.grpc.")) {
      assertThat(held).as(prefix).noneMatch(c -> c.startsWith(prefix));
    }
  }

  // ------------------------------------------------------------------ every command, both jars

  /** What a case must end with, in either jar. */
  enum Kind {
    SUCCESS,
    FAILURE,
    USAGE,
    HELP
  }

  /** One command line of a verification command (args[0] is the command). */
  record Case(String command, Kind kind, Supplier<List<String>> argv) {
    @Override
    public String toString() {
      return command + " " + kind;
    }
  }

  static final String BEACON =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
          + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String GITHUB = "https://token.actions.githubusercontent.com";

  static List<String> line(String... a) {
    return List.of(a);
  }

  static List<Case> cases() throws IOException {
    Path bundles = Corpus.root().resolve("sigstore-conformance/assets/bundle-verify");
    String publicGood = Corpus.root().resolve("trust/public-good-trusted_root.json").toString();
    List<Case> out = new ArrayList<>();
    for (String identity : List.of(BEACON, BEACON + "-other")) {
      out.add(
          new Case(
              "verify-bundle",
              identity.equals(BEACON) ? Kind.SUCCESS : Kind.FAILURE,
              () ->
                  line(
                      "verify-bundle",
                      "--bundle",
                      bundles.resolve("happy-path-v0.3/bundle.sigstore.json").toString(),
                      "--certificate-identity",
                      identity,
                      "--certificate-oidc-issuer",
                      GITHUB,
                      "--trusted-root",
                      publicGood,
                      bundles.resolve("a.txt").toString())));
    }
    // The slsa-verifier corpus: the first offline pass and fail case of each command it has.
    Path corpus = SlsaCorpusTest.corpus();
    Path data = corpus.resolve("testdata");
    JsonNode hashes = new ObjectMapper().readTree(corpus.resolve("artifact_hashes.json").toFile());
    Map<String, List<String>> firstPass = new LinkedHashMap<>();
    Map<String, List<String>> firstFail = new LinkedHashMap<>();
    Set<String> mismatch = new HashSet<>();
    for (JsonNode c :
        new ObjectMapper().readTree(corpus.resolve("cases.json").toFile()).get("cases")) {
      if (!SlsaCorpusTest.selected(c) || !c.get("offline").asBoolean()) {
        continue;
      }
      String cmd = c.get("command").asText();
      String expect = c.get("expect").asText();
      if (expect.equals("pass")) {
        firstPass.putIfAbsent(cmd, SlsaCorpusTest.argv(c, data, hashes));
      } else if (!firstFail.containsKey(cmd)
          || (expect.startsWith("ErrorMismatch") && !mismatch.contains(cmd))) {
        // A policy mismatch where the command has one: a verdict, not malformed input.
        firstFail.put(cmd, SlsaCorpusTest.argv(c, data, hashes));
        if (expect.startsWith("ErrorMismatch")) {
          mismatch.add(cmd);
        }
      }
    }
    // The corpus's VSA failures are not CLI-equivalent cases: the passing one, for another
    // resource.
    List<String> vsa = new ArrayList<>(firstPass.get("verify-vsa"));
    vsa.set(vsa.indexOf("--resource-uri") + 1, "gce_image://another-image");
    firstFail.putIfAbsent("verify-vsa", vsa);
    firstPass.forEach((cmd, a) -> out.add(new Case(cmd, Kind.SUCCESS, () -> a)));
    firstFail.forEach((cmd, a) -> out.add(new Case(cmd, Kind.FAILURE, () -> a)));
    // verify-release: a release directory made of one slsa-github-generator artifact (named as
    // its provenance's only subject) and that provenance; an extra file makes it fail.
    String generic = "cli/slsa-verifier/testdata/gha_generic/v2.1.0/";
    for (Kind k : List.of(Kind.SUCCESS, Kind.FAILURE)) {
      out.add(
          new Case(
              "verify-release",
              k,
              () -> {
                Path dir = tmp.resolve("release-" + k);
                try {
                  Files.createDirectories(dir);
                  Files.copy(
                      data.resolve(generic + "binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
                      dir.resolve("provenance.intoto.jsonl"));
                  Files.copy(
                      data.resolve(generic + "binary-linux-amd64-workflow_dispatch"),
                      dir.resolve("gha_generic-binary-linux-amd64-workflow_dispatch"));
                  if (k == Kind.FAILURE) {
                    Files.writeString(dir.resolve("not-in-the-provenance.txt"), "extra\n");
                  }
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
                return line(
                    "verify-release",
                    "--source-uri",
                    "github.com/slsa-framework/example-package",
                    dir.toString());
              }));
    }
    String training =
        Corpus.repositoryRoot()
            .resolve("cli/target/startup-training/sigstore-java-2.0.0.jar")
            .toString();
    out.add(new Case("digest", Kind.SUCCESS, () -> line("digest", training)));
    // Nothing listens on port 1: the registry client's transport reports it unreachable.
    out.add(new Case("digest", Kind.FAILURE, () -> line("digest", "127.0.0.1:1/none/x:latest")));
    for (Kind k : List.of(Kind.SUCCESS, Kind.FAILURE)) {
      out.add(
          new Case(
              "verify-attestation",
              k,
              () -> {
                try {
                  if (VerifyAttestationRegistryTest.image == null) {
                    VerifyAttestationRegistryTest.push(); // needs the loopback registry
                  }
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
                return line(
                    "verify-attestation",
                    "--type",
                    "slsaprovenance",
                    "--certificate-identity-regexp",
                    k == Kind.SUCCESS
                        ? VerifyAttestationRegistryTest.GENERATOR
                        : "^https://github.com/evil/",
                    "--certificate-oidc-issuer",
                    GITHUB,
                    VerifyAttestationRegistryTest.image);
              }));
    }
    for (String cmd : new TreeSet<>(Main.VERIFICATION)) {
      out.add(new Case(cmd, Kind.USAGE, () -> line(cmd, "--no-such-option", "x")));
      out.add(new Case(cmd, Kind.HELP, () -> line(cmd, "--help")));
    }
    return out;
  }

  @Test
  void cases_coverEveryVerificationCommand_inEveryKind() throws IOException {
    Map<String, Set<Kind>> covered = new TreeMap<>();
    for (Case c : cases()) {
      covered.computeIfAbsent(c.command(), k -> new TreeSet<>()).add(c.kind());
    }
    for (String cmd : Main.VERIFICATION) {
      assertThat(covered.get(cmd)).as(cmd).containsExactlyInAnyOrder(Kind.values());
    }
  }

  /** A finished process: exit code, stdout, stderr. */
  record Exit(int code, String out, String err) {}

  static Exit exec(List<String> cmd, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    int code = p.waitFor();
    return new Exit(code, Files.readString(out), Files.readString(err));
  }

  /**
   * Each verification command through the launcher (which must run it from the verification jar)
   * exits as the full jar does, with the outcome its kind demands, and never with a missing class.
   */
  @ParameterizedTest
  @MethodSource("cases")
  void verificationCommand_throughTheLauncher_exitsAsWithTheFullJar(Case c) throws Exception {
    List<String> argv = c.argv().get();
    Files.deleteIfExists(javaArgsLog);
    List<String> viaLauncher = new ArrayList<>(List.of(launcher.toString()));
    viaLauncher.addAll(argv);
    Exit slim =
        exec(
            viaLauncher,
            Map.of("PROVENANT_JAVA", javaWrapper.toString(), "PROVENANT_NO_CACHE", "1"));
    List<String> viaFullJar =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                fullJar.toString(),
                Main.class.getName()));
    viaFullJar.addAll(argv);
    Exit full = exec(viaFullJar, Map.of());

    String what = c + "\nlauncher: " + slim + "\nfull jar: " + full;
    assertThat(slim.err()).as(what).doesNotContain("provenant: building");
    List<String> ran = Files.readAllLines(javaArgsLog);
    assertThat(ran).as("java runs by the launcher").hasSize(1);
    assertThat(ran.get(0))
        .contains(" -cp " + verificationJar + " " + Main.class.getName() + " " + c.command());
    for (Exit e : List.of(slim, full)) {
      assertThat(e.out() + e.err())
          .as(what)
          .doesNotContain("NoClassDefFoundError", "ClassNotFoundException", "\tat ");
    }
    assertThat(slim.code()).as(what).isEqualTo(full.code());
    switch (c.kind()) {
      case SUCCESS -> assertThat(slim.code()).as(what).isZero();
      case FAILURE ->
          assertThat(slim.code()).as(what).isNotIn(ExitCode.VERIFIED.code(), ExitCode.USAGE.code());
      case USAGE -> {
        assertThat(slim.code()).as(what).isEqualTo(ExitCode.USAGE.code());
        assertThat(slim.err()).as(what).contains("FAILED: usage: ");
      }
      case HELP -> {
        assertThat(slim.code()).as(what).isZero();
        assertThat(slim.out()).as(what).startsWith("Usage: provenant " + c.command());
        assertThat(slim.out()).isEqualTo(full.out());
      }
    }
  }

  /**
   * The one-shot verification bench/cold-start times builds no Jackson {@code ObjectMapper}: one
   * built when a class loads (as TrustedRoot's was) cost every verification about 400 classes and
   * 40 ms (BENCHMARKS.md, cold start).
   */
  @Test
  void verifyBundle_inTheVerificationJar_buildsNoObjectMapper() throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-Xlog:class+load=info",
                "-cp",
                verificationJar.toString(),
                Main.class.getName()));
    Case success =
        cases().stream()
            .filter(c -> c.command().equals("verify-bundle") && c.kind() == Kind.SUCCESS)
            .findFirst()
            .orElseThrow();
    cmd.addAll(success.argv().get());
    Exit e = exec(cmd, Map.of());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("dev.provenant.core.trustroot.TrustedRoot ");
    assertThat(e.out()).doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ");
  }

  // ------------------------------------------------------------------ what the jar does not hold

  /**
   * The verification jar's own {@code Main} offers only the commands it holds: its top-level help
   * lists them and no other, and another command is a usage error naming the full jar, not a
   * missing class. The launcher runs such a command from the full jar.
   */
  @Test
  void verificationJar_otherCommands_areUsageErrors_andTheLauncherRunsThemFromTheFullJar()
      throws Exception {
    List<String> slimMain =
        List.of(javaBinary(), "-cp", verificationJar.toString(), Main.class.getName());
    Exit help = exec(concat(slimMain, "--help"), Map.of());
    assertThat(help.code()).as(help.toString()).isZero();
    for (String cmd : Main.COMMANDS.keySet()) {
      boolean listed =
          Pattern.compile("(?m)^  " + Pattern.quote(cmd) + " ").matcher(help.out()).find();
      assertThat(listed)
          .as("%s in the verification jar's help", cmd)
          .isEqualTo(Main.VERIFICATION.contains(cmd));
    }
    Exit up = exec(concat(slimMain, "up", "--data", tmp.resolve("d").toString()), Map.of());
    assertThat(up.code()).as(up.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(up.err()).contains("unknown command 'up'", "provenant.jar").doesNotContain("\tat ");

    Files.deleteIfExists(javaArgsLog);
    Exit viaLauncher =
        exec(
            List.of(launcher.toString(), "up", "--help"),
            Map.of("PROVENANT_JAVA", javaWrapper.toString()));
    assertThat(viaLauncher.code()).as(viaLauncher.toString()).isZero();
    assertThat(viaLauncher.out()).startsWith("Usage: provenant up");
    assertThat(Files.readAllLines(javaArgsLog).get(0)).contains(" -cp " + fullJar + " ");
  }

  static List<String> concat(List<String> a, String... more) {
    return Stream.concat(a.stream(), Stream.of(more)).toList();
  }
}
