package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.intoto.Subject;
import dev.provenant.verify.VerificationException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The claims of one SLSA provenance document, whichever predicate version and build type carry them
 * (slsa-verifier's {@code iface.Provenance}). Each accessor fails with a typed reason when the
 * document does not hold the claim in the form its build type promises.
 */
public interface SlsaProvenance {
  /** The predicate type URI. */
  String predicateType();

  /** {@code builder.id} as the provenance states it. */
  String builderId();

  /** The build type URI. */
  String buildType();

  /** The full source URI with ref: first material / resolved dependency. */
  String sourceUri() throws VerificationException;

  /** The full URI with ref of what triggered the build. */
  String triggerUri() throws VerificationException;

  /** The subjects; at least one. */
  List<Subject> subjects() throws VerificationException;

  /** The branch ref the source was built from ("" when unknown). */
  String branch() throws VerificationException;

  /** The tag ref the source was built from ("" for a branch build). */
  String tag() throws VerificationException;

  /** The inputs of a workflow_dispatch trigger. */
  JsonNode workflowInputs() throws VerificationException;

  /** Path of the workflow that triggered the build. */
  String buildTriggerPath() throws VerificationException;

  /** The builder-controlled parameters object (v0.2 environment, v1 internalParameters). */
  JsonNode systemParameters() throws VerificationException;

  /** The build invocation id ("" when absent). */
  String buildInvocationId();

  /** Build start time, or null. */
  OffsetDateTime buildStartTime();

  /** Build finish time, or null. */
  OffsetDateTime buildFinishTime();

  /** Number of materials / resolved dependencies. */
  int resolvedDependencyCount();

  /** The build flavour the builder-id/buildType pair selected. */
  Kind kind();

  /** Fields only SLSA v0.2 provenance has (for claims that must be empty). */
  interface V02Access {
    /** {@code invocation.parameters}, or null. */
    JsonNode parameters();

    /** {@code buildConfig}, or null. */
    JsonNode buildConfig();

    /** {@code metadata.reproducible}. */
    boolean reproducible();

    /** Whether any {@code metadata.completeness} flag is set. */
    boolean anyCompleteness();
  }

  /** The build flavours that read some claims differently. */
  enum Kind {
    /** slsa-github-generator generic, go, container generators and npm CLI v0.2. */
    GENERATOR,
    /** Bring-your-own-builder delegator workflows. */
    BYOB,
    /** The container-based builder. */
    CONTAINER_BASED,
    /** npm CLI on GitHub Actions, SLSA v1. */
    NPM_CLI_GHA,
    /** GitHub artifact attestations (actions/attest). */
    GITHUB_ATTEST,
    /**
     * A Provenant platform release build (build type {@code
     * https://provenant.dev/build-types/sandbox/v1}): source and ref in {@code
     * externalParameters.source}, no workflow.
     */
    PLATFORM_SANDBOX
  }
}
