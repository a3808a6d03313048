package dev.provenant.cli;

import static dev.provenant.verify.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.provenant.core.testing.Corpus;
import dev.provenant.verify.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to every verify command, run in-process through {@link Main#run}: empty, garbage,
 * truncated, non-JSON, wrong-shape JSON, deeply nested, huge, missing and directory inputs in each
 * file slot. Each must print exactly one {@code FAILED: <check>: <REASON>: ...} line on stderr with
 * a reason that names the slot's problem, exit with that reason's documented class (2 for
 * unreadable or malformed input, 5 for a bad trust root, ...), and show no stack trace anywhere.
 */
class BadInputCliTest {
  @TempDir static Path tmp;

  static Path corpus;
  static Path goodRoot;
  static Path goodArtifact;
  static Path goodKey;
  static Path goodBundle;

  /** Bad variants of a file, by name; built from one real good file of the same slot. */
  static Map<String, Path> badFiles = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    corpus = corpus();
    goodRoot = corpus.resolve("trust/public-good-trusted_root.json");
    goodArtifact = corpus.resolve("sigstore-conformance/assets/bundle-verify/a.txt");
    goodBundle =
        corpus.resolve(
            "sigstore-conformance/assets/bundle-verify/happy-path-v0.3/bundle.sigstore.json");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    goodKey = tmp.resolve("key.pem");
    Files.writeString(
        goodKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    byte[] real = Files.readAllBytes(goodBundle);
    Random rnd = new Random(42);
    byte[] garbage = new byte[4096];
    rnd.nextBytes(garbage);
    bad("empty", new byte[0]);
    bad("garbage-bytes", garbage);
    bad("truncated-real-bundle", Arrays.copyOf(real, real.length / 2));
    bad("not-json-text", "this is not JSON\n".getBytes(StandardCharsets.UTF_8));
    bad("json-null", "null".getBytes(StandardCharsets.UTF_8));
    bad("json-array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
    bad("json-number", "42".getBytes(StandardCharsets.UTF_8));
    bad("json-string", "\"bundle\"".getBytes(StandardCharsets.UTF_8));
    bad("json-empty-object", "{}".getBytes(StandardCharsets.UTF_8));
    bad(
        "json-wrong-types",
        "{\"mediaType\":1,\"payload\":[],\"signatures\":{},\"verificationMaterial\":\"x\"}"
            .getBytes(StandardCharsets.UTF_8));
    bad(
        "json-deeply-nested",
        ("[".repeat(200_000) + "]".repeat(200_000)).getBytes(StandardCharsets.UTF_8));
    bad(
        "json-deep-object",
        ("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
    bad(
        "utf16-bom",
        ("\uFEFF" + new String(real, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_16));
    bad(
        "two-json-documents",
        (new String(real, StandardCharsets.UTF_8) + "\n{}").getBytes(StandardCharsets.UTF_8));
    StringBuilder huge = new StringBuilder(48 << 20);
    huge.append("{\"mediaType\":\"");
    huge.append("A".repeat(48 << 20));
    huge.append("\"}");
    bad("huge-48MiB-json", huge.toString().getBytes(StandardCharsets.US_ASCII));
    badFiles.put("missing-file", tmp.resolve("does-not-exist.json"));
    Path dir = tmp.resolve("a-directory");
    Files.createDirectories(dir);
    badFiles.put("directory", dir);
  }

  /** The corpus the repository carries ({@code testdata/corpus}). */
  static Path corpus() {
    return Corpus.root();
  }

  private static void bad(String name, byte[] content) throws IOException {
    Path p = tmp.resolve(name + ".json");
    Files.write(p, content);
    badFiles.put(name, p);
  }

  /**
   * One command line with a placeholder for the bad file, and the reasons that correctly name the
   * failure; the exit code must be the documented class of the reason printed.
   */
  record Slot(String command, String slot, Function<Path, List<String>> argv, Set<Reason> reasons) {
    @Override
    public String toString() {
      return command + " " + slot;
    }
  }

  /**
   * A provenance or attestation file that is not JSON, or not an envelope or bundle, is malformed
   * input (exit 2), or NO_ATTESTATION (exit 4) when it is well-formed but holds none; never
   * DSSE_PAYLOAD_INVALID (exit 3), which is kept for a signed payload whose content is wrong.
   */
  static final Set<Reason> SLSA_INPUT =
      EnumSet.of(PROVENANCE_MALFORMED, INPUT_MALFORMED, INPUT_UNREADABLE, NO_ATTESTATION);

  private static final Pattern VERDICT = Pattern.compile("^FAILED: [^:]+: ([A-Z_]+)(:.*)?$");

  static List<Slot> slots() {
    List<Slot> s = new ArrayList<>();
    String beacon =
        "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    String gha = "https://token.actions.githubusercontent.com";
    s.add(
        new Slot(
            "verify-bundle",
            "--bundle",
            f ->
                List.of(
                    "verify-bundle",
                    "--bundle",
                    f.toString(),
                    "--certificate-identity",
                    beacon,
                    "--certificate-oidc-issuer",
                    gha,
                    "--trusted-root",
                    goodRoot.toString(),
                    goodArtifact.toString()),
            EnumSet.of(BUNDLE_MALFORMED, UNSUPPORTED_FORMAT, INPUT_UNREADABLE)));
    s.add(
        new Slot(
            "verify-bundle",
            "--trusted-root",
            f ->
                List.of(
                    "verify-bundle",
                    "--bundle",
                    goodBundle.toString(),
                    "--certificate-identity",
                    beacon,
                    "--certificate-oidc-issuer",
                    gha,
                    "--trusted-root",
                    f.toString(),
                    goodArtifact.toString()),
            EnumSet.of(TRUST_ROOT_MALFORMED, TRUST_ROOT_MISSING)));
    s.add(
        new Slot(
            "verify-bundle",
            "--key",
            f ->
                List.of(
                    "verify-bundle",
                    "--bundle",
                    goodBundle.toString(),
                    "--key",
                    f.toString(),
                    "--trusted-root",
                    goodRoot.toString(),
                    goodArtifact.toString()),
            EnumSet.of(INPUT_MALFORMED, INPUT_UNREADABLE)));
    s.add(
        new Slot(
            "verify-bundle",
            "artifact",
            f ->
                List.of(
                    "verify-bundle",
                    "--bundle",
                    goodBundle.toString(),
                    "--certificate-identity",
                    beacon,
                    "--certificate-oidc-issuer",
                    gha,
                    "--trusted-root",
                    goodRoot.toString(),
                    f.toString()),
            EnumSet.of(ARTIFACT_DIGEST_MISMATCH, INPUT_UNREADABLE)));
    s.add(
        new Slot(
            "verify-attestation",
            "--trusted-root",
            f ->
                List.of(
                    "verify-attestation",
                    "--trusted-root",
                    f.toString(),
                    "--certificate-identity",
                    beacon,
                    "--certificate-oidc-issuer",
                    gha,
                    "127.0.0.1:1/x/y@sha256:" + "ab".repeat(32)),
            EnumSet.of(TRUST_ROOT_MALFORMED, TRUST_ROOT_MISSING)));
    s.add(
        new Slot(
            "verify-image",
            "--provenance-path",
            f ->
                List.of(
                    "verify-image",
                    "--provenance-path",
                    f.toString(),
                    "--source-uri",
                    "github.com/laurentsimon/gcb-tests",
                    "--builder-id",
                    "https://cloudbuild.googleapis.com/GoogleHostedWorker",
                    "us-west2-docker.pkg.dev/gosst-scare-sandbox/quickstart-docker-repo/quickstart-image@sha256:"
                        + "1a033b002f89ed2b8ea733162497fb70f1a4049a7f8602d6a4f4d5f4ca3b9f09"),
            SLSA_INPUT));
    s.add(
        new Slot(
            "verify-vsa",
            "--attestation-path",
            f ->
                List.of(
                    "verify-vsa",
                    "--attestation-path",
                    f.toString(),
                    "--verifier-id",
                    "https://example.com/verifier",
                    "--resource-uri",
                    "pkg:npm/x@1",
                    "--public-key-path",
                    goodKey.toString()),
            SLSA_INPUT));
    s.add(
        new Slot(
            "verify-vsa",
            "--public-key-path",
            f ->
                List.of(
                    "verify-vsa",
                    "--attestation-path",
                    goodBundle.toString(),
                    "--verifier-id",
                    "https://example.com/verifier",
                    "--resource-uri",
                    "pkg:npm/x@1",
                    "--public-key-path",
                    f.toString()),
            EnumSet.of(PUBLIC_KEY_INVALID, INPUT_UNREADABLE)));
    // The SLSA artifact commands (registered once they land; slots for absent commands are
    // skipped).
    Path slsaRoot = corpus.resolve("slsa-verifier/testdata/_trust/trusted_root.json");
    List<String> slsa = List.of("--source-uri", "github.com/slsa-framework/example-package");
    Set<Reason> provenance = EnumSet.copyOf(SLSA_INPUT);
    provenance.addAll(
        EnumSet.of(BUNDLE_MALFORMED, UNSUPPORTED_FORMAT, NO_ATTESTATION, ATTESTATIONS_INVALID));
    s.add(
        new Slot(
            "verify-artifact",
            "--provenance-path",
            f ->
                concat(
                    List.of(
                        "verify-artifact",
                        "--provenance-path",
                        f.toString(),
                        "--trusted-root",
                        slsaRoot.toString(),
                        "--rekor-url",
                        "http://127.0.0.1:9"),
                    slsa,
                    List.of(goodArtifact.toString())),
            provenance));
    s.add(
        new Slot(
            "verify-artifact",
            "--trusted-root",
            f ->
                concat(
                    List.of(
                        "verify-artifact",
                        "--provenance-path",
                        goodSlsaBundle().toString(),
                        "--trusted-root",
                        f.toString(),
                        "--rekor-url",
                        "http://127.0.0.1:9"),
                    slsa,
                    List.of(goodArtifact.toString())),
            EnumSet.of(TRUST_ROOT_MALFORMED, TRUST_ROOT_MISSING)));
    s.add(
        new Slot(
            "verify-artifact",
            "artifact",
            f ->
                concat(
                    List.of(
                        "verify-artifact",
                        "--provenance-path",
                        goodSlsaBundle().toString(),
                        "--trusted-root",
                        slsaRoot.toString(),
                        "--rekor-url",
                        "http://127.0.0.1:9"),
                    slsa,
                    List.of(f.toString())),
            EnumSet.of(SUBJECT_DIGEST_MISMATCH, INPUT_UNREADABLE)));
    s.add(
        new Slot(
            "verify-release",
            "--provenance-path",
            f ->
                concat(
                    List.of(
                        "verify-release",
                        releaseDir().toString(),
                        "--provenance-path",
                        f.toString(),
                        "--trusted-root",
                        slsaRoot.toString(),
                        "--rekor-url",
                        "http://127.0.0.1:9"),
                    slsa),
            provenance));
    s.add(
        new Slot(
            "verify-release",
            "--trusted-root",
            f ->
                concat(
                    List.of(
                        "verify-release",
                        releaseDir().toString(),
                        "--provenance-path",
                        goodSlsaBundle().toString(),
                        "--trusted-root",
                        f.toString(),
                        "--rekor-url",
                        "http://127.0.0.1:9"),
                    slsa),
            EnumSet.of(TRUST_ROOT_MALFORMED, TRUST_ROOT_MISSING)));
    // A file or a missing path where the release directory belongs; the empty directory holds no
    // files.
    s.add(
        new Slot(
            "verify-release",
            "DIR",
            f ->
                concat(
                    List.of(
                        "verify-release",
                        f.toString(),
                        "--provenance-path",
                        goodSlsaBundle().toString(),
                        "--trusted-root",
                        slsaRoot.toString(),
                        "--rekor-url",
                        "http://127.0.0.1:9"),
                    slsa),
            EnumSet.of(INPUT_UNREADABLE, USAGE)));
    s.add(
        new Slot(
            "verify-npm-package",
            "--attestations-path",
            f ->
                concat(
                    List.of(
                        "verify-npm-package",
                        "--attestations-path",
                        f.toString(),
                        "--package-name",
                        "example",
                        "--package-version",
                        "1.0.0",
                        "--builder-id",
                        "https://github.com/actions/runner/github-hosted",
                        "--trusted-root",
                        slsaRoot.toString()),
                    slsa,
                    List.of(goodArtifact.toString())),
            provenance));
    s.add(
        new Slot(
            "verify-github-attestation",
            "--attestation-path",
            f ->
                List.of(
                    "verify-github-attestation",
                    "--attestation-path",
                    f.toString(),
                    "--source-uri",
                    "github.com/slsa-framework/example-package",
                    "--builder-id",
                    "https://github.com/slsa-framework/example-package/.github/workflows/build.yml",
                    "--trusted-root",
                    slsaRoot.toString(),
                    goodArtifact.toString()),
            provenance));
    return s;
  }

  /** A release directory holding one file (a copy of the good artifact). */
  static Path releaseDir() {
    Path d = tmp.resolve("release-dir");
    try {
      if (!Files.exists(d.resolve("a.txt"))) {
        Files.createDirectories(d);
        Files.copy(goodArtifact, d.resolve("a.txt"));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return d;
  }

  /** A real provenance bundle (slsa-github-generator v2.1.0). */
  static Path goodSlsaBundle() {
    return corpus.resolve(
        "slsa-verifier/testdata/cli/slsa-verifier/testdata/gha_generic/v2.1.0/"
            + "binary-linux-amd64-workflow_dispatch.intoto.jsonl");
  }

  @SafeVarargs
  static List<String> concat(List<String>... parts) {
    List<String> out = new ArrayList<>();
    for (List<String> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  /**
   * The verify-* subcommands {@link Main} offers, read from its help (robust to how it registers
   * them). Never empty: a parse that finds nothing fails instead of silently testing nothing.
   */
  static List<String> registeredVerifyCommands() {
    Result help = run(List.of("--help"));
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s+(verify-[a-z-]+)\\b").matcher(help.out() + help.err());
    while (m.find()) {
      if (!names.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    assertThat(names).as("verify-* commands in the help: " + help.out()).contains("verify-bundle");
    return names;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    List<String> registered = registeredVerifyCommands();
    for (Slot s : slots()) {
      if (!registered.contains(s.command())) {
        continue;
      }
      for (Map.Entry<String, Path> b : badFiles.entrySet()) {
        out.add(Arguments.of(s, b.getKey()));
      }
    }
    return out.stream();
  }

  @Test
  void everyVerifyCommand_hasBadInputSlots() {
    List<String> covered = slots().stream().map(Slot::command).distinct().toList();
    List<String> verifyCommands = registeredVerifyCommands();
    assertThat(covered)
        .as("each verify-* command needs bad-input slots here")
        .containsAll(verifyCommands);
  }

  /**
   * An envelope with no signature has nothing to check: verify-artifact says so (exit 4) before any
   * log search, so the closed loopback --rekor-url is never asked.
   */
  @Test
  void verifyArtifact_envelopeWithoutSignatures_noSignatureExit4BeforeAnyLookup()
      throws IOException {
    Path env = tmp.resolve("unsigned.intoto.jsonl");
    Files.writeString(
        env,
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[]}");
    Result r =
        run(
            concat(
                List.of(
                    "verify-artifact",
                    "--provenance-path",
                    env.toString(),
                    "--rekor-url",
                    "http://127.0.0.1:9",
                    "--source-uri",
                    "github.com/slsa-framework/example-package"),
                List.of(goodArtifact.toString())));
    assertThat(r.err.strip()).startsWith("FAILED: dsse.signatures: NO_SIGNATURE:");
    assertThat(r.exit).isEqualTo(Verdicts.exitCode(NO_SIGNATURE.outcome()));
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @MethodSource("cases")
  void run_badFileInSlot_documentedExitOneFailedLineNoStackTrace(Slot slot, String badName) {
    Path f = badFiles.get(badName);
    Result r = run(slot.argv().apply(f));
    String where =
        slot + " <- " + badName + ": exit " + r.exit + "\nstderr: " + r.err + "\nstdout: " + r.out;
    assertNoStackTrace(r, where);
    List<String> lines = r.err.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(where).hasSize(1);
    Matcher m = VERDICT.matcher(lines.get(0));
    assertThat(m.matches()).as("FAILED: <check>: <REASON>: ... expected; " + where).isTrue();
    Reason reason = Reason.valueOf(m.group(1));
    Set<Reason> allowed = EnumSet.copyOf(slot.reasons());
    assertThat(allowed).as(where).contains(reason);
    assertThat(r.exit)
        .as("exit code of the reason's class; " + where)
        .isEqualTo(Verdicts.exitCode(reason.outcome()));
  }

  static void assertNoStackTrace(Result r, String where) {
    for (String s : List.of(r.err, r.out)) {
      if (s.contains("\tat ")
          || s.contains("Exception in thread")
          || s.matches("(?s).*\\n\\s+at [a-z].*")
          || s.contains("FAILED: internal")) {
        fail("stack trace or internal error: " + where);
      }
    }
  }

  record Result(int exit, String out, String err) {}

  static Result run(List<String> argv) {
    CapturedRun r = CapturedRun.raw(argv.toArray(String[]::new));
    return new Result(r.exit(), r.out(), r.err());
  }
}
