package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.Locale;

/**
 * Reads the GitHub context that slsa-github-generator records in provenance ({@code
 * invocation.environment} in v0.2 with lowercase keys, {@code internalParameters} in v1 with
 * uppercase keys), with slsa-verifier's rules for where a tag build's branch comes from.
 */
final class GithubEnvironment {
  static final String CHECK = "provenance.github-context";

  private final JsonNode env;
  private final boolean upper;

  /**
   * @param env the environment object (callers check it is an object)
   */
  GithubEnvironment(JsonNode env, boolean upper) {
    this.env = env;
    this.upper = upper;
  }

  private String key(String k) {
    return upper ? k.toUpperCase(Locale.ROOT) : k;
  }

  static VerificationException payload(String detail) {
    return new VerificationException(CHECK, Reason.PROVENANCE_MALFORMED, detail);
  }

  /** A string field of an object: missing or non-string values are payload errors. */
  static String getAsString(JsonNode obj, String field) throws VerificationException {
    JsonNode v = obj.get(field);
    if (v == null) {
      throw payload("missing field '" + field + "'");
    }
    if (!v.isTextual()) {
      throw payload("field '" + field + "' is not a string");
    }
    return v.textValue();
  }

  JsonNode eventPayload() throws VerificationException {
    JsonNode p = env.get(key("github_event_payload"));
    if (p == null) {
      throw payload("missing event payload");
    }
    if (!p.isObject()) {
      throw payload("event payload is not an object");
    }
    return p;
  }

  /** The tag ref of a tag-triggered build, "" for a branch build. */
  String tag() throws VerificationException {
    String refType = getAsString(env, key("github_ref_type"));
    switch (refType) {
      case "branch":
        return "";
      case "tag":
        return getAsString(env, key("github_ref"));
      default:
        throw payload("unknown ref type \"" + refType + "\"");
    }
  }

  /** The branch ref of the build; for a tag build, where GitHub records the branch (or ""). */
  String branch() throws VerificationException {
    String refType = getAsString(env, key("github_ref_type"));
    switch (refType) {
      case "branch":
        return getAsString(env, key("github_ref"));
      case "tag":
        return branchForTag();
      default:
        throw payload("unknown ref type \"" + refType + "\"");
    }
  }

  private String branchForTag() throws VerificationException {
    String baseRef = getAsString(env, key("github_base_ref"));
    if (!baseRef.isEmpty()) {
      return baseRef;
    }
    String eventName = getAsString(env, key("github_event_name"));
    JsonNode p = eventPayload();
    switch (eventName) {
      case "push":
        {
          JsonNode v = p.get("base_ref");
          if (v == null) {
            throw payload("missing field 'base_ref' in push payload");
          }
          // base_ref is null when the push was of a commit rather than a branch.
          return v.isTextual() ? v.textValue() : "";
        }
      case "release":
        {
          JsonNode release = p.get("release");
          if (release == null) {
            throw payload("release absent from payload");
          }
          if (!release.isObject()) {
            throw payload("release payload is not an object");
          }
          return "refs/heads/" + getAsString(release, "target_commitish");
        }
      default:
        return "";
    }
  }

  /** The inputs of a {@code workflow_dispatch} event. */
  JsonNode workflowInputs() throws VerificationException {
    String trigger = getAsString(env, key("github_event_name"));
    if (!trigger.equals("workflow_dispatch")) {
      throw new VerificationException(
          "provenance.workflow-inputs",
          Reason.WORKFLOW_INPUTS_MISMATCH,
          "workflow inputs exist only for workflow_dispatch",
          "workflow_dispatch",
          trigger);
    }
    JsonNode inputs = eventPayload().get("inputs");
    if (inputs == null) {
      throw payload("missing 'inputs' in event payload");
    }
    if (!inputs.isObject()) {
      throw payload("event payload 'inputs' is not an object");
    }
    return inputs;
  }
}
