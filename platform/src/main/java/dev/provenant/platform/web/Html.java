package dev.provenant.platform.web;

/** HTML text building with escaping: every value that reaches a page goes through {@link #esc}. */
final class Html {
  private final StringBuilder b = new StringBuilder(16 * 1024);

  /** Escapes text for element content and quoted attribute values. */
  static String esc(Object o) {
    String s = o == null ? "" : o.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Percent-encodes one path segment. */
  static String seg(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** Appends markup as is (only literals of this package's code). */
  Html raw(String markup) {
    b.append(markup);
    return this;
  }

  /** Appends escaped text. */
  Html text(Object o) {
    b.append(esc(o));
    return this;
  }

  /** {@code <tag>text</tag>}, the text escaped. */
  Html el(String tag, Object text) {
    b.append('<').append(tag).append('>').append(esc(text)).append("</").append(tag).append('>');
    return this;
  }

  /** A link, both href and text escaped. */
  Html a(String href, Object text) {
    b.append("<a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a>");
    return this;
  }

  /** Starts a page. */
  static Html page(String title) {
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>")
        .text(title)
        .raw(" · Provenant</title>")
        .raw("<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body>")
        .raw("<header><a href=\"/projects\">Provenant</a></header><main>");
    return h;
  }

  /** Ends a page. */
  String end() {
    b.append("</main></body></html>\n");
    return b.toString();
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
