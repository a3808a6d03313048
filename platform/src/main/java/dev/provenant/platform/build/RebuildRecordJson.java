package dev.provenant.platform.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of a {@link RebuildRecord}: stored records and the API's rebuild objects.
 *
 * <pre>
 * {id, project, tag, buildId, commit, status, reproducible, failure?, reason?, runner?,
 *  requestedAt, startedAt?, finishedAt?, expected: [{name, sha256}],
 *  subjects: [{name, outcome, expectedSha256, actualSha256}], sandbox: {...}, phasesMillis: {...}}
 * </pre>
 */
public final class RebuildRecordJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RebuildRecordJson() {}

  public static ObjectNode toJson(RebuildRecord r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.id());
    o.put("project", r.project());
    o.put("tag", r.tag());
    o.put("buildId", r.buildId());
    o.put("commit", r.commit());
    o.put("status", r.status().apiName());
    o.put("reproducible", r.reproducible());
    if (r.failure() != null) {
      o.put("failure", r.failure().name());
    }
    putIfPresent(o, "reason", r.reason());
    putIfPresent(o, "runner", r.runner());
    o.put("requestedAt", r.requestedAt().toString());
    putIfPresent(o, "startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    putIfPresent(o, "finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    ArrayNode e = o.putArray("expected");
    r.expected().forEach(x -> e.addObject().put("name", x.name()).put("sha256", x.sha256()));
    o.set("subjects", subjectsJson(r.subjects()));
    o.set("sandbox", r.sandbox());
    ObjectNode p = o.putObject("phasesMillis");
    r.phases().forEach(p::put);
    return o;
  }

  /** The comparison as {@code [{name, outcome, expectedSha256, actualSha256}]}. */
  public static ArrayNode subjectsJson(List<RebuildRecord.Subject> subjects) {
    ArrayNode a = JSON.createArrayNode();
    for (RebuildRecord.Subject s : subjects) {
      ObjectNode so = a.addObject().put("name", s.name()).put("outcome", s.outcome().name());
      so.put("expectedSha256", s.expectedSha256());
      so.put("actualSha256", s.actualSha256());
    }
    return a;
  }

  /** Reads what {@link #subjectsJson} wrote. */
  public static List<RebuildRecord.Subject> parseSubjects(JsonNode a) {
    List<RebuildRecord.Subject> out = new ArrayList<>();
    for (JsonNode s : a) {
      out.add(
          new RebuildRecord.Subject(
              s.path("name").asText(),
              RebuildRecord.Outcome.valueOf(s.path("outcome").asText()),
              text(s, "expectedSha256"),
              text(s, "actualSha256")));
    }
    return out;
  }

  public static byte[] toBytes(RebuildRecord r) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(r));
    } catch (IOException e) {
      throw new IllegalStateException("in-memory JSON cannot fail", e);
    }
  }

  /** Reads a stored record or an API answer; a malformed one is an {@link IOException}. */
  public static RebuildRecord parse(byte[] bytes) throws IOException {
    return parse(JSON.readTree(bytes));
  }

  /** Reads a record from its JSON tree. */
  public static RebuildRecord parse(JsonNode o) throws IOException {
    if (o == null || !o.isObject()) {
      throw new IOException("rebuild record: expected a JSON object");
    }
    try {
      List<RebuildRecord.Expected> expected = new ArrayList<>();
      for (JsonNode x : o.path("expected")) {
        expected.add(
            new RebuildRecord.Expected(x.path("name").asText(), x.path("sha256").asText()));
      }
      Map<String, Long> phases = new LinkedHashMap<>();
      o.path("phasesMillis")
          .fields()
          .forEachRemaining(e -> phases.put(e.getKey(), e.getValue().asLong()));
      String failure = text(o, "failure");
      JsonNode sandbox = o.path("sandbox");
      return new RebuildRecord(
          required(o, "id"),
          required(o, "project"),
          required(o, "tag"),
          required(o, "buildId"),
          required(o, "commit"),
          expected,
          RebuildRecord.Status.parse(required(o, "status")),
          failure == null ? null : RebuildRecord.Failure.valueOf(failure),
          text(o, "reason"),
          text(o, "runner"),
          Instant.parse(required(o, "requestedAt")),
          instant(o, "startedAt"),
          instant(o, "finishedAt"),
          parseSubjects(o.path("subjects")),
          sandbox.isObject() ? (ObjectNode) sandbox : null,
          phases);
    } catch (RuntimeException e) {
      throw new IOException("rebuild record: " + e.getMessage(), e);
    }
  }

  private static void putIfPresent(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  private static String required(JsonNode o, String k) {
    String v = text(o, k);
    if (v == null) {
      throw new IllegalArgumentException("expected field " + k + ", got none");
    }
    return v;
  }

  private static String text(JsonNode o, String k) {
    JsonNode v = o.get(k);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant instant(JsonNode o, String k) {
    String v = text(o, k);
    return v == null ? null : Instant.parse(v);
  }
}
