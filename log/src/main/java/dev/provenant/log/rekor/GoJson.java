package dev.provenant.log.rekor;

import java.util.List;
import java.util.Map;

/**
 * Serializes nested maps/lists/strings/numbers exactly as Go's {@code encoding/json.Marshal}
 * does for Rekor's generated models: no whitespace, fields in the map's iteration order (callers
 * use the struct field order, which for Rekor's models is alphabetical), and Go's string escaping
 * ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as {@code \\u00XX}). Rekor stores
 * these bytes as the entry body, and verifiers that rebuild the body compare bytes.
 */
final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

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

  static String write(Object value) {
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

  /** A JSON string literal as Go's encoder writes it (HTML-sensitive characters escaped). */
  static void string(StringBuilder sb, String s) {
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
              sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                  .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
          } else if (Character.isSurrogate(c)) {
            // Go replaces invalid UTF-16 (lone surrogates) with U+FFFD.
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
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
}
