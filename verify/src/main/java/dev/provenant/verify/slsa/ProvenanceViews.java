package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.slsa.v02.ProvenanceV02;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

/**
 * The {@link SlsaProvenance} views over parsed SLSA v0.2 and v1 documents: where each build flavour
 * ({@link SlsaProvenance.Kind}) keeps its source, trigger, refs and inputs.
 */
final class ProvenanceViews {
  private ProvenanceViews() {}

  private static VerificationException malformedUri(String detail) {
    return new VerificationException("provenance.source", Reason.SOURCE_URI_MALFORMED, detail);
  }

  /** Branch and tag of BYOB builds come from the source URI's ref. */
  private static String byobRef(
      String sourceUri, boolean branch, JsonNode sysParams, String paramsName)
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
        throw GithubEnvironment.payload(
            "unknown ref type \"" + refType + "\" for ref \"" + ur.ref() + "\"");
    }
  }

  private static JsonNode object(JsonNode node, String name) throws VerificationException {
    if (node == null || !node.isObject()) {
      throw GithubEnvironment.payload(name + " is not an object");
    }
    return node;
  }

  /** The first resolved dependency's URI: the source, in both formats. */
  private static <T> String firstUri(
      List<T> dependencies, Function<T, String> uri, String none, String emptyUri)
      throws VerificationException {
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
      if (kind == Kind.PLATFORM_SANDBOX) {
        return sourceRef("heads");
      }
      if (kind == Kind.BYOB) {
        return byobRef(sourceUri(), true, rawSystemParameters(), systemParametersName());
      }
      return environment().branch();
    }

    @Override
    public final String tag() throws VerificationException {
      if (kind == Kind.PLATFORM_SANDBOX) {
        return sourceRef("tags");
      }
      if (kind == Kind.BYOB) {
        return byobRef(sourceUri(), false, null, "");
      }
      return environment().tag();
    }

    @Override
    public final JsonNode workflowInputs() throws VerificationException {
      if (kind == Kind.PLATFORM_SANDBOX) {
        throw new VerificationException(
            "provenance.workflow-inputs",
            Reason.NOT_SUPPORTED,
            "sandbox builds are started by a tag push and take no workflow inputs");
      }
      return environment().workflowInputs();
    }

    /** The source URI's ref when it is of {@code type} (heads or tags), else "". */
    private String sourceRef(String type) throws VerificationException {
      GitRefs.UriAndRef ur = GitRefs.parseGitUriAndRef("provenance.source", sourceUri());
      return GitRefs.parseGitRef(ur.ref()).type().equals(type) ? ur.ref() : "";
    }
  }

  /** SLSA v0.2. */
  static final class V02 extends Base implements SlsaProvenance.V02Access {
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
      return m != null
          && (m.completeParameters() || m.completeEnvironment() || m.completeMaterials());
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
      return firstUri(
          p.predicate().materials(),
          ProvenanceV02.Material::uri,
          "no material",
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
      return firstUri(
          p.buildDefinition().resolvedDependencies(),
          ProvenanceV1.ResourceDescriptor::uri,
          "empty resolvedDependencies",
          "empty resolvedDependencies[0].uri");
    }

    private JsonNode external() throws VerificationException {
      return object(p.buildDefinition().externalParameters(), "externalParameters");
    }

    @Override
    public String triggerUri() throws VerificationException {
      if (kind == Kind.PLATFORM_SANDBOX) {
        return platformString("source", "uri");
      }
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
        throw new VerificationException(
            "provenance.trigger", Reason.PROVENANCE_MALFORMED, "GITHUB_WORKFLOW_REF not present");
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

    /** The string at {@code externalParameters.<path...>} of a sandbox build. */
    String platformString(String... path) throws VerificationException {
      JsonNode v = external();
      for (String name : path) {
        v = v == null || !v.isObject() ? null : v.get(name);
      }
      if (v == null || !v.isTextual()) {
        throw new VerificationException(
            "provenance.external-parameters",
            Reason.PROVENANCE_MALFORMED,
            "externalParameters." + String.join(".", path) + " is not a string");
      }
      return v.textValue();
    }

    @Override
    public String buildTriggerPath() throws VerificationException {
      if (kind == Kind.PLATFORM_SANDBOX) {
        return platformString("buildConfig", "path");
      }
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
