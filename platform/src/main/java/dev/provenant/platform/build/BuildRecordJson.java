package dev.provenant.platform.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON form of a {@link BuildRecord}: stored records and the API's build objects. */
public final class BuildRecordJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BuildRecordJson() {}

  public static ObjectNode toJson(BuildRecord r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.id());
    o.put("project", r.project());
    o.put("tag", r.tag());
    putIfPresent(o, "commit", r.commit());
    putIfPresent(o, "tagObject", r.tagObject());
    putIfPresent(o, "signer", r.signer());
    o.put("status", r.status().apiName());
    putIfPresent(o, "reason", r.reason());
    o.put("attempt", r.attempt());
    putIfPresent(o, "runner", r.runner());
    o.put("createdAt", r.createdAt().toString());
    putIfPresent(o, "startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    putIfPresent(o, "finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    ObjectNode p = o.putObject("phasesMillis");
    r.phases().forEach(p::put);
    return o;
  }

  public static byte[] toBytes(BuildRecord r) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(r));
    } catch (IOException e) {
      throw new IllegalStateException("in-memory JSON cannot fail", e);
    }
  }

  /** Reads a stored record; a malformed one is an {@link IOException} naming the field. */
  public static BuildRecord parse(byte[] bytes) throws IOException {
    JsonNode o = JSON.readTree(bytes);
    if (o == null || !o.isObject()) {
      throw new IOException("build record: expected a JSON object");
    }
    Map<String, Long> phases = new LinkedHashMap<>();
    o.path("phasesMillis")
        .fields()
        .forEachRemaining(e -> phases.put(e.getKey(), e.getValue().asLong()));
    try {
      return new BuildRecord(
          required(o, "id"),
          required(o, "project"),
          required(o, "tag"),
          text(o, "commit"),
          text(o, "tagObject"),
          text(o, "signer"),
          BuildStatus.parse(required(o, "status")),
          text(o, "reason"),
          o.path("attempt").asInt(1),
          text(o, "runner"),
          Instant.parse(required(o, "createdAt")),
          instant(o, "startedAt"),
          instant(o, "finishedAt"),
          phases);
    } catch (RuntimeException e) {
      throw new IOException("build record: " + e.getMessage(), e);
    }
  }

  private static void putIfPresent(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  private static String required(JsonNode o, String k) throws IOException {
    String v = text(o, k);
    if (v == null) {
      throw new IOException("build record: expected field " + k + ", got none");
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
