package dev.provenant.verify.slsa;

import java.util.Map;
import java.util.Objects;

/**
 * What the user expects of an artifact's provenance, with slsa-verifier's flag semantics: a null
 * field means "flag not given, not checked"; an empty string is a given value (for {@code
 * builderId}, an empty value selects the default trusted builders, like no value, but is still
 * matched against BYOB provenance).
 *
 * @param sourceUri {@code --source-uri}, e.g. {@code github.com/owner/repo} (required)
 * @param builderId {@code --builder-id}, or null
 * @param branch {@code --source-branch}, or null
 * @param tag {@code --source-tag}, or null
 * @param versionedTag {@code --source-versioned-tag}, or null
 * @param workflowInputs {@code --build-workflow-input} pairs (empty: not checked)
 * @param testing slsa-verifier's {@code SLSA_VERIFIER_TESTING} exceptions: builders of the
 *     slsa-framework test repositories may be referenced at {@code refs/heads/main} or a prerelease
 *     tag. Only for reproducing upstream's own end-to-end tests.
 */
public record SlsaPolicy(
    String sourceUri,
    String builderId,
    String branch,
    String tag,
    String versionedTag,
    Map<String, String> workflowInputs,
    boolean testing) {
  /** Validates and copies. */
  public SlsaPolicy {
    Objects.requireNonNull(sourceUri, "sourceUri");
    workflowInputs = Map.copyOf(workflowInputs);
  }

  /** A policy that checks only the source repository. */
  public static SlsaPolicy ofSource(String sourceUri) {
    return new SlsaPolicy(sourceUri, null, null, null, null, Map.of(), false);
  }

  /** This policy with another builder id. */
  public SlsaPolicy withBuilderId(String id) {
    return new SlsaPolicy(sourceUri, id, branch, tag, versionedTag, workflowInputs, testing);
  }

  /** A policy without optional expectations. */
  public SlsaPolicy(
      String sourceUri,
      String builderId,
      String branch,
      String tag,
      String versionedTag,
      Map<String, String> workflowInputs) {
    this(sourceUri, builderId, branch, tag, versionedTag, workflowInputs, false);
  }

  /** Whether a builder id was given and is not empty. */
  public boolean hasBuilderId() {
    return builderId != null && !builderId.isEmpty();
  }
}
