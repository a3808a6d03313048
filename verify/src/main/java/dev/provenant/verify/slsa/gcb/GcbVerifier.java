package dev.provenant.verify.slsa.gcb;

import static dev.provenant.verify.slsa.gcb.GcbDocuments.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.BuilderId;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.DsseEnvelopes;
import dev.provenant.verify.slsa.GhaPolicy;
import dev.provenant.verify.slsa.InputDocuments;
import dev.provenant.verify.slsa.PublicKeys;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.gcb.GcbDocuments.Envelope;
import dev.provenant.verify.slsa.gcb.GcbDocuments.GcloudOutput;
import dev.provenant.verify.slsa.gcb.GcbDocuments.ImageSummary;
import dev.provenant.verify.slsa.gcb.GcbDocuments.ProvenanceEntry;
import dev.provenant.verify.slsa.gcb.GcbDocuments.Signature;
import dev.provenant.verify.slsa.gcb.GcbDocuments.Statement;
import dev.provenant.verify.slsa.gcb.GcbDocuments.Subject;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies Google Cloud Build provenance for a container image, from the JSON that {@code gcloud
 * artifacts docker images describe IMAGE --show-provenance --format json} prints, with
 * slsa-verifier's checks in its order: a signature by an embedded GCB key, builder and recipe,
 * subject digest, source, metadata, image summary, the unsigned human-readable copy of the
 * statement, then branch, tag and versioned tag. No network access.
 */
public final class GcbVerifier {
  /**
   * The GCB builder name ({@code --builder-id}, with {@code @v0.2}/{@code @v0.3} for SLSA v0.1).
   */
  public static final String BUILDER_NAME = "https://cloudbuild.googleapis.com/GoogleHostedWorker";

  static final String V01_PREDICATE = "https://slsa.dev/provenance/v0.1";
  static final String V1_PREDICATE = "https://slsa.dev/provenance/v1";
  static final List<String> V01_BUILDERS = List.of(BUILDER_NAME + "@v0.2", BUILDER_NAME + "@v0.3");
  static final List<String> V1_BUILDERS = List.of(BUILDER_NAME);
  static final String V1_BUILD_TYPE =
      "https://cloud.google.com/build/gcb-buildtypes/google-worker/v1";
  static final String BUILD_ARG_TYPE = "type.googleapis.com/google.devtools.cloudbuild.v1.Build";
  private static final Pattern REGIONAL_KEY =
      Pattern.compile(
          "^projects/verified-builder/locations/(.*)/keyRings/attestor/cryptoKeys/builtByGCB/cryptoKeyVersions/1$");

  // Go struct shapes of the gcloud output and of SLSA v0.1 / v1 statements.
  private static final GoShape.Struct SUBJECT =
      GoShape.struct("name", GoShape.STRING, "digest", GoShape.STRING_MAP);
  private static final GoShape.Struct HEADER =
      GoShape.struct(
          "_type",
          GoShape.STRING,
          "predicateType",
          GoShape.STRING,
          "subject",
          GoShape.slice(SUBJECT));
  private static final GoShape.Struct PRED_V01 =
      GoShape.struct(
          "builder", GoShape.struct("id", GoShape.STRING),
          "recipe",
              GoShape.struct(
                  "type",
                  GoShape.STRING,
                  "entryPoint",
                  GoShape.STRING,
                  "arguments",
                  GoShape.ANY,
                  "environment",
                  GoShape.ANY),
          "metadata",
              GoShape.struct(
                      "buildStartedOn",
                      GoShape.TIME_PTR,
                      "buildFinishedOn",
                      GoShape.TIME_PTR,
                      "completeness",
                      GoShape.struct(
                          "arguments",
                          GoShape.BOOL,
                          "environment",
                          GoShape.BOOL,
                          "materials",
                          GoShape.BOOL),
                      "reproducible",
                      GoShape.BOOL)
                  .pointer(),
          "materials",
              GoShape.slice(GoShape.struct("uri", GoShape.STRING, "digest", GoShape.STRING_MAP)));
  private static final GoShape.Struct RD =
      GoShape.struct(
          "uri",
          GoShape.STRING,
          "digest",
          GoShape.STRING_MAP,
          "name",
          GoShape.STRING,
          "downloadLocation",
          GoShape.STRING,
          "mediaType",
          GoShape.STRING,
          "content",
          GoShape.BYTES,
          "annotations",
          GoShape.ANY_MAP);
  private static final GoShape.Struct PRED_V1 =
      GoShape.struct(
          "buildDefinition",
              GoShape.struct(
                  "buildType",
                  GoShape.STRING,
                  "externalParameters",
                  GoShape.ANY,
                  "internalParameters",
                  GoShape.ANY,
                  "resolvedDependencies",
                  GoShape.slice(RD)),
          "runDetails",
              GoShape.struct(
                  "builder",
                      GoShape.struct(
                          "id",
                          GoShape.STRING,
                          "version",
                          GoShape.STRING_MAP,
                          "builderDependencies",
                          GoShape.slice(RD)),
                  "metadata",
                      GoShape.struct(
                          "invocationId",
                          GoShape.STRING,
                          "startedOn",
                          GoShape.TIME_PTR,
                          "finishedOn",
                          GoShape.TIME_PTR),
                  "byproducts", GoShape.slice(RD)));
  private static final GoShape.Struct SIGNED_V01 = HEADER.with("predicate", PRED_V01);
  private static final GoShape.Struct TEXT_V01 = HEADER.with("slsaProvenance", PRED_V01);
  private static final GoShape.Struct SIGNED_V1 = HEADER.with("predicate", PRED_V1);
  private static final GoShape.Struct ENVELOPE =
      GoShape.struct(
          "payloadType",
          GoShape.STRING,
          "payload",
          GoShape.STRING,
          "signatures",
          GoShape.slice(GoShape.struct("keyid", GoShape.STRING, "sig", GoShape.STRING)));
  private static final GoShape.Struct GCLOUD =
      GoShape.struct(
          "image_summary",
              GoShape.struct(
                  "digest",
                  GoShape.STRING,
                  "fully_qualified_digest",
                  GoShape.STRING,
                  "registry",
                  GoShape.STRING,
                  "repository",
                  GoShape.STRING),
          "provenance_summary",
              GoShape.struct(
                  "provenance",
                  GoShape.slice(
                      GoShape.struct(
                          "build",
                          GoShape.struct(
                              "intotoStatement", TEXT_V01, "inTotoSlsaProvenanceV1", SIGNED_V1),
                          "kind",
                          GoShape.STRING,
                          "resourceUri",
                          GoShape.STRING,
                          "envelope",
                          ENVELOPE))));

  private GcbVerifier() {}

  /**
   * What GCB verification established.
   *
   * @param builderId the verified builder id
   * @param statement the signed in-toto statement bytes
   * @param keyName the embedded key that verified it
   */
  public record Result(BuilderId builderId, byte[] statement, String keyName) {
    /** Copies. */
    public Result {
      statement = statement.clone();
    }

    @Override
    public byte[] statement() {
      return statement.clone();
    }
  }

  /** A provenance whose signature verified: the gcloud entry, the signed statement, the key. */
  private record Verified(
      ProvenanceEntry entry, Statement statement, byte[] payload, String keyName) {
    boolean v1() {
      return statement.v1();
    }
  }

  private static VerificationException payload(String detail) {
    return new VerificationException("gcb.provenance", Reason.PROVENANCE_MALFORMED, detail);
  }

  /**
   * Verifies GCB provenance for the image with digest {@code imageDigestHex}.
   *
   * @param gcloudJson the gcloud describe output
   * @param policy the expectations; {@code builderId} must be given (GCB has no default)
   * @throws VerificationException the first failed check
   */
  public static Result verifyImage(
      byte[] gcloudJson, String imageDigestHex, SlsaPolicy policy, Checks checks)
      throws VerificationException {
    JsonNode root = InputDocuments.object(gcloudJson, "gcb.provenance", "gcloud describe output");
    GcloudOutput doc;
    try {
      doc = GcloudOutput.of(GCLOUD.decode(root, "gcloud"));
    } catch (JsonFormatException e) {
      throw new VerificationException(
          "gcb.provenance", Reason.DSSE_PAYLOAD_INVALID, e.getMessage());
    }
    Verified v = verifySignature(doc);
    checks.pass("gcb.signature", "a signature by a GCB key", v.keyName());
    BuilderId builder = verifyBuilder(v, policy.builderId());
    checks.pass("gcb.builder", policy.builderId(), builder.toString());
    verifySubjectDigest(v, imageDigestHex);
    checks.pass("gcb.subject-digest", "sha256:" + imageDigestHex, "a subject");
    verifySource(v, policy.sourceUri(), builder);
    checks.pass("gcb.source", policy.sourceUri(), sourceUri(v));
    String kind = v.entry().kind();
    if (!kind.equals("BUILD")) {
      throw new VerificationException(
          "gcb.metadata", Reason.INPUT_MALFORMED, "provenance kind is not BUILD", "BUILD", kind);
    }
    String resourceUri = v.entry().resourceUri();
    if (!resourceUri.endsWith("@sha256:" + imageDigestHex)) {
      throw new VerificationException(
          "gcb.metadata",
          Reason.SUBJECT_DIGEST_MISMATCH,
          "resourceUri names another image",
          "...@sha256:" + imageDigestHex,
          resourceUri);
    }
    ImageSummary summary = doc.imageSummary();
    if (!summary.digest().equals("sha256:" + imageDigestHex)) {
      throw new VerificationException(
          "gcb.image-summary",
          Reason.SUBJECT_DIGEST_MISMATCH,
          "image summary digest differs",
          "sha256:" + imageDigestHex,
          summary.digest());
    }
    if (!summary.fullyQualifiedDigest().endsWith("sha256:" + imageDigestHex)) {
      throw new VerificationException(
          "gcb.image-summary",
          Reason.SUBJECT_DIGEST_MISMATCH,
          "image summary fully qualified digest differs",
          "...sha256:" + imageDigestHex,
          summary.fullyQualifiedDigest());
    }
    checks.pass("gcb.metadata", "BUILD @sha256:" + imageDigestHex, resourceUri);
    verifyTextStatement(v);
    checks.pass("gcb.text-statement", "equal to the signed statement", "equal");
    if (policy.branch() != null) {
      throw new VerificationException(
          "gcb.branch",
          Reason.NOT_SUPPORTED,
          "branch verification is not supported for GCB provenance",
          policy.branch(),
          "unknown");
    }
    if (policy.tag() != null) {
      String tag = sourceTag(v, "gcb.tag", Reason.TAG_MISMATCH);
      if (!tag.equals(policy.tag())) {
        throw new VerificationException(
            "gcb.tag", Reason.TAG_MISMATCH, "built from another tag", policy.tag(), tag);
      }
      checks.pass("gcb.tag", policy.tag(), tag);
    }
    if (policy.versionedTag() != null) {
      String tag = sourceTag(v, "gcb.versioned-tag", Reason.VERSIONED_TAG_MISMATCH);
      GhaPolicy.verifyVersionedTag(tag, policy.versionedTag());
      checks.pass("gcb.versioned-tag", policy.versionedTag(), tag);
    }
    return new Result(builder, v.payload(), v.keyName());
  }

  private static Verified verifySignature(GcloudOutput doc) throws VerificationException {
    List<ProvenanceEntry> provs = doc.provenance();
    if (provs.isEmpty()) {
      throw new VerificationException(
          "gcb.provenance",
          Reason.NO_ATTESTATION,
          "no provenance found",
          "provenance_summary.provenance[]",
          "none");
    }
    List<String> errors = new ArrayList<>();
    for (ProvenanceEntry entry : provs) {
      Envelope env = entry.envelope();
      String payloadType = env.payloadType();
      if (!payloadType.equals(StatementHeader.PAYLOAD_TYPE)) {
        errors.add("payload type " + payloadType);
        continue;
      }
      byte[] payload;
      try {
        payload = Base64.getDecoder().decode(env.payload());
      } catch (IllegalArgumentException e) {
        errors.add("payload is not base64");
        continue;
      }
      if (payload.length == 0) {
        errors.add("empty payload");
        continue;
      }
      List<Signature> sigs = env.signatures();
      if (sigs.isEmpty()) {
        errors.add("no signatures");
        continue;
      }
      for (Signature sig : sigs) {
        String keyId = sig.keyId();
        // Undecodable: empty, which no key verifies.
        byte[] sigBytes = DsseEnvelopes.decodeSig(sig.sig());
        String keyName;
        Optional<String> global = GcbKeys.globalName(keyId);
        Matcher m = REGIONAL_KEY.matcher(keyId);
        if (global.isPresent()) {
          PublicKey key = GcbKeys.byName(global.get()).orElse(null);
          // A global key signs the DSSE PAE (keyid matches by construction).
          if (key == null
              || !PublicKeys.verify(
                  key,
                  "SHA256withECDSA",
                  dev.provenant.core.dsse.Pae.encode(payloadType, payload),
                  sigBytes)) {
            errors.add("invalid signature by " + global.get());
            continue;
          }
          keyName = global.get();
        } else if (m.matches()) {
          // Regional keys sign the payload itself (legacy, not PAE).
          Optional<PublicKey> key = GcbKeys.regional(m.group(1));
          if (key.isEmpty()) {
            errors.add("no GCB key for region " + m.group(1));
            continue;
          }
          if (!PublicKeys.verify(key.get(), "SHA256withECDSA", payload, sigBytes)) {
            errors.add("invalid signature by region " + m.group(1));
            continue;
          }
          keyName = m.group(1);
        } else {
          continue;
        }
        boolean v1 = keyId.equals(GcbKeys.V10_GLOBAL_KEY_ID);
        try {
          Statement st =
              Statement.of(
                  (v1 ? SIGNED_V1 : SIGNED_V01).decode(GoJson.parse(payload), "statement"), v1);
          String type = st.type();
          if (!type.equals(StatementHeader.TYPE_V01) && !type.equals(StatementHeader.TYPE_V1)) {
            errors.add("statement type " + type);
            continue;
          }
          String want = v1 ? V1_PREDICATE : V01_PREDICATE;
          if (!st.predicateType().equals(want)) {
            errors.add("predicate type " + st.predicateType());
            continue;
          }
          return new Verified(entry, st, payload, keyName);
        } catch (JsonFormatException e) {
          errors.add(e.getMessage());
        }
      }
    }
    throw new VerificationException(
        "gcb.signature",
        Reason.NO_SIGNATURE,
        "no provenance carries a valid signature by a GCB key: " + String.join("; ", errors));
  }

  private static BuilderId verifyBuilder(Verified v, String expected) throws VerificationException {
    String check = "gcb.builder";
    String id = v.statement().builderId();
    List<String> allowed = v.v1() ? V1_BUILDERS : V01_BUILDERS;
    if (!allowed.contains(id)) {
      throw new VerificationException(
          check,
          Reason.BUILDER_ID_INVALID,
          "not a GCB builder id",
          String.join(" | ", allowed),
          id);
    }
    BuilderId b = BuilderId.parse(check, id, !v.v1());
    if (expected != null) {
      b.matchesLoose(check, expected, false);
    }
    if (v.v1()) {
      String bt = v.statement().buildType();
      if (!bt.equals(V1_BUILD_TYPE)) {
        throw new VerificationException(
            check, Reason.BUILD_TYPE_INVALID, "unexpected build type", V1_BUILD_TYPE, bt);
      }
      return b;
    }
    String type = v.statement().recipeType();
    if (b.version().equals("v0.2")) {
      if (!type.equals(b.toString())) {
        throw new VerificationException(
            check,
            Reason.BUILD_RECIPE_INVALID,
            "recipe type differs from builder",
            b.toString(),
            type);
      }
    } else if (b.version().equals("v0.3")) {
      if (!type.startsWith("https://cloudbuild.googleapis.com/CloudBuildYaml@")
          && !type.startsWith("https://cloudbuild.googleapis.com/CloudBuildSteps@")) {
        throw new VerificationException(
            check,
            Reason.BUILD_RECIPE_INVALID,
            "unexpected recipe type",
            "CloudBuildYaml@ or CloudBuildSteps@",
            type);
      }
    }
    Object args = v.statement().recipeArguments();
    if (!(args instanceof Map<?, ?>)) {
      throw payload("recipe arguments is not a map");
    }
    Object t = map(args).get("@type");
    if (!(t instanceof String ts)) {
      throw payload("recipe arguments @type is absent or not a string");
    }
    if (!ts.equals(BUILD_ARG_TYPE)) {
      throw new VerificationException(
          check,
          Reason.BUILDER_MISMATCH,
          "recipe arguments are not a Cloud Build",
          BUILD_ARG_TYPE,
          ts);
    }
    return b;
  }

  private static void verifySubjectDigest(Verified v, String hex) throws VerificationException {
    List<Subject> subjects = v.statement().subjects();
    if (subjects.isEmpty()) {
      throw payload("no subjects");
    }
    for (Subject s : subjects) {
      Object h = s.digest().get("sha256");
      if (h == null) {
        throw payload("a subject has no sha256 digest");
      }
      if (h.equals(hex)) {
        return;
      }
    }
    throw new VerificationException(
        "gcb.subject-digest",
        Reason.SUBJECT_DIGEST_MISMATCH,
        "the image is not a subject of the provenance",
        "sha256:" + hex,
        subjects.size() + " subject(s)");
  }

  private static String sourceUri(Verified v) throws VerificationException {
    if (v.v1()) {
      Object ext = v.statement().externalParameters();
      if (!(ext instanceof Map<?, ?>)) {
        throw payload("externalParameters is not a map");
      }
      return configSourceField(map(ext), "repository") + "@" + configSourceField(map(ext), "ref");
    }
    List<String> materials = v.statement().materialUris();
    if (materials.isEmpty()) {
      throw payload("no material");
    }
    String uri = materials.get(0);
    if (uri.isEmpty()) {
      throw new VerificationException(
          "gcb.source", Reason.SOURCE_URI_MALFORMED, "empty material URI");
    }
    return uri;
  }

  private static String configSourceField(Map<String, Object> ext, String field)
      throws VerificationException {
    Object bcs = ext.get("buildConfigSource");
    if (bcs == null) {
      throw payload("externalParameters.buildConfigSource not present");
    }
    if (!(bcs instanceof Map<?, ?>)) {
      throw payload("buildConfigSource is not a map");
    }
    Object f = map(bcs).get(field);
    if (!(f instanceof String s)) {
      throw payload("buildConfigSource." + field + " absent or not a string");
    }
    return s;
  }

  private static void verifySource(Verified v, String expected, BuilderId builder)
      throws VerificationException {
    String check = "gcb.source";
    String uri = sourceUri(v);
    if (uri.startsWith("git+")) {
      uri = uri.substring(4);
    }
    if (uri.startsWith("https://") && !expected.startsWith("https://")) {
      expected = "https://" + expected;
    }
    if (v.v1()) {
      String[] parts = uri.split("@", -1);
      if (parts.length != 2) {
        throw new VerificationException(
            check, Reason.PROVENANCE_MALFORMED, "no version in source URI", "uri@ref", uri);
      }
      if (!parts[0].equals(expected)) {
        throw new VerificationException(
            check, Reason.SOURCE_MISMATCH, "built from another source", expected, parts[0]);
      }
      return;
    }
    boolean ok;
    switch (builder.version()) {
      case "v0.2":
        ok = uri.startsWith(expected + "/commit/") || uri.startsWith(expected + "#");
        break;
      case "v0.3":
        ok = uri.equals(expected) || uri.startsWith(expected + "#");
        break;
      default:
        throw new VerificationException(
            check,
            Reason.BUILDER_ID_INVALID,
            "unknown GCB builder version",
            "v0.2 | v0.3",
            builder.version());
    }
    if (!ok) {
      throw new VerificationException(
          check, Reason.SOURCE_MISMATCH, "built from another source", expected, uri);
    }
  }

  private static void verifyTextStatement(Verified v) throws VerificationException {
    Map<String, Object> text;
    if (v.v1()) {
      text = v.entry().textStatementV1();
    } else {
      text = new java.util.LinkedHashMap<>(v.entry().textStatementV01());
      text.put("predicate", text.remove("slsaProvenance"));
    }
    if (!text.equals(v.statement().value())) {
      throw new VerificationException(
          "gcb.text-statement",
          Reason.STATEMENT_MISMATCH,
          "the unsigned text statement differs from the signed one",
          "equal",
          "different");
    }
  }

  private static String sourceTag(Verified v, String check, Reason reason)
      throws VerificationException {
    if (!v.v1()) {
      Object args = v.statement().recipeArguments();
      if (!(args instanceof Map<?, ?>)) {
        throw new VerificationException(check, reason, "recipe arguments is not a map");
      }
      Object subs = map(args).get("substitutions");
      if (!(subs instanceof Map<?, ?>)) {
        throw new VerificationException(check, reason, "no substitutions in the recipe");
      }
      Object tag = map(subs).get("TAG_NAME");
      if (!(tag instanceof String s)) {
        throw new VerificationException(check, reason, "no TAG_NAME substitution");
      }
      return s;
    }
    Object internal = v.statement().internalParameters();
    if (!(internal instanceof Map<?, ?>)) {
      throw new VerificationException(check, reason, "internalParameters is not a map");
    }
    Object subs = map(internal).get("systemSubstitutions");
    if (!(subs instanceof Map<?, ?>)) {
      throw new VerificationException(check, reason, "no systemSubstitutions");
    }
    Object tag = map(subs).get("TAG_NAME");
    if (!(tag instanceof String s)) {
      throw new VerificationException(check, reason, "no TAG_NAME substitution");
    }
    Object ext = v.statement().externalParameters();
    if (!(ext instanceof Map<?, ?>)) {
      throw new VerificationException(check, reason, "externalParameters is not a map");
    }
    String configRef = configSourceField(map(ext), "ref");
    if (!("refs/tags/" + s).equals(configRef)) {
      throw new VerificationException(
          check, reason, "TAG_NAME and build config ref disagree", "refs/tags/" + s, configRef);
    }
    return s;
  }
}
