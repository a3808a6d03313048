package dev.provenant.verify.slsa.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.intoto.Subject;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.SlsaProvenance;
import dev.provenant.verify.slsa.WorkflowIdentity;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For provenance written by the npm CLI (not a trusted builder), every claim must be one the Fulcio
 * certificate vouches for: the GitHub context values must equal the certificate's, and claims the
 * certificate cannot back (build times, reproducibility, parameters) must be absent
 * (slsa-verifier's {@code verifyProvenanceMatchesCertificate}).
 */
final class NpmCertificateClaims {
  private NpmCertificateClaims() {}

  private static final Set<String> V02_PARAMS =
      Set.of(
          "GITHUB_EVENT_NAME",
          "GITHUB_REF",
          "GITHUB_REPOSITORY",
          "GITHUB_REPOSITORY_ID",
          "GITHUB_REPOSITORY_OWNER_ID",
          "GITHUB_RUN_ATTEMPT",
          "GITHUB_RUN_ID",
          "GITHUB_SHA",
          "GITHUB_WORKFLOW_REF",
          "GITHUB_WORKFLOW_SHA");

  static VerificationException mismatch(String detail, String expected, String actual) {
    return new VerificationException(
        "npm.certificate-claims", Reason.CERTIFICATE_PROVENANCE_MISMATCH, detail, expected, actual);
  }

  static VerificationException unverifiable(String detail) {
    return new VerificationException("npm.certificate-claims", Reason.NON_VERIFIABLE_CLAIM, detail);
  }

  static void verify(SlsaProvenance p, WorkflowIdentity id) throws VerificationException {
    if (p.kind() == SlsaProvenance.Kind.NPM_CLI_GHA) {
      JsonNode gh = p.systemParameters().get("github");
      if (gh == null || !gh.isObject()) {
        throw new VerificationException(
            "npm.certificate-claims", Reason.PROVENANCE_MALFORMED, "no github parameters");
      }
      Map<String, String> supported = new LinkedHashMap<>();
      supported.put("event_name", id.buildTrigger());
      supported.put("repository_id", id.sourceId());
      supported.put("repository_owner_id", id.sourceOwnerId());
      Iterator<String> it = gh.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        if (!supported.containsKey(k)) {
          throw mismatch("unknown parameter '" + k + "'", String.join(",", supported.keySet()), k);
        }
        parameter(gh, k, supported.get(k));
      }
    } else {
      JsonNode sys = p.systemParameters();
      Iterator<String> it = sys.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        if (!V02_PARAMS.contains(k)) {
          throw mismatch("unknown parameter '" + k + "'", "GITHUB_* context values", k);
        }
      }
      parameter(sys, "GITHUB_EVENT_NAME", id.buildTrigger());
      parameter(sys, "GITHUB_REPOSITORY", id.sourceRepository());
      parameter(sys, "GITHUB_REF", id.sourceRef());
      parameter(sys, "GITHUB_REPOSITORY_ID", id.sourceId());
      parameter(sys, "GITHUB_REPOSITORY_OWNER_ID", id.sourceOwnerId());
      parameter(sys, "GITHUB_SHA", id.sourceSha1());
      String path = id.subjectWorkflow().getPath();
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      parameter(sys, "GITHUB_WORKFLOW_REF", path);
      parameter(sys, "GITHUB_WORKFLOW_SHA", id.subjectSha1());
      if (sys.has("GITHUB_RUN_ID") || sys.has("GITHUB_RUN_ATTEMPT")) {
        if (id.runId() == null) {
          throw mismatch("empty certificate value to verify GITHUB_RUN_*", "a run id", "none");
        }
        String[] run = runIds(id);
        parameter(sys, "GITHUB_RUN_ID", run[0]);
        parameter(sys, "GITHUB_RUN_ATTEMPT", run[1]);
      }
    }
    if (p instanceof dev.provenant.verify.slsa.SlsaProvenance.V02Access v02) {
      JsonNode params = v02.parameters();
      if (params != null && (!params.isObject() || params.size() > 0)) {
        throw unverifiable("invocation.parameters must be empty");
      }
    }
    // Metadata.
    String inv = p.buildInvocationId();
    if (!inv.isEmpty()) {
      String runId;
      String attempt;
      if (p.kind() == SlsaProvenance.Kind.NPM_CLI_GHA) {
        String t =
            inv.startsWith("https://github.com/")
                ? inv.substring("https://github.com/".length())
                : inv;
        String[] parts = t.split("/", -1);
        if (parts.length != 7) {
          throw new VerificationException(
              "npm.certificate-claims",
              Reason.PROVENANCE_MALFORMED,
              "invalid invocation id",
              "7 parts",
              inv);
        }
        runId = parts[4];
        attempt = parts[6];
      } else {
        String[] parts = inv.split("-", -1);
        if (parts.length != 2) {
          throw new VerificationException(
              "npm.certificate-claims",
              Reason.PROVENANCE_MALFORMED,
              "invalid invocation id",
              "run-attempt",
              inv);
        }
        runId = parts[0];
        attempt = parts[1];
      }
      String[] cert = id.runId() == null ? new String[] {"", ""} : runIds(id);
      if (!runId.equals(cert[0])) {
        throw mismatch("run id differs", cert[0], runId);
      }
      if (!attempt.equals(cert[1])) {
        throw mismatch("run attempt differs", cert[1], attempt);
      }
    }
    if (p.buildStartTime() != null) {
      throw unverifiable("build start time cannot be verified");
    }
    if (p.buildFinishTime() != null) {
      throw unverifiable("build finish time cannot be verified");
    }
    if (p instanceof dev.provenant.verify.slsa.SlsaProvenance.V02Access v02) {
      if (v02.reproducible()) {
        throw unverifiable("reproducible cannot be verified");
      }
      if (v02.anyCompleteness()) {
        throw unverifiable("completeness cannot be verified");
      }
    }
    List<Subject> subjects = p.subjects();
    if (subjects.size() != 1) {
      throw unverifiable("expected exactly one subject, got " + subjects.size());
    }
    if (subjects.get(0).digest("sha512") == null) {
      throw unverifiable("the subject has no sha512 digest");
    }
    String trigger;
    try {
      trigger = p.buildTriggerPath();
      if (id.buildConfigPath() == null) {
        throw mismatch(
            "empty certificate value to verify the trigger workflow",
            "a build config path",
            "none");
      }
      if (!trigger.equals(id.buildConfigPath())) {
        throw mismatch("trigger workflow differs", id.buildConfigPath(), trigger);
      }
    } catch (VerificationException e) {
      throw e;
    }
    if (p.resolvedDependencyCount() != 1) {
      throw unverifiable(
          "expected exactly one resolved dependency, got " + p.resolvedDependencyCount());
    }
    if (p instanceof dev.provenant.verify.slsa.SlsaProvenance.V02Access v02) {
      JsonNode bc = v02.buildConfig();
      if (bc != null && (!bc.isObject() || bc.size() > 0)) {
        throw unverifiable("buildConfig must be empty");
      }
    }
  }

  private static String[] runIds(WorkflowIdentity id) throws VerificationException {
    String[] parts = id.runId().split("/", -1);
    if (parts.length != 3) {
      throw new VerificationException(
          "npm.certificate-claims",
          Reason.CERTIFICATE_MALFORMED,
          "invalid run URI",
          "<run>/attempts/<n>",
          id.runId());
    }
    return new String[] {parts[0], parts[2]};
  }

  private static void parameter(JsonNode params, String name, String certValue)
      throws VerificationException {
    if (!params.has(name)) {
      return;
    }
    JsonNode v = params.get(name);
    if (!v.isTextual()) {
      throw new VerificationException(
          "npm.certificate-claims", Reason.PROVENANCE_MALFORMED, name + " is not a string");
    }
    if (certValue == null) {
      throw mismatch(
          "empty certificate value to verify '" + name + "'", "a certificate value", "none");
    }
    if (!v.textValue().equals(certValue)) {
      throw mismatch(name + " differs from the certificate", certValue, v.textValue());
    }
  }
}
