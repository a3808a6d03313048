package dev.provenant.verify.slsa.gcb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of the gcloud output and of the signed statement that Cloud Build verification reads,
 * as typed records over the Go values {@link GoShape} decodes. Conversions are total, as Go's zero
 * values are: an absent string is "", an absent list or map empty. Free-form JSON ({@code any} in
 * Go: recipe arguments, external and internal parameters) stays a Go value, and the statements keep
 * theirs for the deep-equal comparison of the unsigned copy.
 */
final class GcbDocuments {
  private GcbDocuments() {}

  /**
   * {@code gcloud artifacts docker images describe --show-provenance --format json}.
   *
   * @param imageSummary {@code image_summary}
   * @param provenance {@code provenance_summary.provenance}
   */
  record GcloudOutput(ImageSummary imageSummary, List<ProvenanceEntry> provenance) {
    static GcloudOutput of(Object doc) {
      Map<String, Object> d = map(doc);
      List<ProvenanceEntry> entries = new ArrayList<>();
      for (Object p : list(map(d.get("provenance_summary")).get("provenance"))) {
        entries.add(ProvenanceEntry.of(p));
      }
      return new GcloudOutput(ImageSummary.of(d.get("image_summary")), List.copyOf(entries));
    }
  }

  /**
   * {@code image_summary}.
   *
   * @param digest {@code digest}, e.g. {@code sha256:<hex>}
   * @param fullyQualifiedDigest {@code fully_qualified_digest}
   */
  record ImageSummary(String digest, String fullyQualifiedDigest) {
    static ImageSummary of(Object o) {
      Map<String, Object> m = map(o);
      return new ImageSummary(str(m.get("digest")), str(m.get("fully_qualified_digest")));
    }
  }

  /**
   * One provenance occurrence.
   *
   * @param kind {@code kind} ({@code BUILD})
   * @param resourceUri {@code resourceUri}, the image
   * @param envelope the signed DSSE envelope
   * @param textStatementV01 {@code build.intotoStatement} as a Go value (unsigned, predicate as
   *     {@code slsaProvenance})
   * @param textStatementV1 {@code build.inTotoSlsaProvenanceV1} as a Go value (unsigned)
   */
  record ProvenanceEntry(
      String kind,
      String resourceUri,
      Envelope envelope,
      Map<String, Object> textStatementV01,
      Map<String, Object> textStatementV1) {
    static ProvenanceEntry of(Object o) {
      Map<String, Object> m = map(o);
      Map<String, Object> build = map(m.get("build"));
      return new ProvenanceEntry(
          str(m.get("kind")),
          str(m.get("resourceUri")),
          Envelope.of(m.get("envelope")),
          map(build.get("intotoStatement")),
          map(build.get("inTotoSlsaProvenanceV1")));
    }
  }

  /**
   * The DSSE envelope as gcloud prints it.
   *
   * @param payloadType {@code payloadType}
   * @param payload {@code payload}, base64
   * @param signatures {@code signatures}
   */
  record Envelope(String payloadType, String payload, List<Signature> signatures) {
    static Envelope of(Object o) {
      Map<String, Object> m = map(o);
      List<Signature> sigs = new ArrayList<>();
      for (Object s : list(m.get("signatures"))) {
        Map<String, Object> sm = map(s);
        sigs.add(new Signature(str(sm.get("keyid")), str(sm.get("sig"))));
      }
      return new Envelope(str(m.get("payloadType")), str(m.get("payload")), List.copyOf(sigs));
    }
  }

  /**
   * One envelope signature.
   *
   * @param keyId {@code keyid}: a global GCB key id or a regional key's resource name
   * @param sig {@code sig}, base64
   */
  record Signature(String keyId, String sig) {}

  /**
   * A subject.
   *
   * @param name {@code name}
   * @param digest {@code digest}, algorithm to hex
   */
  record Subject(String name, Map<String, Object> digest) {}

  /**
   * The signed in-toto statement with an SLSA v0.1 or v1 predicate.
   *
   * @param value the statement as a Go value (compared with the unsigned copy)
   * @param v1 whether the predicate is SLSA v1 (else v0.1)
   * @param type {@code _type}
   * @param predicateType {@code predicateType}
   * @param subjects {@code subject}
   * @param builderId v1 {@code runDetails.builder.id}, v0.1 {@code builder.id}
   * @param buildType v1 {@code buildDefinition.buildType} ("" for v0.1)
   * @param recipeType v0.1 {@code recipe.type} ("" for v1)
   * @param recipeArguments v0.1 {@code recipe.arguments}, free-form (null when absent)
   * @param materialUris v0.1 {@code materials[].uri}
   * @param externalParameters v1 {@code buildDefinition.externalParameters}, free-form (null when
   *     absent)
   * @param internalParameters v1 {@code buildDefinition.internalParameters}, free-form (null when
   *     absent)
   */
  record Statement(
      Map<String, Object> value,
      boolean v1,
      String type,
      String predicateType,
      List<Subject> subjects,
      String builderId,
      String buildType,
      String recipeType,
      Object recipeArguments,
      List<String> materialUris,
      Object externalParameters,
      Object internalParameters) {
    static Statement of(Object o, boolean v1) {
      Map<String, Object> st = map(o);
      List<Subject> subjects = new ArrayList<>();
      for (Object s : list(st.get("subject"))) {
        Map<String, Object> sm = map(s);
        subjects.add(new Subject(str(sm.get("name")), map(sm.get("digest"))));
      }
      Map<String, Object> pred = map(st.get("predicate"));
      Map<String, Object> recipe = map(pred.get("recipe"));
      Map<String, Object> definition = map(pred.get("buildDefinition"));
      List<String> materials = new ArrayList<>();
      for (Object m : list(pred.get("materials"))) {
        materials.add(str(map(m).get("uri")));
      }
      String builderId =
          v1
              ? str(map(map(pred.get("runDetails")).get("builder")).get("id"))
              : str(map(pred.get("builder")).get("id"));
      return new Statement(
          st,
          v1,
          str(st.get("_type")),
          str(st.get("predicateType")),
          List.copyOf(subjects),
          builderId,
          str(definition.get("buildType")),
          str(recipe.get("type")),
          recipe.get("arguments"),
          List.copyOf(materials),
          definition.get("externalParameters"),
          definition.get("internalParameters"));
    }
  }

  /** A Go map value, or empty for anything else (nil, or another type). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** A Go slice value, or empty for anything else. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** A Go string value, or "" for anything else. */
  static String str(Object o) {
    return o instanceof String s ? s : "";
  }
}
