package dev.provenant.verify.slsa;

import dev.provenant.core.slsa.v02.ProvenanceV02;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.verify.slsa.SlsaProvenance.Kind;
import dev.provenant.verify.slsa.TrustedBuilder.BuildType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GitHub's builders, the built-in entries of the trusted-builder registry: the builder ids
 * slsa-verifier knows, the build types each writes (slsa-verifier's {@code ProvenanceFromEnvelope}
 * tables), the GitHub Actions issuer and {@code https://github.com/} sources.
 *
 * <p>The certificate fields of these entries describe GitHub's identities; {@link GhaPolicy} adds
 * the rules only GitHub builders have (release-tag pins, BYOB delegation, upstream's test mode).
 */
public final class GithubBuilders {
  private GithubBuilders() {}

  /** The GitHub Actions OIDC issuer. */
  public static final String ISSUER = "https://token.actions.githubusercontent.com";

  /** Where GitHub's source repositories live. */
  public static final String SOURCE_PREFIX = "https://github.com/";

  static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator";

  /** The generic generator. */
  public static final String GENERIC = GENERATOR + "/.github/workflows/generator_generic_slsa3.yml";

  /** The container generator. */
  public static final String CONTAINER =
      GENERATOR + "/.github/workflows/generator_container_slsa3.yml";

  /** The Go builder. */
  public static final String GO = GENERATOR + "/.github/workflows/builder_go_slsa3.yml";

  /** The container-based builder. */
  public static final String CONTAINER_BASED =
      GENERATOR + "/.github/workflows/builder_container-based_slsa3.yml";

  /** The BYOB generic delegator. */
  public static final String DELEGATOR_GENERIC =
      GENERATOR + "/.github/workflows/delegator_generic_slsa3.yml";

  /** The BYOB low-permission delegator. */
  public static final String DELEGATOR_LOWPERMS =
      GENERATOR + "/.github/workflows/delegator_lowperms-generic_slsa3.yml";

  /** npm CLI, legacy id. */
  public static final String NPM_CLI_LEGACY = "https://github.com/actions/runner";

  /** npm CLI on GitHub-hosted runners. */
  public static final String NPM_CLI_HOSTED = NPM_CLI_LEGACY + "/github-hosted";

  /** npm CLI on self-hosted runners. */
  public static final String NPM_CLI_SELF_HOSTED = NPM_CLI_LEGACY + "/self-hosted";

  /** Bazel Central Registry ruleset releaser. */
  public static final String BCR_RELEASER =
      "https://github.com/bazel-contrib/.github/.github/workflows/release_ruleset.yaml";

  /** Bazel Central Registry publisher. */
  public static final String BCR_PUBLISHER =
      "https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml";

  /** Build type URIs of GitHub's builders. */
  public static final class BuildTypes {
    private BuildTypes() {}

    /** BYOB delegators. */
    public static final String BYOB_V0 =
        "https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0";

    /** Container-based builder. */
    public static final String CONTAINER_BASED =
        "https://slsa.dev/container-based-build/v0.1?draft";

    /** Go builder. */
    public static final String GO_V1 =
        "https://github.com/slsa-framework/slsa-github-generator/go@v1";

    /** Generic generator. */
    public static final String GENERIC_V1 =
        "https://github.com/slsa-framework/slsa-github-generator/generic@v1";

    /** Container generator. */
    public static final String CONTAINER_V1 =
        "https://github.com/slsa-framework/slsa-github-generator/container@v1";

    /** npm CLI, v0.2 provenance. */
    public static final String NPM_CLI_V1 = "https://github.com/npm/cli/gha@v1";

    /** npm CLI, v0.2 provenance, later. */
    public static final String NPM_CLI_V2 = "https://github.com/npm/cli/gha/v2";

    /** npm CLI, v1 provenance. */
    public static final String NPM_CLI_GHA_V1 =
        "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1";

    /** GitHub actions/attest. */
    public static final String GITHUB_ACTIONS_V1 =
        "https://actions.github.io/buildtypes/workflow/v1";

    /** Legacy Go builder. */
    public static final String LEGACY_GO_V1 =
        "https://github.com/slsa-framework/slsa-github-generator-go@v1";

    /** Legacy generic. */
    public static final String LEGACY_V1 =
        "https://github.com/slsa-framework/slsa-github-generator@v1";
  }

  private static final String V02 = ProvenanceV02.PREDICATE_TYPE;
  private static final String V1 = ProvenanceV1.PREDICATE_TYPE;

  /**
   * The built-in entries. Reusable workflows sign as themselves ({@code <id>@<ref>}); the npm CLI
   * ids name the runner, so any GitHub workflow may sign for them. npm CLI on self-hosted runners
   * has no entry: upstream does not support it.
   */
  public static final List<TrustedBuilder> BUILT_IN =
      List.of(
          workflow(
              DELEGATOR_GENERIC,
              new BuildType(V02, BuildTypes.BYOB_V0, Kind.BYOB),
              new BuildType(V1, BuildTypes.BYOB_V0, Kind.BYOB)),
          workflow(
              DELEGATOR_LOWPERMS,
              new BuildType(V02, BuildTypes.BYOB_V0, Kind.BYOB),
              new BuildType(V1, BuildTypes.BYOB_V0, Kind.BYOB)),
          workflow(
              GO,
              new BuildType(V02, BuildTypes.GO_V1, Kind.GENERATOR),
              new BuildType(V02, BuildTypes.LEGACY_V1, Kind.GENERATOR),
              new BuildType(V02, BuildTypes.LEGACY_GO_V1, Kind.GENERATOR)),
          workflow(GENERIC, new BuildType(V02, BuildTypes.GENERIC_V1, Kind.GENERATOR)),
          workflow(CONTAINER, new BuildType(V02, BuildTypes.CONTAINER_V1, Kind.GENERATOR)),
          workflow(
              CONTAINER_BASED, new BuildType(V1, BuildTypes.CONTAINER_BASED, Kind.CONTAINER_BASED)),
          anyWorkflow(
              NPM_CLI_LEGACY,
              new BuildType(V02, BuildTypes.NPM_CLI_V1, Kind.GENERATOR),
              new BuildType(V02, BuildTypes.NPM_CLI_V2, Kind.GENERATOR)),
          anyWorkflow(
              NPM_CLI_HOSTED,
              new BuildType(V02, BuildTypes.NPM_CLI_V1, Kind.GENERATOR),
              new BuildType(V02, BuildTypes.NPM_CLI_V2, Kind.GENERATOR),
              new BuildType(V1, BuildTypes.NPM_CLI_GHA_V1, Kind.NPM_CLI_GHA)),
          workflow(
              BCR_RELEASER, new BuildType(V1, BuildTypes.GITHUB_ACTIONS_V1, Kind.GITHUB_ATTEST)),
          workflow(
              BCR_PUBLISHER, new BuildType(V1, BuildTypes.GITHUB_ACTIONS_V1, Kind.GITHUB_ATTEST)));

  /** A reusable workflow: the certificate names the workflow itself at some ref. */
  private static TrustedBuilder workflow(String id, BuildType... types) {
    return new TrustedBuilder(
        id, ISSUER, "^" + Pattern.quote(id) + "@.+$", SOURCE_PREFIX, List.of(types));
  }

  /** A builder id that names a runner: the certificate names the user's workflow. */
  private static TrustedBuilder anyWorkflow(String id, BuildType... types) {
    return new TrustedBuilder(
        id, ISSUER, "^" + Pattern.quote(SOURCE_PREFIX) + ".+$", SOURCE_PREFIX, List.of(types));
  }
}
