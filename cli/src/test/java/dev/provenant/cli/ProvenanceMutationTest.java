package dev.provenant.cli;

import static dev.provenant.verify.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.testing.JsonLeafMutations;
import dev.provenant.core.testing.Skip;
import dev.provenant.verify.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering with real, passing SLSA provenance through {@code provenant verify-artifact}: a
 * slsa-github-generator v2.1.0 Sigstore bundle and a classic v1.10.0 DSSE {@code .intoto.jsonl}.
 * Every leaf of the file is changed in turn, plus the statement's fields re-encoded cleanly
 * (subject digest, builder id, source, ref: the signature must catch them before any policy check
 * sees them), plus each policy flag (source, builder, branch, tag, versioned tag, workflow input)
 * and the artifact. Each must fail with the reason the table gives for that field: never pass,
 * never a stack trace.
 */
class ProvenanceMutationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GENERIC =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml";
  private static final String SOURCE = "github.com/slsa-framework/example-package";

  @TempDir static Path tmp;

  private static final Map<Pattern, Set<Reason>> EXPECTED = new LinkedHashMap<>();

  /** DSSE "keyid: Optional, unauthenticated hint": changing it may pass. */
  private static final Pattern UNAUTHENTICATED =
      Pattern.compile("(dsseEnvelope\\.)?signatures\\[\\*\\]\\.keyid");

  private static void expect(String pathRegex, Reason first, Reason... more) {
    EXPECTED.put(Pattern.compile(pathRegex), EnumSet.of(first, more));
  }

  static {
    // Sigstore bundle fields, as in BundleMutationTest.
    expect("mediaType", UNSUPPORTED_FORMAT, BUNDLE_MALFORMED, DSSE_PAYLOAD_INVALID);
    expect(
        "verificationMaterial\\.certificate\\.rawBytes", BUNDLE_MALFORMED, CERTIFICATE_MALFORMED);
    expect(
        "verificationMaterial\\.certificate\\.rawBytes#signature-value",
        TLOG_BODY_MISMATCH,
        CERTIFICATE_CHAIN_INVALID,
        TLOG_ENTRY_MISMATCH);
    expect("verificationMaterial\\.tlogEntries\\[\\*\\]\\.logIndex", TLOG_SET_INVALID);
    expect("verificationMaterial\\.tlogEntries\\[\\*\\]\\.logId\\.keyId", TLOG_KEY_UNKNOWN);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.kindVersion\\.(kind|version)",
        TLOG_ENTRY_INVALID,
        TLOG_BODY_MISMATCH,
        TLOG_ENTRY_MISMATCH);
    expect("verificationMaterial\\.tlogEntries\\[\\*\\]\\.integratedTime", TLOG_SET_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionPromise\\.signedEntryTimestamp",
        TLOG_SET_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionProof\\.(logIndex|treeSize|rootHash)",
        TLOG_INCLUSION_PROOF_INVALID,
        TLOG_CHECKPOINT_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionProof\\.hashes\\[\\*\\]",
        TLOG_INCLUSION_PROOF_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionProof\\.checkpoint\\.envelope(#.*)?",
        TLOG_CHECKPOINT_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.canonicalizedBody",
        TLOG_SET_INVALID,
        TLOG_INCLUSION_PROOF_INVALID);
    // The DSSE envelope: the signature covers PAE(payloadType, payload), the log entry records it.
    expect(
        "(dsseEnvelope\\.)?(payload|payloadType|signatures\\[\\*\\]\\.sig)(#.*)?",
        SIGNATURE_INVALID,
        TLOG_BODY_MISMATCH,
        TLOG_ENTRY_MISMATCH,
        DSSE_PAYLOAD_INVALID);
    // Classic envelope: the embedded certificate (PEM) is checked against Fulcio.
    expect(
        "signatures\\[\\*\\]\\.cert",
        CERTIFICATE_MALFORMED,
        CERTIFICATE_CHAIN_INVALID,
        DSSE_PAYLOAD_INVALID,
        SIGNATURE_INVALID);
    // Policy flags and the artifact.
    expect("#artifact-byte", SUBJECT_DIGEST_MISMATCH);
    expect("#source-uri", SOURCE_MISMATCH);
    expect("#builder-id", BUILDER_MISMATCH, BUILDER_UNTRUSTED);
    expect("#source-branch", BRANCH_MISMATCH);
    expect("#source-tag", TAG_MISMATCH, REF_INVALID);
    expect("#source-versioned-tag", VERSIONED_TAG_MISMATCH, REF_INVALID);
    // This workflow_dispatch run had no inputs object: slsa-verifier reports that as
    // ErrorInvalidDssePayload ("parameters type inputs"), which maps to PROVENANCE_MALFORMED.
    expect("#build-workflow-input", WORKFLOW_INPUTS_MISMATCH, PROVENANCE_MALFORMED);
  }

  /**
   * A real provenance file that passes; artifact null means "by digest from artifact_hashes.json".
   */
  record Case(String name, Path provenance, Path artifact, boolean classic) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Path td = BadInputCliTest.corpus().resolve("slsa-verifier/testdata/cli/slsa-verifier/testdata");
    return Stream.of(
        new Case(
            "generator_generic v2.1.0 bundle",
            td.resolve("gha_generic/v2.1.0/binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
            td.resolve("gha_generic/v2.1.0/binary-linux-amd64-workflow_dispatch"),
            false),
        // The corpus keeps only this artifact's digest (artifact_hashes.json), which
        // verify-artifact accepts.
        new Case(
            "generator_generic v1.10.0 classic DSSE",
            td.resolve("gha_generic/v1.10.0/binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
            null,
            true));
  }

  record Mutant(String field, String what, byte[] provenance, byte[] artifact, List<String> flags) {
    @Override
    public String toString() {
      return field + " (" + what + ")";
    }
  }

  static void requireCommand() {
    Skip.unless(
        BadInputCliTest.registeredVerifyCommands().contains("verify-artifact"),
        "verify-artifact not registered yet");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyArtifact_unmodifiedRealProvenance_passes(Case c) throws Exception {
    requireCommand();
    Outcome o = run(c, Files.readAllBytes(c.provenance()), artifactOf(c), List.of());
    assertThat(o.reason).as("untouched provenance must pass: " + o.err).isEmpty();
    assertThat(o.exit).isZero();
  }

  static Stream<Arguments> mutants() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Case c : cases().toList()) {
      for (Mutant m : mutantsOf(c)) {
        out.add(Arguments.of(c, m));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("mutants")
  void verifyArtifact_oneFieldChanged_failsWithThatFieldsReason(Case c, Mutant m) throws Exception {
    requireCommand();
    Outcome o = run(c, m.provenance(), m.artifact(), m.flags());
    OBSERVED
        .computeIfAbsent(c.name() + " | " + m.field(), k -> new java.util.TreeSet<>())
        .add(o.reason.map(Reason::name).orElse("PASS"));
    BadInputCliTest.assertNoStackTrace(
        new BadInputCliTest.Result(o.exit, o.out, o.err), m.toString());
    if (UNAUTHENTICATED.matcher(m.field()).matches()) {
      return;
    }
    Set<Reason> want = null;
    for (Map.Entry<Pattern, Set<Reason>> e : EXPECTED.entrySet()) {
      if (e.getKey().matcher(m.field()).matches()) {
        want = e.getValue();
        break;
      }
    }
    assertThat(want).as("no expected reasons listed for " + m.field()).isNotNull();
    assertThat(o.reason).as(m + " must not pass; stderr: " + o.err).isPresent();
    assertThat(want)
        .as(m + " failed with " + o.reason.get() + "; stderr: " + o.err)
        .contains(o.reason.get());
  }

  /**
   * The artifact bytes, or for a digest-only case the text {@code sha256:<hex>}: {@link #run}
   * passes such text as the digest argument instead of a file.
   */
  static byte[] artifactOf(Case c) throws Exception {
    if (c.artifact() != null) {
      return Files.readAllBytes(c.artifact());
    }
    Path root = BadInputCliTest.corpus().resolve("slsa-verifier");
    String rel =
        root.resolve("testdata")
            .relativize(c.provenance())
            .toString()
            .replaceAll("\\.intoto\\.jsonl$", "");
    String hex =
        JSON.readTree(root.resolve("artifact_hashes.json").toFile())
            .path(rel)
            .path("sha256")
            .asText();
    assertThat(hex).as("artifact_hashes.json entry for " + rel).hasSize(64);
    return ("sha256:" + hex).getBytes(StandardCharsets.US_ASCII);
  }

  private static final Map<String, Set<String>> OBSERVED =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Which reasons each field's tampering produced (surefire output), for the mutation report. */
  @org.junit.jupiter.api.AfterAll
  static void printObserved() {
    OBSERVED.forEach((f, r) -> System.out.println("mutation " + f + " -> " + r));
  }

  record Outcome(int exit, Optional<Reason> reason, String out, String err) {}

  private static final Pattern VERDICT = Pattern.compile("(?m)^FAILED: [^:]+: ([A-Z_]+)(:.*)?$");

  static Outcome run(Case c, byte[] provenance, byte[] artifact, List<String> extraFlags)
      throws Exception {
    Path p = Files.createTempFile(tmp, "prov", ".intoto.jsonl");
    Files.write(p, provenance);
    String a;
    if (c.artifact() == null) {
      a = new String(artifact, StandardCharsets.US_ASCII);
    } else {
      Path f = Files.createTempFile(tmp, "artifact", ".bin");
      Files.write(f, artifact);
      a = f.toString();
    }
    // Defaults, then the mutant's flags in their place (picocli rejects a repeated single-valued
    // option).
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("--provenance-path", p.toString());
    flags.put(
        "--trusted-root",
        BadInputCliTest.corpus()
            .resolve("slsa-verifier/testdata/_trust/trusted_root.json")
            .toString());
    flags.put("--source-uri", SOURCE);
    flags.put("--builder-id", GENERIC);
    for (int i = 0; i + 1 < extraFlags.size(); i += 2) {
      flags.put(extraFlags.get(i), extraFlags.get(i + 1));
    }
    List<String> argv = new ArrayList<>(List.of("verify-artifact"));
    flags.forEach(
        (k, v) -> {
          argv.add(k);
          argv.add(v);
        });
    if (c.classic()) {
      argv.add("--insecure-ignore-tlog");
    }
    argv.add(a);
    BadInputCliTest.Result r = BadInputCliTest.run(argv);
    Matcher m = VERDICT.matcher(r.err());
    Optional<Reason> reason = m.find() ? Optional.of(Reason.valueOf(m.group(1))) : Optional.empty();
    if (r.exit() != 0 && reason.isEmpty()) {
      throw new AssertionError("non-zero exit without a FAILED verdict: " + r.err());
    }
    return new Outcome(r.exit(), reason, r.out(), r.err());
  }

  // ------------------------------------------------------------------------------ mutants

  static List<Mutant> mutantsOf(Case c) throws Exception {
    byte[] raw = Files.readAllBytes(c.provenance());
    byte[] artifact = artifactOf(c);
    JsonNode root = JSON.readTree(raw);
    List<Mutant> out = new ArrayList<>();
    for (String[] leaf : JsonLeafMutations.leaves(root)) {
      String path = leaf[0];
      String field = path.replaceAll("\\[\\d+\\]", "[*]");
      for (String[] alt : alternatives(field, leaf[1])) {
        JsonNode copy = root.deepCopy();
        JsonLeafMutations.set(copy, path, alt[1]);
        out.add(
            new Mutant(
                field + alt[2],
                path + ": " + alt[0],
                JSON.writeValueAsBytes(copy),
                artifact,
                List.of()));
      }
    }
    // Statement fields re-encoded cleanly: the signature must reject them before policy runs.
    JsonNode env = root.has("dsseEnvelope") ? root.get("dsseEnvelope") : root;
    String envPath = root.has("dsseEnvelope") ? "dsseEnvelope." : "";
    byte[] payload = Base64.getDecoder().decode(env.get("payload").asText());
    for (String[] edit : statementEdits(JSON.readTree(payload))) {
      JsonNode copy = root.deepCopy();
      ObjectNode e = (ObjectNode) (root.has("dsseEnvelope") ? copy.get("dsseEnvelope") : copy);
      e.put(
          "payload", Base64.getEncoder().encodeToString(edit[1].getBytes(StandardCharsets.UTF_8)));
      out.add(
          new Mutant(
              envPath + "payload#" + edit[0],
              "statement " + edit[0] + " changed",
              JSON.writeValueAsBytes(copy),
              artifact,
              List.of()));
    }
    byte[] art = artifact.clone();
    if (c.artifact() == null) {
      art[art.length - 1] = (byte) (art[art.length - 1] == '0' ? '1' : '0'); // another digest
    } else {
      art[art.length / 2] ^= 1;
    }
    out.add(new Mutant("#artifact-byte", "artifact changed", raw, art, List.of()));
    out.add(
        new Mutant(
            "#source-uri",
            "another source expected",
            raw,
            artifact,
            List.of("--source-uri", SOURCE + "x")));
    out.add(
        new Mutant(
            "#builder-id",
            "another builder expected",
            raw,
            artifact,
            List.of(
                "--builder-id",
                "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml")));
    out.add(
        new Mutant(
            "#source-branch",
            "another branch expected",
            raw,
            artifact,
            List.of("--source-branch", "not-main")));
    out.add(
        new Mutant(
            "#source-tag", "a tag expected", raw, artifact, List.of("--source-tag", "v9.9.9")));
    out.add(
        new Mutant(
            "#source-versioned-tag",
            "a versioned tag expected",
            raw,
            artifact,
            List.of("--source-versioned-tag", "v9")));
    out.add(
        new Mutant(
            "#build-workflow-input",
            "a workflow input expected",
            raw,
            artifact,
            List.of("--build-workflow-input", "no_such_input=1")));
    return out;
  }

  /** {name, new statement JSON} for the statement fields a policy reads. */
  static List<String[]> statementEdits(JsonNode st) throws Exception {
    List<String[]> out = new ArrayList<>();
    ObjectNode s1 = (ObjectNode) st.deepCopy();
    ObjectNode d = (ObjectNode) s1.path("subject").path(0).path("digest");
    String hex = d.path("sha256").asText();
    d.put("sha256", (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1));
    out.add(new String[] {"subject-digest", JSON.writeValueAsString(s1)});
    for (String[] f :
        new String[][] {
          {"builder-id", "/predicate/builder/id", "/predicate/runDetails/builder/id"},
          {
            "source",
            "/predicate/invocation/configSource/uri",
            "/predicate/buildDefinition/externalParameters/workflow/repository"
          },
          {
            "ref",
            "/predicate/invocation/environment/github_ref",
            "/predicate/buildDefinition/externalParameters/workflow/ref"
          }
        }) {
      for (int i = 1; i < f.length; i++) {
        JsonNode at = st.at(f[i]);
        if (at.isTextual()) {
          ObjectNode copy = (ObjectNode) st.deepCopy();
          String parent = f[i].substring(0, f[i].lastIndexOf('/'));
          String key = f[i].substring(f[i].lastIndexOf('/') + 1);
          ((ObjectNode) copy.at(parent)).put(key, at.asText() + "x");
          out.add(new String[] {f[0], JSON.writeValueAsString(copy)});
          break;
        }
      }
    }
    return out;
  }

  private static List<String[]> alternatives(String field, String value) {
    if (field.endsWith("checkpoint.envelope")) {
      return JsonLeafMutations.checkpointLineAlternatives(value);
    }
    List<String[]> alts = new ArrayList<>();
    if (field.endsWith(".rawBytes")) {
      alts.add(JsonLeafMutations.signatureValueFlip(value));
    }
    if (field.endsWith(".cert") && value.contains("-----BEGIN")) {
      // PEM: flip a bit inside the base64 body of the certificate's signature.
      int end = value.indexOf("-----END");
      int at = value.lastIndexOf('\n', end - 2) - 4;
      char ch = value.charAt(at);
      char repl = ch == 'A' ? 'B' : 'A';
      alts.add(
          new String[] {
            "PEM body character changed",
            value.substring(0, at) + repl + value.substring(at + 1),
            ""
          });
      return alts;
    }
    alts.add(JsonLeafMutations.scalarAlternative(value));
    return alts;
  }
}
