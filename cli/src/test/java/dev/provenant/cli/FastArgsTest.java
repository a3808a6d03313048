package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The start-up fast path ({@link FastArgs}, {@link Main#fastPath}, the build-generated binder) must
 * read a command line exactly as picocli does, or leave it to picocli: every option of every fast
 * command, and every line it accepts, gives the same field values as picocli's parse, and every
 * line it declines is one picocli answers with help, version or a usage error (or reads the same
 * way).
 */
class FastArgsTest {
  private static final String ID = "https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1";
  private static final String ISSUER = "https://token.actions.githubusercontent.com";

  /** Every command the fast path reads. */
  static Stream<String> fastCommands() {
    return Main.FAST.stream().sorted();
  }

  /**
   * A plain line for {@code command}: its required options and positional parameters with sample
   * values, read from picocli's model of it.
   */
  private static List<String> minimalLine(String command, CommandLine.Model.CommandSpec spec) {
    List<String> line = new java.util.ArrayList<>(List.of(command));
    for (OptionSpec o : spec.options()) {
      if (o.required()) {
        line.addAll(List.of(o.longestName(), sample(o.type())));
      }
    }
    for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
      for (int i = 0; i < Math.max(1, p.arity().min()); i++) {
        line.add("sha256:" + "ab".repeat(32));
      }
    }
    return line;
  }

  private static String sample(Class<?> type) {
    if (type == java.net.URI.class) {
      return "http://127.0.0.1:1";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "3";
    }
    return type == java.nio.file.Path.class ? "dir/f.json" : "k=v";
  }

  /** Picocli's defaults and required options reach the fast path from the one declaration. */
  @ParameterizedTest
  @MethodSource("fastCommands")
  void fastPath_requiredOptionsOnly_setsFieldsAndDefaultsAsPicocliDoes(String command)
      throws Exception {
    CommandLine.Model.CommandSpec spec =
        new CommandLine(Main.COMMANDS.get(command)).getCommandSpec();
    assertReadsAsPicocli(minimalLine(command, spec).toArray(new String[0]));
  }

  /**
   * Each option of each fast command, given on a plain line (twice for a repeatable one), sets the
   * same fields as picocli: an option added to a command needs no second declaration.
   */
  @ParameterizedTest
  @MethodSource("fastCommands")
  void fastPath_eachOption_setsFieldsAsPicocliDoes(String command) throws Exception {
    CommandLine.Model.CommandSpec spec =
        new CommandLine(Main.COMMANDS.get(command)).getCommandSpec();
    for (OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue; // -h/--help and -V/--version always go to picocli
      }
      for (String name : o.names()) {
        List<String> line = minimalLine(command, spec);
        int at = line.indexOf(name);
        if (at > 0) {
          line.subList(at, at + 2).clear(); // a required option: given below instead
        }
        if (o.arity().max() == 0) {
          line.add(name);
        } else {
          Class<?> type = o.isMultiValue() ? o.auxiliaryTypes()[0] : o.type();
          line.addAll(List.of(name, sample(type)));
          if (o.isMultiValue()) {
            line.add(name + "=" + sample(type) + "2");
          }
        }
        assertReadsAsPicocli(line.toArray(new String[0]));
      }
    }
  }

  /** A required option left out goes to picocli, which reports it. */
  @ParameterizedTest
  @MethodSource("fastCommands")
  void fastPath_requiredOptionMissing_leavesItToPicocli(String command) {
    CommandLine.Model.CommandSpec spec =
        new CommandLine(Main.COMMANDS.get(command)).getCommandSpec();
    List<String> full = minimalLine(command, spec);
    for (OptionSpec o : spec.options()) {
      if (o.required()) {
        List<String> line = new java.util.ArrayList<>(full);
        int at = line.indexOf(o.longestName());
        line.subList(at, at + 2).clear();
        assertThat(Main.fastPath(line.toArray(new String[0])))
            .as("fast path declines %s", line)
            .isNull();
      }
    }
  }

  /** Picocli configured as {@link Main} runs it: no {@code @file} expansion. */
  private static CommandLine picocli(Object command) {
    return new CommandLine(command).setExpandAtFiles(false);
  }

  /**
   * The fast path reads {@code args} (args[0] is the command), and its command's fields equal those
   * picocli sets from the same line.
   */
  private static void assertReadsAsPicocli(String... args) throws Exception {
    Object fast = Main.fastPath(args);
    assertThat(fast).as("fast path reads %s", Arrays.asList(args)).isNotNull();
    Object slow = fast.getClass().getDeclaredConstructor().newInstance();
    picocli(slow).parseArgs(Arrays.copyOfRange(args, 1, args.length));
    assertThat(fast).usingRecursiveComparison().isEqualTo(slow);
  }

  @Test
  void digestFromArgs_atSignFile_isAFileNameAsForPicocli() throws Exception {
    assertReadsAsPicocli("digest", "@scope/file.tgz");
  }

  static Stream<List<String>> acceptedLines() {
    return Stream.of(
        List.of(
            "verify-bundle",
            "--bundle",
            "b.json",
            "--certificate-identity",
            ID,
            "--certificate-oidc-issuer",
            ISSUER,
            "a.txt"),
        List.of(
            "verify-bundle",
            "a.txt",
            "--bundle=b.json",
            "--certificate-identity-regexp",
            "^https://.*$",
            "--certificate-oidc-issuer-regexp",
            ".*",
            "--staging"),
        List.of(
            "verify-bundle",
            "--key",
            "k.pem",
            "--bundle",
            "dir/b.json",
            "--trusted-root",
            "t.json",
            "--format",
            "json",
            "sha256:" + "ab".repeat(32)),
        List.of(
            "verify-bundle",
            "--bundle",
            "b.json",
            "--certificate-identity=a=b",
            "--certificate-oidc-issuer",
            "",
            ""),
        List.of("verify-bundle", "--format", "yaml", "--bundle", "b.json", "x"));
  }

  @ParameterizedTest
  @MethodSource("acceptedLines")
  void fromArgs_plainLine_setsFieldsAsPicocliDoes(List<String> line) throws Exception {
    assertReadsAsPicocli(line.toArray(new String[0]));
  }

  static Stream<List<String>> declinedLines() {
    return Stream.of(
        List.of("verify-bundle", "--help"),
        List.of("verify-bundle", "-h"),
        List.of("verify-bundle", "--version"),
        List.of("verify-bundle"),
        List.of("verify-bundle", "--bundle", "b.json"),
        List.of("verify-bundle", "--bundle", "b.json", "a", "b"),
        List.of("verify-bundle", "a.txt", "--certificate-identity", ID),
        List.of("verify-bundle", "--bundle", "b.json", "--bundle", "c.json", "a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "--staging", "--staging", "a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "--staging=true", "a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "--nope", "a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "--key"),
        List.of("verify-bundle", "--bundle", "--key", "k.pem", "a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "--certificate-identity", "-x", "a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "--", "-a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "-"),
        List.of("verify-bundle", "--bundle=", "a.txt"),
        List.of("verify-bundle", "@args.txt"),
        List.of("verify-bundle", "--bundle", "b\0.json", "a.txt"),
        List.of("verify-bundle", "--bundle", "b.json", "--key", "k.pem", "-h", "a.txt"));
  }

  @ParameterizedTest
  @MethodSource("declinedLines")
  void fromArgs_unusualLine_leavesItToPicocli(List<String> line) {
    assertThat(Main.fastPath(line.toArray(new String[0])))
        .as("fast path declines %s", line)
        .isNull();
  }

  static Stream<List<String>> acceptedArtifactLines() {
    return Stream.of(
        List.of(
            "verify-artifact",
            "--provenance-path",
            "p.intoto.jsonl",
            "--source-uri",
            "github.com/o/r",
            "a.bin"),
        List.of(
            "verify-artifact",
            "a.bin",
            "b.bin",
            "--provenance-path=p.json",
            "--source-uri",
            "github.com/o/r",
            "--builder-id",
            "https://github.com/x@v1",
            "--source-tag",
            "v1.2.3",
            "--source-branch",
            "main",
            "--source-versioned-tag",
            "v1",
            "--build-workflow-input",
            "k=v",
            "--build-workflow-input",
            "x=y",
            "--print-provenance",
            "--provenance-repository",
            "r",
            "--format",
            "json",
            "--trusted-root",
            "t.json",
            "--rekor-url",
            "http://127.0.0.1:3000",
            "--insecure-ignore-tlog",
            "--builders",
            "builders.json",
            "sha256:" + "00".repeat(32)));
  }

  @ParameterizedTest
  @MethodSource("acceptedArtifactLines")
  void verifyArtifactFromArgs_plainLine_setsFieldsAsPicocliDoes(List<String> line)
      throws Exception {
    assertReadsAsPicocli(line.toArray(new String[0]));
  }

  static Stream<List<String>> declinedArtifactLines() {
    return Stream.of(
        List.of("verify-artifact", "--provenance-path", "p", "a.bin"),
        List.of("verify-artifact", "--source-uri", "github.com/o/r", "a.bin"),
        List.of("verify-artifact", "--provenance-path", "p", "--source-uri", "github.com/o/r"),
        List.of(
            "verify-artifact",
            "--provenance-path",
            "p",
            "--source-uri",
            "s",
            "--rekor-url",
            "http://a b",
            "a.bin"),
        List.of(
            "verify-artifact",
            "--provenance-path",
            "p",
            "--source-uri",
            "s",
            "--print-provenance",
            "--print-provenance",
            "a"),
        List.of("verify-artifact", "--provenance-path", "p", "--source-uri", "s", "--help"));
  }

  @ParameterizedTest
  @MethodSource("declinedArtifactLines")
  void verifyArtifactFromArgs_unusualLine_leavesItToPicocli(List<String> line) {
    assertThat(Main.fastPath(line.toArray(new String[0])))
        .as("fast path declines %s", line)
        .isNull();
  }

  static Stream<List<String>> acceptedSlsaLines() {
    String digest = "sha256:" + "ab".repeat(32);
    return Stream.of(
        List.of(
            "verify-image",
            "--oci-layout",
            "dir",
            "--source-uri",
            "github.com/o/r",
            "img@" + digest),
        List.of(
            "verify-image",
            "img@" + digest,
            "--provenance-path",
            "p.json",
            "--source-uri=github.com/o/r",
            "--builder-id",
            "https://cloudbuild.googleapis.com/GoogleHostedWorker",
            "--source-tag",
            "v1",
            "--source-branch",
            "main",
            "--source-versioned-tag",
            "v1.2",
            "--build-workflow-input",
            "a=b",
            "--print-provenance",
            "--provenance-repository",
            "r",
            "--format",
            "json",
            "--trusted-root",
            "t.json"),
        List.of(
            "verify-npm-package",
            "--attestations-path",
            "a.json",
            "--package-name",
            "@s/p",
            "--package-version",
            "1.0.5",
            "--source-uri",
            "github.com/o/r",
            "--builder-id",
            "https://github.com/actions/runner/github-hosted",
            "p.tgz"),
        List.of(
            "verify-npm-package",
            "p.tgz",
            "--attestations-path",
            "a.json",
            "--package-name",
            "p",
            "--package-version",
            "1",
            "--source-uri",
            "s",
            "--build-workflow-input",
            "k=v",
            "--build-workflow-input",
            "x=y",
            "--trusted-root",
            "t.json",
            "--format",
            "json",
            "--print-provenance"),
        List.of(
            "verify-github-attestation",
            "--attestation-path",
            "m.intoto.jsonl",
            "--source-uri",
            "github.com/o/r",
            "--builder-id",
            "https://github.com/b/p/.github/workflows/publish.yaml",
            "MODULE.bazel"),
        List.of(
            "verify-github-attestation",
            "f",
            "--attestation-path=a",
            "--source-uri",
            "s",
            "--builder-id",
            "b",
            "--print-attestation",
            "--trusted-root",
            "t.json",
            "--format",
            "json"),
        List.of(
            "verify-vsa",
            "--attestation-path",
            "v.jsonl",
            "--subject-digest",
            "gce_image_id:1",
            "--subject-digest",
            "sha256:2",
            "--verifier-id",
            "https://v",
            "--resource-uri",
            "gce_image://x",
            "--verified-level",
            "BCID_L1",
            "--verified-level",
            "SLSA_BUILD_LEVEL_2",
            "--public-key-path",
            "k.pem",
            "--public-key-id",
            "keystore://1"),
        List.of(
            "verify-vsa",
            "--attestation-path",
            "v",
            "--verifier-id",
            "i",
            "--resource-uri",
            "r",
            "--public-key-path",
            "k.pem",
            "--print-attestation",
            "--format",
            "json"));
  }

  @ParameterizedTest
  @MethodSource("acceptedSlsaLines")
  void slsaCommandFromArgs_plainLine_setsFieldsAsPicocliDoes(List<String> line) throws Exception {
    assertReadsAsPicocli(line.toArray(new String[0]));
  }

  static Stream<List<String>> declinedSlsaLines() {
    String img = "img@sha256:" + "ab".repeat(32);
    return Stream.of(
        List.of("verify-image", "--oci-layout", "dir", img),
        List.of("verify-image", "--source-uri", "s"),
        List.of("verify-image", "--source-uri", "s", img, img),
        List.of("verify-image", "--source-uri", "s", "--help", img),
        List.of(
            "verify-npm-package",
            "--attestations-path",
            "a",
            "--package-name",
            "p",
            "--source-uri",
            "s",
            "p.tgz"),
        List.of(
            "verify-npm-package",
            "--attestations-path",
            "a",
            "--package-name",
            "p",
            "--package-version",
            "1",
            "--source-uri",
            "s"),
        List.of(
            "verify-npm-package",
            "--attestations-path",
            "a",
            "--package-name",
            "p",
            "--package-version",
            "1",
            "--source-uri",
            "s",
            "--rekor-url",
            "http://x",
            "p.tgz"),
        List.of("verify-github-attestation", "--attestation-path", "a", "--source-uri", "s", "f"),
        List.of(
            "verify-github-attestation",
            "--attestation-path",
            "a",
            "--source-uri",
            "s",
            "--builder-id",
            "b"),
        List.of(
            "verify-github-attestation",
            "--attestation-path",
            "a",
            "--source-uri",
            "s",
            "--builder-id",
            "b",
            "--print-provenance",
            "f"),
        List.of(
            "verify-vsa", "--attestation-path", "v", "--verifier-id", "i", "--resource-uri", "r"),
        List.of(
            "verify-vsa",
            "--attestation-path",
            "v",
            "--verifier-id",
            "i",
            "--resource-uri",
            "r",
            "--public-key-path",
            "k",
            "extra"),
        List.of(
            "verify-vsa",
            "--attestation-path",
            "v",
            "--verifier-id",
            "i",
            "--resource-uri",
            "r",
            "--public-key-path",
            "k",
            "--print-attestation",
            "--print-attestation"),
        List.of("--version", "verify-vsa"),
        List.of("-V", "-V"));
  }

  @ParameterizedTest
  @MethodSource("declinedSlsaLines")
  void slsaCommandFromArgs_unusualLine_leavesItToPicocli(List<String> line) {
    assertThat(Main.fastPath(line.toArray(new String[0])))
        .as("fast path declines %s", line)
        .isNull();
  }

  @Test
  void version_fastPath_printsWhatPicocliPrints() throws Exception {
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream fast = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream slow = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(fast, true, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(Main.fastPath("--version").call()).isEqualTo(0);
      assertThat(Main.fastPath("-V")).isNotNull();
      System.setOut(new java.io.PrintStream(slow, true, java.nio.charset.StandardCharsets.UTF_8));
      new CommandLine(Main.class).execute("--version");
    } finally {
      System.setOut(old);
    }
    assertThat(fast.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(slow.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isNotBlank();
  }

  @Test
  void fastPath_otherCommands_leavesThemToPicocli() {
    assertThat(Main.fastPath()).isNull();
    assertThat(Main.fastPath("--help")).isNull();
    assertThat(Main.fastPath("log", "serve")).isNull();
  }

  @Test
  void digestFromArgs_plainFiles_setsFilesAsPicocliDoes() throws Exception {
    assertReadsAsPicocli("digest", "a.txt", "dir/b.bin");
  }

  @Test
  void digestFromArgs_optionsOrNoFile_leavesItToPicocli() {
    assertThat(Main.fastPath("digest")).isNull();
    assertThat(Main.fastPath("digest", "--help")).isNull();
    assertThat(Main.fastPath("digest", "-V", "a.txt")).isNull();
    assertThat(Main.fastPath("digest", "a.txt", "--", "-b")).isNull();
  }

  @Test
  void parse_repeatableOption_keepsEveryValueInOrder() {
    FastArgs a =
        FastArgs.parse(
            new String[] {"x", "--in", "a=1", "--in=b=2", "p"},
            1,
            Map.of("--in", FastArgs.Arity.REPEATABLE));
    assertThat(a).isNotNull();
    assertThat(a.all("--in")).containsExactly("a=1", "b=2");
    assertThat(a.positionals()).containsExactly("p");
  }

  @Test
  void run_unknownCommand_exits2NamingIt_withOrWithoutHelp() {
    java.io.PrintStream old = System.err;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(Main.run("nosuch", "--help")).isEqualTo(2);
      assertThat(Main.run("nosuch")).isEqualTo(2);
    } finally {
      System.setErr(old);
    }
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("unknown command 'nosuch'");
  }
}
