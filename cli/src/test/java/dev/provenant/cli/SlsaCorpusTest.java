package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Corpus;
import dev.provenant.verify.Reason;
import dev.provenant.verify.slsa.SlsaVerifierErrors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs slsa-verifier's regression cases (testdata/corpus/slsa-verifier/cases.json) through the CLI
 * in-process, with the corpus's own selection (offline cases, plus the claims-decidable online ones
 * with {@code --insecure-ignore-tlog}). Each case must give upstream's verdict, and each failure a
 * {@link Reason} that {@link SlsaVerifierErrors} maps to the upstream error name the case expects.
 */
class SlsaCorpusTest {
  /** Cases {@link #selected} picks from the 5,521 of the carried cases.json. */
  static final int SELECTED_CASES = 5470;

  static Path corpus() {
    return Corpus.root().resolve("slsa-verifier");
  }

  static boolean selected(JsonNode c) {
    for (JsonNode e : c.path("env_required")) {
      if (e.asText().equals("SLSA_VERIFIER_TESTING")) {
        return false;
      }
    }
    String cmd = c.get("command").asText();
    if (c.path("cli_equivalent").isBoolean()
        && !c.get("cli_equivalent").asBoolean()
        && !cmd.equals("verify-image")) {
      return false;
    }
    if (cmd.equals("verify-image")
        && !c.has("oci_layout")
        && !c.get("suite").asText().toLowerCase().contains("gcb")) {
      return false;
    }
    return c.get("offline").asBoolean() || c.path("offline_claims_reproducible").asBoolean(false);
  }

  /**
   * The argument vector run.py builds for a case. Artifacts the corpus did not copy (the large
   * binaries of online cases) are passed as {@code sha256:<hex>} from artifact_hashes.json, which
   * the CLI accepts in place of a file.
   */
  static List<String> argv(JsonNode c, Path data, JsonNode hashes) {
    List<String> a = new ArrayList<>();
    String cmd = c.get("command").asText();
    a.add(cmd);
    if (cmd.equals("verify-image") && c.has("oci_layout")) {
      a.add("--oci-layout");
      a.add(data.resolve(c.get("oci_layout").asText()).toString());
    }
    Set<String> paths =
        Set.of("provenance-path", "attestations-path", "attestation-path", "public-key-path");
    Iterator<Map.Entry<String, JsonNode>> it = c.get("flags").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      List<String> vals = new ArrayList<>();
      if (f.getValue().isArray()) {
        f.getValue().forEach(v -> vals.add(v.asText()));
      } else if (f.getKey().equals("build-workflow-input") && f.getValue().isObject()) {
        f.getValue()
            .fields()
            .forEachRemaining(kv -> vals.add(kv.getKey() + "=" + kv.getValue().asText()));
      } else {
        vals.add(f.getValue().asText());
      }
      for (String v : vals) {
        a.add("--" + f.getKey());
        a.add(paths.contains(f.getKey()) ? data.resolve(v).toString() : v);
      }
    }
    if (!c.get("offline").asBoolean()) {
      a.add("--insecure-ignore-tlog");
    }
    if (cmd.equals("verify-image")) {
      String ref = c.get("image").asText();
      a.add(c.has("oci_layout") ? ref.substring(ref.lastIndexOf('/') + 1) : ref);
    } else {
      c.path("artifacts")
          .forEach(
              x -> {
                Path f = data.resolve(x.asText());
                a.add(
                    Files.exists(f) || !hashes.has(x.asText())
                        ? f.toString()
                        : "sha256:" + hashes.get(x.asText()).get("sha256").asText());
              });
    }
    return a;
  }

  record Run(int exit, String stderr) {}

  static synchronized Run run(List<String> argv) {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      System.setOut(new PrintStream(OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8));
      int rc = Main.run(argv.toArray(String[]::new));
      return new Run(rc, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
  }

  /** The reason token of the {@code FAILED: <check>: <REASON>: ...} line. */
  static Reason reasonOf(String stderr) {
    for (String line : stderr.split("\n")) {
      if (line.startsWith("FAILED: ")) {
        String[] parts = line.substring(8).split(": ", 3);
        if (parts.length >= 2) {
          try {
            return Reason.valueOf(parts[1]);
          } catch (IllegalArgumentException e) {
            return null;
          }
        }
      }
    }
    return null;
  }

  @TestFactory
  Stream<DynamicTest> slsaVerifierCases_giveUpstreamVerdictAndMappedReason() throws Exception {
    Path root = corpus();
    Path data = root.resolve("testdata");
    JsonNode cases = new ObjectMapper().readTree(root.resolve("cases.json").toFile()).get("cases");
    JsonNode hashes = new ObjectMapper().readTree(root.resolve("artifact_hashes.json").toFile());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      if (!selected(c)) {
        continue;
      }
      tests.add(
          DynamicTest.dynamicTest(
              c.get("id").asText(),
              () -> {
                // Upstream's tests run with SLSA_VERIFIER_TESTING=1 (cases.json "env"); so do
                // these.
                SlsaOptions.testingEnv =
                    () -> c.path("env").path("SLSA_VERIFIER_TESTING").asText(null);
                Run r;
                try {
                  r = run(argv(c, data, hashes));
                } finally {
                  SlsaOptions.testingEnv = () -> System.getenv("SLSA_VERIFIER_TESTING");
                }
                String expect = c.get("expect").asText();
                if (expect.equals("pass")) {
                  assertThat(r.exit()).as("exit code; stderr: %s", r.stderr()).isZero();
                } else {
                  assertThat(r.exit()).as("exit code; stderr: %s", r.stderr()).isNotZero();
                  Reason reason = reasonOf(r.stderr());
                  assertThat(reason).as("reason in: %s", r.stderr()).isNotNull();
                  assertThat(SlsaVerifierErrors.reasonsFor(expect))
                      .as("reasons for %s; stderr: %s", expect, r.stderr())
                      .contains(reason);
                }
              }));
    }
    // The selection is a fixed function of the carried cases.json: any change in either shows here.
    assertThat(tests.size()).as("selected cases").isEqualTo(SELECTED_CASES);
    return tests.stream();
  }

  /** Discards output (the --print-provenance text). */
  static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
