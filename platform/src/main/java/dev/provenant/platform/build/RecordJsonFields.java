package dev.provenant.platform.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field conventions {@link BuildRecordJson} and {@link RebuildRecordJson} share: optional
 * fields left out rather than {@code null}, instants as ISO-8601 text, phase timings as {@code
 * phasesMillis: {name: ms}}, stored records pretty-printed.
 */
final class RecordJsonFields {
  static final ObjectMapper JSON = new ObjectMapper();

  private RecordJsonFields() {}

  static void putIfPresent(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  static void putIfPresent(ObjectNode o, String k, Instant v) {
    putIfPresent(o, k, v == null ? null : v.toString());
  }

  static void putPhases(ObjectNode o, Map<String, Long> phases) {
    ObjectNode p = o.putObject("phasesMillis");
    phases.forEach(p::put);
  }

  static Map<String, Long> phases(JsonNode o) {
    Map<String, Long> phases = new LinkedHashMap<>();
    o.path("phasesMillis")
        .fields()
        .forEachRemaining(e -> phases.put(e.getKey(), e.getValue().asLong()));
    return phases;
  }

  static byte[] toBytes(ObjectNode o) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory JSON cannot fail", e);
    }
  }

  /** A text field that must be there; the caller names the record in its message. */
  static String required(JsonNode o, String k) {
    String v = text(o, k);
    if (v == null) {
      throw new IllegalArgumentException("expected field " + k + ", got none");
    }
    return v;
  }

  static String text(JsonNode o, String k) {
    JsonNode v = o.get(k);
    return v == null || v.isNull() ? null : v.asText();
  }

  static Instant instant(JsonNode o, String k) {
    String v = text(o, k);
    return v == null ? null : Instant.parse(v);
  }
}
