package dev.provenant.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON as Go's {@code encoding/json.Marshal} does ({@link #write}), and reads it the way
 * Go's {@code encoding/json} decodes into structs, so that formats which the ecosystem's Go
 * verifiers (slsa-verifier, cosign) read strictly are accepted and rejected exactly as they are
 * there.
 *
 * <p>The rules reproduced: object keys match struct fields case-insensitively (an exact match
 * first); with "disallow unknown fields" any other key is an error; JSON {@code null} leaves the
 * zero value ("" for strings, empty for lists and maps, absent for objects); a string field takes
 * only a JSON string, a bool only true/false; the last of duplicate keys wins. Free-form fields
 * ({@code interface{}} in Go) keep their {@link JsonNode}.
 */
public final class GoJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private GoJson() {}

  // ---------------------------------------------------------------- writing
  // (encoding/json.Marshal)

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** True if {@code s} has only printable ASCII that Go writes unescaped. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&') {
        return false;
      }
    }
    return true;
  }

  /**
   * Serializes nested maps, lists, strings, integers and booleans exactly as Go's {@code
   * encoding/json.Marshal} does for Rekor's generated models: no whitespace, fields in the map's
   * iteration order (callers use the struct field order), null values left out ({@code omitempty}),
   * and Go's string escaping ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as {@code
   * \\u00XX}). Rekor stores these bytes as the entry body, and verifiers that rebuild the body
   * compare bytes.
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(512);
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, (String) e.getKey());
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, l.get(i));
      }
      sb.append(']');
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else {
      throw new IllegalArgumentException("unsupported JSON value " + v);
    }
  }

  /**
   * Appends a JSON string literal as Go's encoder writes it (HTML-sensitive characters escaped).
   */
  public static void string(StringBuilder sb, String s) {
    sb.append('"');
    if (plain(s)) {
      // Base64, hex and names (nearly every value in a body) need no escaping: append in bulk.
      sb.append(s).append('"');
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            sb.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            if (c >= 0x100) {
              // U+2028/U+2029 need all four digits.
              sb.setLength(sb.length() - 6);
              sb.append("\\u")
                  .append(HEX[(c >> 12) & 0xf])
                  .append(HEX[(c >> 8) & 0xf])
                  .append(HEX[(c >> 4) & 0xf])
                  .append(HEX[c & 0xf]);
            }
          } else if (Character.isSurrogate(c)) {
            // Go replaces invalid UTF-16 (lone surrogates) with U+FFFD.
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              sb.append(c).append(s.charAt(++i));
            } else {
              sb.append('\ufffd');
            }
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  // ---------------------------------------------------------------- reading

  /** Parses one complete JSON document (trailing data is an error, as with Go's json.Unmarshal). */
  public static JsonNode parse(byte[] json) throws JsonFormatException {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || n.isMissingNode()) {
        throw new JsonFormatException("empty JSON document");
      }
      return n;
    } catch (IOException e) {
      throw new JsonFormatException("not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** The shared mapper, configured to fail on trailing tokens. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  /**
   * A JSON object viewed as a Go struct with the given field names.
   *
   * @param node the value; JSON null yields an empty struct (Go leaves the zero value)
   * @param what a name for error messages, e.g. {@code predicate.builder}
   * @param strict reject keys that match no field (Go's DisallowUnknownFields)
   * @param fields the struct's JSON field names
   * @throws JsonFormatException if the value is not an object or, when strict, has an unknown key
   */
  public static Struct struct(
      @Nullable JsonNode node, String what, boolean strict, String... fields)
      throws JsonFormatException {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new Struct(what, values);
    }
    if (!node.isObject()) {
      throw new JsonFormatException(what + ": expected a JSON object, got " + node.getNodeType());
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = match(e.getKey(), fields);
      if (field == null) {
        if (strict) {
          throw new JsonFormatException(what + ": unknown field \"" + e.getKey() + "\"");
        }
        continue;
      }
      // Go applies keys in document order, so the last duplicate (in any case) wins; a null leaves
      // what an earlier key set for pointers/maps/slices/interfaces, but we model "null" as unset.
      if (e.getValue().isNull()) {
        values.remove(field);
        values.put(field, NullNode.getInstance());
      } else {
        values.put(field, e.getValue());
      }
    }
    return new Struct(what, values);
  }

  private static @Nullable String match(String key, String[] fields) {
    for (String f : fields) {
      if (f.equals(key)) {
        return f;
      }
    }
    for (String f : fields) {
      if (f.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    return null;
  }

  /** Field access with Go's typing rules; see {@link GoJson}. */
  public static final class Struct {
    private final String what;
    private final Map<String, JsonNode> values;

    private Struct(String what, Map<String, JsonNode> values) {
      this.what = what;
      this.values = values;
    }

    /** The raw value of a field, or null when absent or JSON null. */
    public @Nullable JsonNode raw(String field) {
      JsonNode n = values.get(field);
      return n == null || n.isNull() ? null : n;
    }

    /** Whether the field was present with a non-null value. */
    public boolean has(String field) {
      return raw(field) != null;
    }

    /** The names of the fields present (non-null). */
    public Set<String> present() {
      Set<String> s = new TreeSet<>();
      values.forEach(
          (k, v) -> {
            if (!v.isNull()) {
              s.add(k);
            }
          });
      return s;
    }

    /** A string field; "" when absent or null. */
    public String string(String field) throws JsonFormatException {
      return GoJson.string(raw(field), what + "." + field);
    }

    /** A bool field; false when absent or null. */
    public boolean bool(String field) throws JsonFormatException {
      JsonNode n = raw(field);
      if (n == null) {
        return false;
      }
      if (!n.isBoolean()) {
        throw new JsonFormatException(
            what + "." + field + ": expected a bool, got " + n.getNodeType());
      }
      return n.booleanValue();
    }

    /** A map of strings (Go {@code map[string]string}); empty when absent or null. */
    public Map<String, String> stringMap(String field) throws JsonFormatException {
      return GoJson.stringMap(raw(field), what + "." + field);
    }

    /** A list field (Go slice); each element is passed on raw; empty when absent or null. */
    public List<JsonNode> list(String field) throws JsonFormatException {
      JsonNode n = raw(field);
      if (n == null) {
        return List.of();
      }
      if (!n.isArray()) {
        throw new JsonFormatException(
            what + "." + field + ": expected an array, got " + n.getNodeType());
      }
      List<JsonNode> out = new ArrayList<>();
      n.forEach(out::add);
      return Collections.unmodifiableList(out);
    }

    /** A list of strings; empty when absent or null. */
    public List<String> stringList(String field) throws JsonFormatException {
      List<String> out = new ArrayList<>();
      int i = 0;
      for (JsonNode e : list(field)) {
        out.add(GoJson.string(e, what + "." + field + "[" + i++ + "]"));
      }
      return List.copyOf(out);
    }

    /** An RFC 3339 timestamp (Go {@code *time.Time}); null when absent or null. */
    public @Nullable OffsetDateTime time(String field) throws JsonFormatException {
      JsonNode n = raw(field);
      if (n == null) {
        return null;
      }
      String s = GoJson.string(n, what + "." + field);
      try {
        return OffsetDateTime.parse(s);
      } catch (DateTimeParseException e) {
        throw new JsonFormatException(what + "." + field + ": not an RFC 3339 time: " + s);
      }
    }

    /** A base64 byte field (Go {@code []byte}); empty when absent or null. */
    public byte[] bytes(String field) throws JsonFormatException {
      JsonNode n = raw(field);
      if (n == null) {
        return new byte[0];
      }
      String s = GoJson.string(n, what + "." + field);
      try {
        return Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw new JsonFormatException(what + "." + field + ": not base64");
      }
    }

    /** The name of this struct in error messages. */
    public String what() {
      return what;
    }
  }

  /** A Go string value: "" for null; any other non-string is an error. */
  public static String string(@Nullable JsonNode n, String what) throws JsonFormatException {
    if (n == null || n.isNull()) {
      return "";
    }
    if (!n.isTextual()) {
      throw new JsonFormatException(what + ": expected a string, got " + n.getNodeType());
    }
    return n.textValue();
  }

  /** A Go {@code map[string]string}: empty for null; non-object or non-string values are errors. */
  public static Map<String, String> stringMap(@Nullable JsonNode n, String what)
      throws JsonFormatException {
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw new JsonFormatException(what + ": expected an object, got " + n.getNodeType());
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), string(e.getValue(), what + "." + e.getKey()));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Whether this is a JSON object (Go: a value that type-asserts to {@code map[string]any}). */
  public static boolean isObject(@Nullable JsonNode n) {
    return n != null && n.isObject();
  }
}
