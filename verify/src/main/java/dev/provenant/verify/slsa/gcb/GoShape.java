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

/**
 * The value a JSON document takes once Go's {@code encoding/json} has decoded it into a given
 * struct type, as plain Java values that compare with {@code equals} exactly where Go's
 * {@code reflect.DeepEqual} says equal: unknown keys dropped, keys matched case-insensitively,
 * zero values for absent scalars, nil (null) distinct from empty for slices, maps and pointers,
 * numbers in free-form fields as float64.
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

  static final GoShape STRING = new GoShape() {
    @Override
    Object decode(JsonNode n, String what) throws JsonFormatException {
      if (isNull(n)) {
        return "";
      }
      if (!n.isTextual()) {
        throw new JsonFormatException(what + ": expected a string");
      }
      return n.textValue();
    }
  };

  static final GoShape BOOL = new GoShape() {
    @Override
    Object decode(JsonNode n, String what) throws JsonFormatException {
      if (isNull(n)) {
        return Boolean.FALSE;
      }
      if (!n.isBoolean()) {
        throw new JsonFormatException(what + ": expected a bool");
      }
      return n.booleanValue();
    }
  };

  /** {@code interface{}}: any JSON, numbers as double. */
  static final GoShape ANY = new GoShape() {
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
  static final GoShape ANY_MAP = new GoShape() {
    @Override
    Object decode(JsonNode n, String what) throws JsonFormatException {
      if (isNull(n)) {
        return null;
      }
      if (!n.isObject()) {
        throw new JsonFormatException(what + ": expected an object");
      }
      return any(n);
    }
  };

  /** {@code map[string]string}. */
  static final GoShape STRING_MAP = new GoShape() {
    @Override
    Object decode(JsonNode n, String what) throws JsonFormatException {
      if (isNull(n)) {
        return null;
      }
      if (!n.isObject()) {
        throw new JsonFormatException(what + ": expected an object");
      }
      Map<String, Object> m = new HashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), STRING.decode(e.getValue(), what + "." + e.getKey()));
      }
      return m;
    }
  };

  /** {@code *time.Time}. */
  static final GoShape TIME_PTR = new GoShape() {
    @Override
    Object decode(JsonNode n, String what) throws JsonFormatException {
      if (isNull(n)) {
        return null;
      }
      if (!n.isTextual()) {
        throw new JsonFormatException(what + ": expected an RFC 3339 time");
      }
      try {
        return OffsetDateTime.parse(n.textValue());
      } catch (DateTimeParseException e) {
        throw new JsonFormatException(what + ": expected an RFC 3339 time");
      }
    }
  };

  /** {@code []byte} (base64). */
  static final GoShape BYTES = new GoShape() {
    @Override
    Object decode(JsonNode n, String what) throws JsonFormatException {
      if (isNull(n)) {
        return null;
      }
      if (!n.isTextual()) {
        throw new JsonFormatException(what + ": expected base64");
      }
      try {
        return List.of(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(n.textValue())));
      } catch (IllegalArgumentException e) {
        throw new JsonFormatException(what + ": expected base64");
      }
    }
  };

  /** {@code []T}. */
  static GoShape slice(GoShape elem) {
    return new GoShape() {
      @Override
      Object decode(JsonNode n, String what) throws JsonFormatException {
        if (isNull(n)) {
          return null;
        }
        if (!n.isArray()) {
          throw new JsonFormatException(what + ": expected an array");
        }
        List<Object> l = new ArrayList<>();
        int i = 0;
        for (JsonNode e : n) {
          l.add(elem.decode(e, what + "[" + i++ + "]"));
        }
        return l;
      }
    };
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
