package dev.provenant.verify.slsa.gcb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.json.JsonFormatException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The value a JSON document takes once Go's {@code encoding/json} has decoded it into a given
 * struct type, as plain Java values that compare with {@code equals} exactly where Go's {@code
 * reflect.DeepEqual} says equal: unknown keys dropped, keys matched case-insensitively, zero values
 * for absent scalars, nil (null) distinct from empty for slices, maps and pointers, numbers in
 * free-form fields as float64.
 *
 * <p>Cloud Build prepends an unsigned, human-readable copy of its signed statement; slsa-verifier
 * accepts it only if the two decode to deep-equal structs, and so does this class.
 */
abstract class GoShape {
  /** Decodes {@code n} (null when absent) into this shape's Go value. */
  abstract Object decode(JsonNode n, String what) throws JsonFormatException;

  static boolean isNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  /** Decodes a JSON value already known to have the expected JSON type. */
  @FunctionalInterface
  private interface Decoder {
    Object decode(JsonNode n, String what) throws JsonFormatException;
  }

  /**
   * A shape whose Go value is {@code absent} for a missing or null value, and otherwise requires
   * one JSON type ({@code what: expected <expected>} if not) before {@code decoder} runs.
   */
  private static GoShape of(
      Object absent, Predicate<JsonNode> jsonType, String expected, Decoder decoder) {
    return new GoShape() {
      @Override
      Object decode(JsonNode n, String what) throws JsonFormatException {
        if (isNull(n)) {
          return absent;
        }
        if (!jsonType.test(n)) {
          throw new JsonFormatException(what + ": expected " + expected);
        }
        return decoder.decode(n, what);
      }
    };
  }

  /**
   * A nil-able shape read from a JSON string by {@code parse}; a string {@code parse} rejects (with
   * {@link DateTimeParseException} or {@link IllegalArgumentException}) fails as a wrong type does.
   */
  private static GoShape parsedString(String expected, Function<String, Object> parse) {
    return of(
        null,
        JsonNode::isTextual,
        expected,
        (n, what) -> {
          try {
            return parse.apply(n.textValue());
          } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new JsonFormatException(what + ": expected " + expected);
          }
        });
  }

  static final GoShape STRING = of("", JsonNode::isTextual, "a string", (n, what) -> n.textValue());

  static final GoShape BOOL =
      of(Boolean.FALSE, JsonNode::isBoolean, "a bool", (n, what) -> n.booleanValue());

  /** {@code interface{}}: any JSON, numbers as double. */
  static final GoShape ANY =
      new GoShape() {
        @Override
        Object decode(JsonNode n, String what) {
          return any(n);
        }
      };

  static Object any(JsonNode n) {
    if (isNull(n)) {
      return null;
    }
    if (n.isObject()) {
      Map<String, Object> m = new HashMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), any(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(any(e)));
      return l;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.asText();
  }

  /** {@code map[string]interface{}}: nil or an object. */
  static final GoShape ANY_MAP = of(null, JsonNode::isObject, "an object", (n, what) -> any(n));

  /** {@code map[string]string}. */
  static final GoShape STRING_MAP =
      of(
          null,
          JsonNode::isObject,
          "an object",
          (n, what) -> {
            Map<String, Object> m = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
              Map.Entry<String, JsonNode> e = it.next();
              m.put(e.getKey(), STRING.decode(e.getValue(), what + "." + e.getKey()));
            }
            return m;
          });

  /** {@code *time.Time}. */
  static final GoShape TIME_PTR = parsedString("an RFC 3339 time", OffsetDateTime::parse);

  /** {@code []byte} (base64). */
  static final GoShape BYTES =
      parsedString(
          "base64",
          text -> List.of(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(text))));

  /** {@code []T}. */
  static GoShape slice(GoShape elem) {
    return of(
        null,
        JsonNode::isArray,
        "an array",
        (n, what) -> {
          List<Object> l = new ArrayList<>();
          int i = 0;
          for (JsonNode e : n) {
            l.add(elem.decode(e, what + "[" + i++ + "]"));
          }
          return l;
        });
  }

  /** A struct: field name to shape, in order. */
  static Struct struct(Object... nameShapePairs) {
    Map<String, GoShape> fields = new LinkedHashMap<>();
    for (int i = 0; i < nameShapePairs.length; i += 2) {
      fields.put((String) nameShapePairs[i], (GoShape) nameShapePairs[i + 1]);
    }
    return new Struct(fields, false);
  }

  /** A struct type. */
  static final class Struct extends GoShape {
    final Map<String, GoShape> fields;
    private final boolean pointer;

    Struct(Map<String, GoShape> fields, boolean pointer) {
      this.fields = fields;
      this.pointer = pointer;
    }

    /** {@code *T}: nil when absent or null. */
    Struct pointer() {
      return new Struct(fields, true);
    }

    /** This struct with one more field. */
    Struct with(String name, GoShape shape) {
      Map<String, GoShape> f = new LinkedHashMap<>(fields);
      f.put(name, shape);
      return new Struct(f, pointer);
    }

    @Override
    Object decode(JsonNode n, String what) throws JsonFormatException {
      if (isNull(n)) {
        if (pointer) {
          return null;
        }
        n = null;
      } else if (!n.isObject()) {
        throw new JsonFormatException(what + ": expected an object");
      }
      Map<String, JsonNode> byField = new HashMap<>();
      if (n != null) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          String f = match(e.getKey());
          if (f != null) {
            byField.put(f, e.getValue());
          }
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, GoShape> f : fields.entrySet()) {
        out.put(f.getKey(), f.getValue().decode(byField.get(f.getKey()), what + "." + f.getKey()));
      }
      return out;
    }

    private String match(String key) {
      if (fields.containsKey(key)) {
        return key;
      }
      for (String f : fields.keySet()) {
        if (f.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      return null;
    }
  }
}
