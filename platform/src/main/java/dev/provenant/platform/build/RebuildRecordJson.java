package dev.provenant.platform.build;

import static dev.provenant.platform.build.RecordJsonFields.JSON;
import static dev.provenant.platform.build.RecordJsonFields.instant;
import static dev.provenant.platform.build.RecordJsonFields.phases;
import static dev.provenant.platform.build.RecordJsonFields.putIfPresent;
import static dev.provenant.platform.build.RecordJsonFields.putPhases;
import static dev.provenant.platform.build.RecordJsonFields.required;
import static dev.provenant.platform.build.RecordJsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    putIfPresent(o, "startedAt", r.startedAt());
    putIfPresent(o, "finishedAt", r.finishedAt());
    ArrayNode e = o.putArray("expected");
    r.expected().forEach(x -> e.addObject().put("name", x.name()).put("sha256", x.sha256()));
    o.set("subjects", subjectsJson(r.subjects()));
    o.set("sandbox", r.sandbox());
    putPhases(o, r.phases());
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
    return RecordJsonFields.toBytes(toJson(r));
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
          phases(o));
    } catch (RuntimeException e) {
      throw new IOException("rebuild record: " + e.getMessage(), e);
    }
  }
}
