package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.SlsaPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** slsa-verifier's expectation flags, shared by verify-artifact and verify-image. */
final class SlsaOptions {
  @Option(
      names = "--source-uri",
      required = true,
      paramLabel = "URI",
      description = "Expected source repository, e.g. github.com/owner/repo.")
  String sourceUri;

  @Option(
      names = "--builder-id",
      paramLabel = "ID",
      description =
          "Expected builder id (name[@version]); default: the trusted slsa-github-generator builders.")
  String builderId;

  @Option(names = "--source-branch", paramLabel = "BRANCH", description = "Expected branch.")
  String sourceBranch;

  @Option(names = "--source-tag", paramLabel = "TAG", description = "Expected tag (exact).")
  String sourceTag;

  @Option(
      names = "--source-versioned-tag",
      paramLabel = "VERSION",
      description = "Expected semantic version: major must match, minor and patch if given.")
  String sourceVersionedTag;

  @Option(
      names = "--build-workflow-input",
      paramLabel = "KEY=VALUE",
      description = "Expected workflow_dispatch input (repeatable).")
  List<String> workflowInputs = new ArrayList<>();

  @Option(
      names = "--print-provenance",
      description = "Print the verified in-toto statement on stdout.")
  boolean printProvenance;

  @Option(
      names = "--provenance-repository",
      paramLabel = "REPO",
      description = "Accepted for slsa-verifier compatibility; registries are not read yet.")
  String provenanceRepository;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "json: a report of every check and the verified facts on stdout.")
  String format;

  /** Reads SLSA_VERIFIER_TESTING (replaceable in tests, which cannot set the environment). */
  static java.util.function.Supplier<String> testingEnv =
      () -> System.getenv("SLSA_VERIFIER_TESTING");

  /** Go's strconv.ParseBool truth values, as slsa-verifier reads SLSA_VERIFIER_TESTING. */
  static boolean testing() {
    String v = testingEnv.get();
    return v != null && Set.of("1", "t", "T", "TRUE", "true", "True").contains(v);
  }

  boolean json() {
    return "json".equals(format);
  }

  /**
   * The policy the flags describe.
   *
   * @throws VerificationException USAGE for conflicting flags or a malformed workflow input
   */
  SlsaPolicy policy() throws VerificationException {
    if (sourceTag != null && sourceVersionedTag != null) {
      throw new VerificationException(
          "usage", Reason.USAGE, "--source-tag and --source-versioned-tag are mutually exclusive");
    }
    if (!"text".equals(format) && !"json".equals(format)) {
      throw new VerificationException(
          "usage", Reason.USAGE, "unknown --format", "text | json", format);
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String kv : workflowInputs) {
      String[] p = kv.split("=", -1);
      if (p.length != 2) {
        throw new VerificationException(
            "usage", Reason.USAGE, "--build-workflow-input must be key=value", "key=value", kv);
      }
      inputs.put(p[0], p[1]);
    }
    boolean testing = testing();
    if (testing) {
      System.err.println(
          "WARNING: SLSA_VERIFIER_TESTING is set: builders of slsa-framework test repositories are "
              + "accepted at refs/heads/main and prerelease tags. Never set it outside upstream's test suite.");
    }
    return new SlsaPolicy(
        sourceUri, builderId, sourceBranch, sourceTag, sourceVersionedTag, inputs, testing);
  }
}
