package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.slsa.v02.ProvenanceV02;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads SLSA provenance out of a DSSE envelope for a given builder, as slsa-verifier's
 * {@code ProvenanceFromEnvelope} does: the builder (from the signing certificate, not from the
 * payload) decides which build types are acceptable, and the payload is decoded strictly.
 */
public final class SlsaProvenances {
  static final String CHECK = "provenance.format";

  private SlsaProvenances() {}

  /** Builder URIs (without version) with a meaning for the policy. */
  public static final class Builders {
    private Builders() {}

    static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator";
    /** The generic generator. */
    public static final String GENERIC = GENERATOR + "/.github/workflows/generator_generic_slsa3.yml";
    /** The container generator. */
    public static final String CONTAINER = GENERATOR + "/.github/workflows/generator_container_slsa3.yml";
    /** The Go builder. */
    public static final String GO = GENERATOR + "/.github/workflows/builder_go_slsa3.yml";
    /** The container-based builder. */
    public static final String CONTAINER_BASED = GENERATOR + "/.github/workflows/builder_container-based_slsa3.yml";
    /** The BYOB generic delegator. */
    public static final String DELEGATOR_GENERIC = GENERATOR + "/.github/workflows/delegator_generic_slsa3.yml";
    /** The BYOB low-permission delegator. */
    public static final String DELEGATOR_LOWPERMS = GENERATOR + "/.github/workflows/delegator_lowperms-generic_slsa3.yml";
    /** npm CLI, legacy id. */
    public static final String NPM_CLI_LEGACY = "https://github.com/actions/runner";
    /** npm CLI on GitHub-hosted runners. */
    public static final String NPM_CLI_HOSTED = NPM_CLI_LEGACY + "/github-hosted";
    /** npm CLI on self-hosted runners. */
    public static final String NPM_CLI_SELF_HOSTED = NPM_CLI_LEGACY + "/self-hosted";
    /** Bazel Central Registry ruleset releaser. */
    public static final String BCR_RELEASER = "https://github.com/bazel-contrib/.github/.github/workflows/release_ruleset.yaml";
    /** Bazel Central Registry publisher. */
    public static final String BCR_PUBLISHER = "https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml";
  }

  /** Build type URIs. */
  public static final class BuildTypes {
    private BuildTypes() {}

    /** BYOB delegators. */
    public static final String BYOB_V0 = "https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0";
    /** Container-based builder. */
    public static final String CONTAINER_BASED = "https://slsa.dev/container-based-build/v0.1?draft";
    /** Go builder. */
    public static final String GO_V1 = "https://github.com/slsa-framework/slsa-github-generator/go@v1";
    /** Generic generator. */
    public static final String GENERIC_V1 = "https://github.com/slsa-framework/slsa-github-generator/generic@v1";
    /** Container generator. */
    public static final String CONTAINER_V1 = "https://github.com/slsa-framework/slsa-github-generator/container@v1";
    /** npm CLI, v0.2 provenance. */
    public static final String NPM_CLI_V1 = "https://github.com/npm/cli/gha@v1";
    /** npm CLI, v0.2 provenance, later. */
    public static final String NPM_CLI_V2 = "https://github.com/npm/cli/gha/v2";
    /** npm CLI, v1 provenance. */
    public static final String NPM_CLI_GHA_V1 = "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1";
    /** GitHub actions/attest. */
    public static final String GITHUB_ACTIONS_V1 = "https://actions.github.io/buildtypes/workflow/v1";
    /** Legacy Go builder. */
    public static final String LEGACY_GO_V1 = "https://github.com/slsa-framework/slsa-github-generator-go@v1";
    /** Legacy generic. */
    public static final String LEGACY_V1 = "https://github.com/slsa-framework/slsa-github-generator@v1";
  }

  private static final Map<String, Map<String, SlsaProvenance.Kind>> V02_TYPES = Map.of(
      Builders.DELEGATOR_GENERIC, Map.of(BuildTypes.BYOB_V0, SlsaProvenance.Kind.BYOB),
      Builders.DELEGATOR_LOWPERMS, Map.of(BuildTypes.BYOB_V0, SlsaProvenance.Kind.BYOB),
      Builders.GO, Map.of(BuildTypes.GO_V1, SlsaProvenance.Kind.GENERATOR,
          BuildTypes.LEGACY_V1, SlsaProvenance.Kind.GENERATOR,
          BuildTypes.LEGACY_GO_V1, SlsaProvenance.Kind.GENERATOR),
      Builders.GENERIC, Map.of(BuildTypes.GENERIC_V1, SlsaProvenance.Kind.GENERATOR),
      Builders.CONTAINER, Map.of(BuildTypes.CONTAINER_V1, SlsaProvenance.Kind.GENERATOR),
      Builders.NPM_CLI_LEGACY, Map.of(BuildTypes.NPM_CLI_V1, SlsaProvenance.Kind.GENERATOR,
          BuildTypes.NPM_CLI_V2, SlsaProvenance.Kind.GENERATOR),
      // npm CLI on self-hosted runners is not supported upstream.
      Builders.NPM_CLI_HOSTED, Map.of(BuildTypes.NPM_CLI_V1, SlsaProvenance.Kind.GENERATOR,
          BuildTypes.NPM_CLI_V2, SlsaProvenance.Kind.GENERATOR));

  private static final Map<String, Map<String, SlsaProvenance.Kind>> V1_TYPES = Map.of(
      Builders.DELEGATOR_GENERIC, Map.of(BuildTypes.BYOB_V0, SlsaProvenance.Kind.BYOB),
      Builders.DELEGATOR_LOWPERMS, Map.of(BuildTypes.BYOB_V0, SlsaProvenance.Kind.BYOB),
      Builders.CONTAINER_BASED, Map.of(BuildTypes.CONTAINER_BASED, SlsaProvenance.Kind.CONTAINER_BASED),
      Builders.NPM_CLI_HOSTED, Map.of(BuildTypes.NPM_CLI_GHA_V1, SlsaProvenance.Kind.NPM_CLI_GHA),
      Builders.BCR_RELEASER, Map.of(BuildTypes.GITHUB_ACTIONS_V1, SlsaProvenance.Kind.GITHUB_ATTEST),
      Builders.BCR_PUBLISHER, Map.of(BuildTypes.GITHUB_ACTIONS_V1, SlsaProvenance.Kind.GITHUB_ATTEST));

  /**
   * Reads the provenance in {@code envelope} for the builder {@code certBuilderName}.
   *
   * @throws VerificationException DSSE_PAYLOAD_INVALID for a wrong payload type, unknown predicate
   *     type or a payload that does not decode strictly; BUILDER_ID_INVALID when the builder has
   *     no known build types; BUILD_TYPE_INVALID for a build type the builder does not use
   */
  public static SlsaProvenance fromEnvelope(String certBuilderName, DsseEnvelope envelope)
      throws VerificationException {
    if (!StatementHeader.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw new VerificationException(CHECK, Reason.DSSE_PAYLOAD_INVALID, "unexpected DSSE payload type",
          StatementHeader.PAYLOAD_TYPE, envelope.payloadType());
    }
    byte[] payload = envelope.payload();
    StatementHeader header;
    try {
      header = StatementHeader.parse(payload);
    } catch (JsonFormatException e) {
      throw new VerificationException(CHECK, Reason.DSSE_PAYLOAD_INVALID, "statement: " + e.getMessage());
    }
    if (ProvenanceV02.PREDICATE_TYPE.equals(header.predicateType())) {
      ProvenanceV02 p;
      try {
        p = ProvenanceV02.parse(payload);
      } catch (JsonFormatException e) {
        throw new VerificationException(CHECK, Reason.DSSE_PAYLOAD_INVALID, "SLSA v0.2: " + e.getMessage());
      }
      return new V02(p, kind(V02_TYPES, certBuilderName, p.predicate().buildType()));
    }
    if (ProvenanceV1.PREDICATE_TYPE.equals(header.predicateType())) {
      ProvenanceV1 p;
      try {
        p = ProvenanceV1.parse(payload);
      } catch (JsonFormatException e) {
        throw new VerificationException(CHECK, Reason.DSSE_PAYLOAD_INVALID, "SLSA v1: " + e.getMessage());
      }
      return new V1(p, kind(V1_TYPES, certBuilderName, p.buildDefinition().buildType()));
    }
    throw new VerificationException(CHECK, Reason.DSSE_PAYLOAD_INVALID, "unexpected predicate type",
        ProvenanceV02.PREDICATE_TYPE + " or " + ProvenanceV1.PREDICATE_TYPE, header.predicateType());
  }

  private static SlsaProvenance.Kind kind(Map<String, Map<String, SlsaProvenance.Kind>> types,
      String builder, String buildType) throws VerificationException {
    Map<String, SlsaProvenance.Kind> m = types.get(builder);
    if (m == null) {
      throw new VerificationException(CHECK, Reason.BUILDER_ID_INVALID,
          "no provenance format is known for this builder", "a known builder", builder);
    }
    SlsaProvenance.Kind k = m.get(buildType);
    if (k == null) {
      throw new VerificationException(CHECK, Reason.BUILD_TYPE_INVALID, "build type not used by builder " + builder,
          String.join(" | ", m.keySet()), buildType);
    }
    return k;
  }

  private static VerificationException malformedUri(String detail) {
    return new VerificationException("provenance.source", Reason.SOURCE_URI_MALFORMED, detail);
  }

  /** Branch and tag of BYOB builds come from the source URI's ref. */
  private static String byobRef(String sourceUri, boolean branch, JsonNode sysParams, String paramsName)
      throws VerificationException {
    GitRefs.UriAndRef ur = GitRefs.parseGitUriAndRef("provenance.source", sourceUri);
    if (ur.ref().isEmpty()) {
      throw GithubEnvironment.payload("unable to get ref for source \"" + sourceUri + "\"");
    }
    String refType = GitRefs.parseGitRef(ur.ref()).type();
    switch (refType) {
      case "heads":
        return branch ? ur.ref() : "";
      case "tags":
        if (!branch) {
          return ur.ref();
        }
        if (sysParams == null || !sysParams.isObject()) {
          throw GithubEnvironment.payload(paramsName + " is not an object");
        }
        return new GithubEnvironment(sysParams, true).branch();
      default:
        throw GithubEnvironment.payload("unknown ref type \"" + refType + "\" for ref \"" + ur.ref() + "\"");
    }
  }

  private static JsonNode object(JsonNode node, String name) throws VerificationException {
    if (node == null || !node.isObject()) {
      throw GithubEnvironment.payload(name + " is not an object");
    }
    return node;
  }

  /** The first resolved dependency's URI: the source, in both formats. */
  private static <T> String firstUri(List<T> dependencies, Function<T, String> uri, String none,
      String emptyUri) throws VerificationException {
    if (dependencies.isEmpty()) {
      throw GithubEnvironment.payload(none);
    }
    String first = uri.apply(dependencies.get(0));
    if (first.isEmpty()) {
      throw malformedUri(emptyUri);
    }
    return first;
  }

  /**
   * What both formats share: subjects, and branch, tag and workflow inputs read from the build's
   * system parameters (v0.2 {@code invocation.environment}, v1 {@code internalParameters}).
   */
  private abstract static class Base implements SlsaProvenance {
    private final StatementHeader header;
    final Kind kind;

    Base(StatementHeader header, Kind kind) {
      this.header = header;
      this.kind = kind;
    }

    /** The system parameters as written (null if absent, maybe not an object). */
    abstract JsonNode rawSystemParameters();

    /** Where the format keeps its system parameters, for error details. */
    abstract String systemParametersName();

    /** Whether the system parameters use upper-case GITHUB_* keys. */
    abstract boolean upperCaseKeys();

    @Override
    public final Kind kind() {
      return kind;
    }

    @Override
    public final List<Subject> subjects() throws VerificationException {
      if (header.subjects().isEmpty()) {
        throw GithubEnvironment.payload("no subjects");
      }
      return header.subjects();
    }

    @Override
    public final JsonNode systemParameters() throws VerificationException {
      return object(rawSystemParameters(), systemParametersName());
    }

    private GithubEnvironment environment() throws VerificationException {
      return new GithubEnvironment(systemParameters(), upperCaseKeys());
    }

    @Override
    public final String branch() throws VerificationException {
      if (kind == Kind.BYOB) {
        return byobRef(sourceUri(), true, rawSystemParameters(), systemParametersName());
      }
      return environment().branch();
    }

    @Override
    public final String tag() throws VerificationException {
      if (kind == Kind.BYOB) {
        return byobRef(sourceUri(), false, null, "");
      }
      return environment().tag();
    }

    @Override
    public final JsonNode workflowInputs() throws VerificationException {
      return environment().workflowInputs();
    }
  }

  /** Fields only SLSA v0.2 provenance has (for claims that must be empty). */
  public interface V02Access {
    /** {@code invocation.parameters}, or null. */
    JsonNode parameters();

    /** {@code buildConfig}, or null. */
    JsonNode buildConfig();

    /** {@code metadata.reproducible}. */
    boolean reproducible();

    /** Whether any {@code metadata.completeness} flag is set. */
    boolean anyCompleteness();
  }

  /** SLSA v0.2. */
  static final class V02 extends Base implements V02Access {
    @Override
    public JsonNode parameters() {
      return p.predicate().invocation().parameters();
    }

    @Override
    public JsonNode buildConfig() {
      return p.predicate().buildConfig();
    }

    @Override
    public boolean reproducible() {
      ProvenanceV02.Metadata m = p.predicate().metadata();
      return m != null && m.reproducible();
    }

    @Override
    public boolean anyCompleteness() {
      ProvenanceV02.Metadata m = p.predicate().metadata();
      return m != null && (m.completeParameters() || m.completeEnvironment() || m.completeMaterials());
    }

    final ProvenanceV02 p;

    V02(ProvenanceV02 p, Kind kind) {
      super(p.header(), kind);
      this.p = p;
    }

    @Override
    JsonNode rawSystemParameters() {
      return p.predicate().invocation().environment();
    }

    @Override
    String systemParametersName() {
      return "invocation.environment";
    }

    @Override
    boolean upperCaseKeys() {
      return kind == Kind.BYOB;
    }

    @Override
    public String predicateType() {
      return ProvenanceV02.PREDICATE_TYPE;
    }

    @Override
    public String builderId() {
      return p.predicate().builderId();
    }

    @Override
    public String buildType() {
      return p.predicate().buildType();
    }

    @Override
    public String sourceUri() throws VerificationException {
      return firstUri(p.predicate().materials(), ProvenanceV02.Material::uri, "no material",
          "empty material URI");
    }

    @Override
    public String triggerUri() throws VerificationException {
      String uri = p.predicate().invocation().configSource().uri();
      if (uri.isEmpty()) {
        throw malformedUri("empty configSource URI");
      }
      return uri;
    }

    @Override
    public String buildTriggerPath() {
      return p.predicate().invocation().configSource().entryPoint();
    }

    @Override
    public String buildInvocationId() {
      ProvenanceV02.Metadata m = p.predicate().metadata();
      return m == null ? "" : m.buildInvocationId();
    }

    @Override
    public OffsetDateTime buildStartTime() {
      ProvenanceV02.Metadata m = p.predicate().metadata();
      return m == null ? null : m.buildStartedOn();
    }

    @Override
    public OffsetDateTime buildFinishTime() {
      ProvenanceV02.Metadata m = p.predicate().metadata();
      return m == null ? null : m.buildFinishedOn();
    }

    @Override
    public int resolvedDependencyCount() {
      return p.predicate().materials().size();
    }
  }

  /** SLSA v1. */
  static final class V1 extends Base {
    final ProvenanceV1 p;

    V1(ProvenanceV1 p, Kind kind) {
      super(p.header(), kind);
      this.p = p;
    }

    @Override
    JsonNode rawSystemParameters() {
      return p.buildDefinition().internalParameters();
    }

    @Override
    String systemParametersName() {
      return "internalParameters";
    }

    @Override
    boolean upperCaseKeys() {
      return true;
    }

    @Override
    public String predicateType() {
      return ProvenanceV1.PREDICATE_TYPE;
    }

    @Override
    public String builderId() {
      return p.runDetails().builderId();
    }

    @Override
    public String buildType() {
      return p.buildDefinition().buildType();
    }

    @Override
    public String sourceUri() throws VerificationException {
      return firstUri(p.buildDefinition().resolvedDependencies(), ProvenanceV1.ResourceDescriptor::uri,
          "empty resolvedDependencies", "empty resolvedDependencies[0].uri");
    }

    private JsonNode external() throws VerificationException {
      return object(p.buildDefinition().externalParameters(), "externalParameters");
    }

    @Override
    public String triggerUri() throws VerificationException {
      if (kind == Kind.NPM_CLI_GHA || kind == Kind.GITHUB_ATTEST) {
        JsonNode w = external().get("workflow");
        if (w == null || !w.isObject()) {
          throw format("externalParameters.workflow is not an object");
        }
        JsonNode repo = w.get("repository");
        JsonNode ref = w.get("ref");
        if (repo == null || !repo.isTextual()) {
          throw format("externalParameters.workflow.repository is not a string");
        }
        if (ref == null || !ref.isTextual()) {
          throw format("externalParameters.workflow.ref is not a string");
        }
        return "git+" + repo.textValue() + "@" + ref.textValue();
      }
      JsonNode sys = systemParameters();
      if (!sys.has("GITHUB_WORKFLOW_REF")) {
        throw new VerificationException("provenance.trigger", Reason.PROVENANCE_MALFORMED,
            "GITHUB_WORKFLOW_REF not present");
      }
      String workflowRef = GithubEnvironment.getAsString(sys, "GITHUB_WORKFLOW_REF");
      String[] parts = workflowRef.split("@", -1);
      if (parts.length != 2) {
        throw format("GITHUB_WORKFLOW_REF is not repo/path@ref: " + workflowRef);
      }
      String[] path = parts[0].split("/", -1);
      if (path.length < 2) {
        throw format("GITHUB_WORKFLOW_REF has no owner/repo: " + parts[0]);
      }
      String repository = "git+https://github.com/" + path[0] + "/" + path[1];
      if (parts[1].isEmpty()) {
        throw malformedUri("repository or ref is empty");
      }
      return repository + "@" + parts[1];
    }

    private static VerificationException format(String detail) {
      return new VerificationException("provenance.trigger", Reason.PROVENANCE_MALFORMED, detail);
    }

    @Override
    public String buildTriggerPath() throws VerificationException {
      JsonNode w = external().get("workflow");
      if (w == null) {
        throw GithubEnvironment.payload("externalParameters.workflow missing");
      }
      if (!w.isObject()) {
        throw GithubEnvironment.payload("externalParameters.workflow is not an object");
      }
      JsonNode path = w.get("path");
      if (path == null || !path.isTextual()) {
        throw GithubEnvironment.payload("no path entry on workflow");
      }
      return path.textValue();
    }

    @Override
    public String buildInvocationId() {
      return p.runDetails().invocationId();
    }

    @Override
    public OffsetDateTime buildStartTime() {
      return p.runDetails().startedOn();
    }

    @Override
    public OffsetDateTime buildFinishTime() {
      return p.runDetails().finishedOn();
    }

    @Override
    public int resolvedDependencyCount() {
      return p.buildDefinition().resolvedDependencies().size();
    }
  }
}
