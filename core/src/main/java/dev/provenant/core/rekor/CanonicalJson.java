package dev.provenant.core.rekor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RFC 8785 (JCS) canonical JSON written directly from the simple trees {@link EntryBodies} builds:
 * maps with string keys, lists, strings, booleans, null and integers of at most 2^53 in magnitude.
 *
 * <p>Why: the general path (serialize with an {@code ObjectMapper}, then canonicalize the text)
 * builds Jackson's serializer machinery on first use, which cost more than the rest of a cold
 * one-shot verification's body check. For these trees the canonical form is simple.
 *
 * <p>SPEC: https://www.rfc-editor.org/rfc/rfc8785 §3.2.3 "JSON object properties MUST be sorted
 * recursively ... by their names ... as arrays of UTF-16 code units" (what {@link String#compareTo}
 * does); §3.2.2.2 strings as ECMAScript's JSON.stringify writes them. Anything outside these trees
 * (other numbers, strings with surrogates) returns null and goes the general way.
 */
final class CanonicalJson {
  private static final long MAX_EXACT = 1L << 53;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code tree}, or null when it is not one of the simple trees. */
  static byte @Nullable [] write(Object tree) {
    StringBuilder sb = new StringBuilder(512);
    if (!value(tree, sb)) {
      return null;
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean value(@Nullable Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
      return true;
    }
    if (v instanceof String) {
      return string((String) v, sb);
    }
    if (v instanceof Boolean) {
      sb.append(((Boolean) v) ? "true" : "false");
      return true;
    }
    if (v instanceof Integer || v instanceof Long) {
      long n = ((Number) v).longValue();
      if (n > MAX_EXACT || n < -MAX_EXACT) {
        return false; // JCS writes these as rounded doubles
      }
      sb.append(n);
      return true;
    }
    if (v instanceof Map) {
      return object((Map<?, ?>) v, sb);
    }
    if (v instanceof List) {
      sb.append('[');
      boolean first = true;
      for (Object e : (List<?>) v) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        if (!value(e, sb)) {
          return false;
        }
      }
      sb.append(']');
      return true;
    }
    return false;
  }

  private static boolean object(Map<?, ?> m, StringBuilder sb) {
    List<String> keys = new ArrayList<>(m.size());
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        return false;
      }
      keys.add((String) k);
    }
    Collections.sort(keys);
    sb.append('{');
    boolean first = true;
    for (String k : keys) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      if (!string(k, sb)) {
        return false;
      }
      sb.append(':');
      if (!value(m.get(k), sb)) {
        return false;
      }
    }
    sb.append('}');
    return true;
  }

  private static boolean string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (Character.isSurrogate(c)) {
            return false;
          }
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
    return true;
  }
}
