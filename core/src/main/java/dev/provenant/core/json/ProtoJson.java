package dev.provenant.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.encoding.Base64s;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reading protobuf-JSON documents (Sigstore bundles, trusted roots, Rekor v2 bodies) with the
 * protobuf JSON mapping rules: fields by lowerCamelCase JSON name or by original proto name, int64
 * as a string or a number, bytes as standard or URL-safe base64, Timestamp as RFC 3339.
 *
 * <p>SPEC: https://protobuf.dev/programming-guides/json/ — "Parsers accept both the lowerCamelCase
 * name (or the one specified by the json_name option) and the original proto field name."
 *
 * <p>Every accessor throws {@link JsonFormatException} naming the JSON path, so a caller can map it
 * to its own typed error.
 */
public final class ProtoJson {
  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(64).build();

  /** Parser settings of every read: duplicate keys rejected, nesting at most 64 deep. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(LIMITS)
          .build();

  /**
   * The mapper, built on first use only: reading documents needs just the streaming parser ({@link
   * JsonTrees}), and building a mapper costs more than a one-shot verification's parsing.
   */
  private static final class Mapper {
    static final ObjectMapper MAPPER =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
      MAPPER.getFactory().setStreamReadConstraints(LIMITS);
    }
  }

  private ProtoJson() {}

  /** The shared strict mapper (duplicate keys and trailing tokens rejected). */
  public static ObjectMapper mapper() {
    return Mapper.MAPPER;
  }

  /**
   * Parses a JSON object.
   *
   * @throws JsonFormatException if the bytes are not one JSON object
   */
  public static ObjectNode parseObject(byte[] json, String what) throws JsonFormatException {
    JsonNode n;
    try {
      n = JsonTrees.read(FACTORY, json);
    } catch (IOException e) {
      throw new JsonFormatException(what + ": not valid JSON: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw new JsonFormatException(what + ": expected a JSON object");
    }
    return (ObjectNode) n;
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  /** The field under its JSON name or proto name, or null when absent or JSON null. */
  public static @Nullable JsonNode field(JsonNode obj, String jsonName) {
    JsonNode v = obj.get(jsonName);
    if (v == null || v.isNull()) {
      String snake = toSnake(jsonName);
      if (!snake.equals(jsonName)) {
        v = obj.get(snake);
      }
    }
    return v == null || v.isNull() ? null : v;
  }

  private static String toSnake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A required object field. */
  public static JsonNode object(JsonNode obj, String name, String path) throws JsonFormatException {
    JsonNode v = field(obj, name);
    if (v == null) {
      throw new JsonFormatException(path + "." + name + ": missing");
    }
    if (!v.isObject()) {
      throw new JsonFormatException(path + "." + name + ": expected an object");
    }
    return v;
  }

  /** An optional object field, or null. */
  public static @Nullable JsonNode optObject(JsonNode obj, String name, String path)
      throws JsonFormatException {
    JsonNode v = field(obj, name);
    if (v != null && !v.isObject()) {
      throw new JsonFormatException(path + "." + name + ": expected an object");
    }
    return v;
  }

  /** An optional array field; empty when absent. */
  public static List<JsonNode> array(JsonNode obj, String name, String path)
      throws JsonFormatException {
    JsonNode v = field(obj, name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new JsonFormatException(path + "." + name + ": expected an array");
    }
    List<JsonNode> out = new ArrayList<>(v.size());
    v.forEach(out::add);
    return out;
  }

  /** A required string field. */
  public static String string(JsonNode obj, String name, String path) throws JsonFormatException {
    String s = optString(obj, name, path);
    if (s == null) {
      throw new JsonFormatException(path + "." + name + ": missing");
    }
    return s;
  }

  /** An optional string field, or null. */
  public static @Nullable String optString(JsonNode obj, String name, String path)
      throws JsonFormatException {
    JsonNode v = field(obj, name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new JsonFormatException(path + "." + name + ": expected a string");
    }
    return v.textValue();
  }

  /** A required bytes field (base64, either alphabet). */
  public static byte[] bytes(JsonNode obj, String name, String path) throws JsonFormatException {
    byte[] b = optBytes(obj, name, path);
    if (b == null) {
      throw new JsonFormatException(path + "." + name + ": missing");
    }
    return b;
  }

  /** An optional bytes field, or null. */
  public static byte @Nullable [] optBytes(JsonNode obj, String name, String path)
      throws JsonFormatException {
    String s = optString(obj, name, path);
    if (s == null) {
      return null;
    }
    return decodeBase64(s, path + "." + name);
  }

  /** Decodes base64 in either alphabet, naming {@code path} on failure. */
  public static byte[] decodeBase64(String s, String path) throws JsonFormatException {
    try {
      return Base64s.decodeAny(s);
    } catch (IllegalArgumentException e) {
      throw new JsonFormatException(path + ": invalid base64: " + e.getMessage());
    }
  }

  /**
   * An int64 field, given as a JSON string of decimal digits or as a JSON integer; {@code dflt}
   * when absent (proto3 default 0).
   */
  public static long int64(JsonNode obj, String name, String path, long dflt)
      throws JsonFormatException {
    JsonNode v = field(obj, name);
    if (v == null) {
      return dflt;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      String s = v.textValue();
      if (isDecimalInt64Text(s)) {
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e) {
          // falls through to the error below
        }
      }
    }
    throw new JsonFormatException(
        path + "." + name + ": expected an int64, got " + abbreviate(v.toString()));
  }

  /** Whether {@code s} is {@code -?[0-9]{1,19}} (checked by hand: this runs for every bundle). */
  private static boolean isDecimalInt64Text(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    int digits = s.length() - start;
    if (digits < 1 || digits > 19) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** An optional RFC 3339 timestamp field, or null. */
  public static @Nullable Instant optTimestamp(JsonNode obj, String name, String path)
      throws JsonFormatException {
    String s = optString(obj, name, path);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw new JsonFormatException(
            path + "." + name + ": not an RFC 3339 timestamp: " + abbreviate(s));
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
