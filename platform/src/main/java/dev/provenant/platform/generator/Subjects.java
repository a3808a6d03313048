package dev.provenant.platform.generator;

import dev.provenant.core.intoto.Subject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Subjects as slsa-github-generator takes them from the build job: base64 of {@code sha256sum}
 * output, one {@code <64 hex><space><space or *><name>} line per artifact. The generator never
 * hashes artifacts itself; it signs what the platform hashed.
 */
public final class Subjects {
  private static final Pattern LINE = Pattern.compile("^([0-9a-f]{64}) [ *](.+)$");

  /** More subjects than any release needs; bounds the statement's size. */
  static final int MAX_SUBJECTS = 10_000;

  private Subjects() {}

  /**
   * Decodes and parses {@code base64}.
   *
   * @throws GeneratorException {@link GeneratorException.Reason#BAD_REQUEST} if it is not base64 of
   *     UTF-8 sha256sum lines, names no subject, or names one twice
   */
  public static List<Subject> parse(String base64) throws GeneratorException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw bad("subjects are not base64: " + e.getMessage());
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      throw bad("subjects are not UTF-8");
    }
    List<Subject> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw bad(
            "subjects line "
                + n
                + ": expected '<64 lowercase hex>  <name>', got '"
                + abbreviate(line)
                + "'");
      }
      String name = m.group(2);
      if (!names.add(name)) {
        throw bad("subjects line " + n + ": name listed twice: " + name);
      }
      out.add(new Subject(name, Map.of("sha256", m.group(1))));
      if (out.size() > MAX_SUBJECTS) {
        throw bad("more than " + MAX_SUBJECTS + " subjects");
      }
    }
    if (out.isEmpty()) {
      throw bad("no subjects: expected at least one sha256sum line");
    }
    return List.copyOf(out);
  }

  /** The base64 sha256sum text for {@code subjects} (what the platform sends). */
  public static String encode(List<Subject> subjects) {
    StringBuilder b = new StringBuilder();
    for (Subject s : subjects) {
      b.append(s.digest("sha256")).append("  ").append(s.name()).append('\n');
    }
    return Base64.getEncoder().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private static GeneratorException bad(String m) {
    return new GeneratorException(GeneratorException.Reason.BAD_REQUEST, m, null);
  }
}
