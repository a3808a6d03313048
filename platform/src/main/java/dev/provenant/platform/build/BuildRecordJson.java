package dev.provenant.platform.build;

import static dev.provenant.platform.build.RecordJsonFields.JSON;
import static dev.provenant.platform.build.RecordJsonFields.instant;
import static dev.provenant.platform.build.RecordJsonFields.phases;
import static dev.provenant.platform.build.RecordJsonFields.putIfPresent;
import static dev.provenant.platform.build.RecordJsonFields.putPhases;
import static dev.provenant.platform.build.RecordJsonFields.required;
import static dev.provenant.platform.build.RecordJsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/** The one JSON form of a {@link BuildRecord}: stored records and the API's build objects. */
public final class BuildRecordJson {
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
    putIfPresent(o, "startedAt", r.startedAt());
    putIfPresent(o, "finishedAt", r.finishedAt());
    putPhases(o, r.phases());
    return o;
  }

  public static byte[] toBytes(BuildRecord r) {
    return RecordJsonFields.toBytes(toJson(r));
  }

  /** Reads a stored record; a malformed one is an {@link IOException} naming the field. */
  public static BuildRecord parse(byte[] bytes) throws IOException {
    JsonNode o = JSON.readTree(bytes);
    if (o == null || !o.isObject()) {
      throw new IOException("build record: expected a JSON object");
    }
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
          phases(o));
    } catch (RuntimeException e) {
      throw new IOException("build record: " + e.getMessage(), e);
    }
  }
}
