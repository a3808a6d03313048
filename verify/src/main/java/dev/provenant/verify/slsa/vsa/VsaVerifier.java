package dev.provenant.verify.slsa.vsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.intoto.Statement;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.DsseEnvelopes;
import dev.provenant.verify.slsa.PublicKeys;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a SLSA Verification Summary Attestation signed with a known key, following
 * https://slsa.dev/spec/v1.1/verification_summary#how-to-verify in slsa-verifier's order:
 * signature, predicate type, subject digests, verifier id, resource URI, result PASSED, levels.
 */
public final class VsaVerifier {
  /** The VSA v1 predicate type. */
  public static final String PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";

  private VsaVerifier() {}

  /**
   * What the user expects of a VSA.
   *
   * @param subjectDigests {@code type:value} digests that must all be among the subjects
   * @param verifierId the expected {@code verifier.id}
   * @param resourceUri the expected {@code resourceUri}
   * @param verifiedLevels levels that must be present ({@code SLSA_<TRACK>_LEVEL_<n>} at least)
   */
  public record Expectations(
      List<String> subjectDigests,
      String verifierId,
      String resourceUri,
      List<String> verifiedLevels) {
    /** Copies. */
    public Expectations {
      subjectDigests = List.copyOf(subjectDigests);
      Objects.requireNonNull(verifierId, "verifierId");
      Objects.requireNonNull(resourceUri, "resourceUri");
      verifiedLevels = List.copyOf(verifiedLevels);
    }
  }

  /**
   * Verifies the VSA envelope {@code attestation} with {@code key}.
   *
   * @param keyId the key id to match envelope signatures against; "" for the key's SSH-style
   *     SHA-256 fingerprint, as DSSE libraries default to
   * @return the verified statement bytes
   * @throws VerificationException the first failed check
   */
  public static byte[] verify(
      byte[] attestation, PublicKey key, String keyId, Expectations want, Checks checks)
      throws VerificationException {
    DsseEnvelope env = DsseEnvelopes.parse(attestation);
    if (!StatementHeader.PAYLOAD_TYPE.equals(env.payloadType())) {
      throw new VerificationException(
          "vsa.envelope",
          Reason.DSSE_PAYLOAD_INVALID,
          "unexpected payload type",
          StatementHeader.PAYLOAD_TYPE,
          env.payloadType());
    }
    String effectiveKeyId = keyId.isEmpty() ? SshFingerprints.sha256(key) : keyId;
    boolean verified = false;
    for (DsseEnvelope.Signature s : env.signatures()) {
      if (!s.keyid().isEmpty() && !effectiveKeyId.isEmpty() && !s.keyid().equals(effectiveKeyId)) {
        continue;
      }
      if (PublicKeys.verifyAnyEcdsaEncoding(
          key,
          dev.provenant.core.x509.SignatureAlgorithms.defaultFor(key),
          dev.provenant.core.dsse.Pae.encode(env.payloadType(), env.payload()),
          s.sig())) {
        verified = true;
        break;
      }
    }
    if (!verified) {
      throw new VerificationException(
          "vsa.signature",
          Reason.SIGNATURE_INVALID,
          "no envelope signature verifies with the given key",
          effectiveKeyId,
          env.signatures().isEmpty() ? "no signatures" : env.signatures().get(0).keyid());
    }
    checks.pass("vsa.signature", effectiveKeyId, "verified");
    byte[] payload = env.payload();
    if (payload.length == 0) {
      throw new VerificationException("vsa.statement", Reason.INPUT_MALFORMED, "empty payload");
    }
    Statement st;
    try {
      st = lenientStatement(payload);
    } catch (JsonFormatException e) {
      throw new VerificationException("vsa.statement", Reason.DSSE_PAYLOAD_INVALID, e.getMessage());
    }
    if (!PREDICATE_TYPE.equals(st.predicateType())) {
      throw new VerificationException(
          "vsa.statement",
          Reason.DSSE_PAYLOAD_INVALID,
          "not a VSA",
          PREDICATE_TYPE,
          st.predicateType());
    }
    GoJson.Struct pred;
    String verifierId;
    String resourceUri;
    String result;
    List<String> levels;
    try {
      pred =
          GoJson.struct(
              st.predicate(),
              "predicate",
              false,
              "verifier",
              "timeVerified",
              "resourceUri",
              "policy",
              "inputAttestations",
              "verificationResult",
              "verifiedLevels",
              "dependencyLevels",
              "slsaVersion");
      verifierId =
          GoJson.struct(pred.raw("verifier"), "predicate.verifier", false, "id", "version")
              .string("id");
      resourceUri = pred.string("resourceUri");
      result = pred.string("verificationResult");
      levels = pred.stringList("verifiedLevels");
    } catch (JsonFormatException e) {
      throw new VerificationException("vsa.statement", Reason.DSSE_PAYLOAD_INVALID, e.getMessage());
    }
    matchDigests(st.subjects(), want.subjectDigests());
    checks.pass("vsa.subject-digests", String.join(",", want.subjectDigests()), "present");
    if (verifierId.isEmpty()) {
      throw new VerificationException(
          "vsa.verifier-id", Reason.REQUIRED_FIELD_EMPTY, "no verifier id in the VSA");
    }
    if (!want.verifierId().equals(verifierId)) {
      throw new VerificationException(
          "vsa.verifier-id",
          Reason.VERIFIER_ID_MISMATCH,
          "another verifier",
          want.verifierId(),
          verifierId);
    }
    checks.pass("vsa.verifier-id", want.verifierId(), verifierId);
    if (resourceUri.isEmpty()) {
      throw new VerificationException(
          "vsa.resource-uri", Reason.REQUIRED_FIELD_EMPTY, "no resourceUri in the VSA");
    }
    if (!want.resourceUri().equals(resourceUri)) {
      throw new VerificationException(
          "vsa.resource-uri",
          Reason.RESOURCE_URI_MISMATCH,
          "another resource",
          want.resourceUri(),
          resourceUri);
    }
    checks.pass("vsa.resource-uri", want.resourceUri(), resourceUri);
    if (!result.equals("PASSED")) {
      throw new VerificationException(
          "vsa.result",
          Reason.VERIFICATION_RESULT_NOT_PASSED,
          "the verifier did not pass the resource",
          "PASSED",
          result);
    }
    checks.pass("vsa.result", "PASSED", result);
    matchLevels(levels, want.verifiedLevels());
    checks.pass(
        "vsa.verified-levels", String.join(",", want.verifiedLevels()), String.join(",", levels));
    return payload;
  }

  private static Statement lenientStatement(byte[] payload) throws JsonFormatException {
    JsonNode n = GoJson.parse(payload);
    StatementHeader h = StatementHeader.fromJson(n);
    if (!h.isKnownType()) {
      throw new JsonFormatException("statement._type: invalid statement type \"" + h.type() + "\"");
    }
    return new Statement(h, n.get("predicate"));
  }

  private static void matchDigests(List<Subject> subjects, List<String> expected)
      throws VerificationException {
    String check = "vsa.subject-digests";
    if (expected.isEmpty()) {
      throw new VerificationException(
          check, Reason.REQUIRED_FIELD_EMPTY, "no subject digests given");
    }
    Map<String, Set<String>> all = new HashMap<>();
    for (Subject s : subjects) {
      s.digest().forEach((t, v) -> all.computeIfAbsent(t, k -> new HashSet<>()).add(v));
    }
    if (all.isEmpty()) {
      throw new VerificationException(
          check, Reason.DSSE_PAYLOAD_INVALID, "no subject digests in the VSA");
    }
    for (String e : expected) {
      String[] parts = e.split(":", 2);
      if (parts.length != 2) {
        throw new VerificationException(
            check, Reason.DSSE_PAYLOAD_INVALID, "digest is not <type>:<value>", "type:value", e);
      }
      if (!all.getOrDefault(parts[0], Set.of()).contains(parts[1])) {
        throw new VerificationException(
            check,
            Reason.SUBJECT_DIGEST_MISSING,
            "expected digest not among subjects",
            e,
            all.keySet().toString());
      }
    }
  }

  private static Map<String, Integer> slsaLevels(List<String> levels) throws VerificationException {
    Map<String, Integer> m = new HashMap<>();
    for (String l : levels) {
      if (!l.startsWith("SLSA_")) {
        continue;
      }
      String[] p = l.split("_", 4);
      int level;
      try {
        if (p.length != 4 || !p[2].equals("LEVEL")) {
          throw new NumberFormatException();
        }
        level = Integer.parseInt(p[3]);
      } catch (NumberFormatException e) {
        throw new VerificationException(
            "vsa.verified-levels",
            Reason.SLSA_LEVEL_INVALID,
            "invalid SLSA level",
            "SLSA_<TRACK>_LEVEL_<n>",
            l);
      }
      m.merge(p[1], level, Math::max);
    }
    return m;
  }

  private static void matchLevels(List<String> got, List<String> want)
      throws VerificationException {
    String check = "vsa.verified-levels";
    Map<String, Integer> wanted = slsaLevels(want);
    Map<String, Integer> have = slsaLevels(got);
    for (Map.Entry<String, Integer> w : wanted.entrySet()) {
      Integer h = have.get(w.getKey());
      if (h == null) {
        throw new VerificationException(
            check,
            Reason.VERIFIED_LEVELS_MISMATCH,
            "SLSA track not verified",
            "SLSA_" + w.getKey() + "_LEVEL_" + w.getValue(),
            "absent");
      }
      if (h < w.getValue()) {
        throw new VerificationException(
            check,
            Reason.VERIFIED_LEVELS_MISMATCH,
            "SLSA level too low",
            ">= " + w.getValue(),
            String.valueOf(h));
      }
    }
    Set<String> other = new HashSet<>();
    for (String g : got) {
      if (!g.startsWith("SLSA_")) {
        other.add(g);
      }
    }
    for (String w : want) {
      if (!w.startsWith("SLSA_") && !other.contains(w)) {
        throw new VerificationException(
            check,
            Reason.VERIFIED_LEVELS_MISMATCH,
            "verified level not found",
            w,
            String.join(",", got));
      }
    }
  }
}
