package dev.provenant.cli.architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals of one Java source file (plain and text blocks), with the line each starts
 * on; comments and char literals are skipped. Escapes are kept as written: enough to find a fixed
 * marker such as a PEM BEGIN line, which has none.
 */
final class JavaLiterals {
  private JavaLiterals() {}

  /** One string literal: its text between the quotes, and the 1-based line it starts on. */
  record Literal(int line, String text) {}

  static List<Literal> strings(String src) {
    List<Literal> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (src.startsWith("//", i)) {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        line += count(src, i, end);
        i = end;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = closing(src, i + 3, "\"\"\"");
        out.add(new Literal(line, src.substring(i + 3, Math.min(end, n))));
        end = Math.min(end + 3, n);
        line += count(src, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = closing(src, i + 1, String.valueOf(c));
        if (c == '"') {
          out.add(new Literal(line, src.substring(i + 1, Math.min(end, n))));
        }
        i = Math.min(end + 1, n);
      } else {
        i++;
      }
    }
    return out;
  }

  /** Index of the unescaped {@code quote} closing a literal whose body starts at {@code from}. */
  private static int closing(String src, int from, String quote) {
    int i = from;
    while (i < src.length()) {
      if (src.charAt(i) == '\\') {
        i += 2;
      } else if (src.startsWith(quote, i)) {
        return i;
      } else {
        i++;
      }
    }
    return src.length();
  }

  private static int count(String src, int from, int to) {
    int lines = 0;
    for (int i = from; i < to; i++) {
      if (src.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
