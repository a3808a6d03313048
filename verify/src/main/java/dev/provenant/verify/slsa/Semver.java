package dev.provenant.verify.slsa;

/**
 * Semantic versions with a leading {@code v}, with exactly the rules of Go's {@code
 * golang.org/x/mod/semver}, which slsa-verifier uses for builder refs and {@code
 * --source-versioned-tag}: {@code vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]}, no leading zeros,
 * shorthands {@code v1} and {@code v1.2} allowed (and then without prerelease or build).
 */
public final class Semver {
  private Semver() {}

  /** A parsed version; {@code shortSuffix} is what {@link #canonical} appends to a shorthand. */
  private record Parsed(
      String major,
      String minor,
      String patch,
      String shortSuffix,
      String prerelease,
      String build) {}

  /** Whether {@code v} is a valid semantic version. */
  public static boolean isValid(String v) {
    return parse(v) != null;
  }

  /**
   * The canonical form: missing minor/patch filled with 0, build metadata dropped; "" if invalid.
   */
  public static String canonical(String v) {
    Parsed p = parse(v);
    if (p == null) {
      return "";
    }
    if (!p.build.isEmpty()) {
      return v.substring(0, v.length() - p.build.length());
    }
    return v + p.shortSuffix;
  }

  /** The major prefix, e.g. {@code v2} for {@code v2.1.0}; "" if invalid. */
  public static String major(String v) {
    Parsed p = parse(v);
    return p == null ? "" : v.substring(0, 1 + p.major.length());
  }

  /** The prerelease suffix including its {@code -}, or "". */
  public static String prerelease(String v) {
    Parsed p = parse(v);
    return p == null ? "" : p.prerelease;
  }

  /** The build suffix including its {@code +}, or "". */
  public static String build(String v) {
    Parsed p = parse(v);
    return p == null ? "" : p.build;
  }

  private static Parsed parse(String v) {
    if (v == null || v.isEmpty() || v.charAt(0) != 'v') {
      return null;
    }
    int[] pos = {1};
    String major = parseInt(v, pos);
    if (major == null) {
      return null;
    }
    if (pos[0] == v.length()) {
      return new Parsed(major, "0", "0", ".0.0", "", "");
    }
    if (v.charAt(pos[0]) != '.') {
      return null;
    }
    pos[0]++;
    String minor = parseInt(v, pos);
    if (minor == null) {
      return null;
    }
    if (pos[0] == v.length()) {
      return new Parsed(major, minor, "0", ".0", "", "");
    }
    if (v.charAt(pos[0]) != '.') {
      return null;
    }
    pos[0]++;
    String patch = parseInt(v, pos);
    if (patch == null) {
      return null;
    }
    String pre = "";
    String build = "";
    if (pos[0] < v.length() && v.charAt(pos[0]) == '-') {
      pre = parseIdentifiers(v, pos, true);
      if (pre == null) {
        return null;
      }
    }
    if (pos[0] < v.length() && v.charAt(pos[0]) == '+') {
      build = parseIdentifiers(v, pos, false);
      if (build == null) {
        return null;
      }
    }
    if (pos[0] != v.length()) {
      return null;
    }
    return new Parsed(major, minor, patch, "", pre, build);
  }

  private static String parseInt(String v, int[] pos) {
    int start = pos[0];
    int i = start;
    while (i < v.length() && isDigit(v.charAt(i))) {
      i++;
    }
    if (i == start || (v.charAt(start) == '0' && i != start + 1)) {
      return null;
    }
    pos[0] = i;
    return v.substring(start, i);
  }

  /** Parses "-a.b" (prerelease, stops at '+') or "+a.b" (build, to the end). */
  private static String parseIdentifiers(String v, int[] pos, boolean prerelease) {
    int begin = pos[0];
    int i = begin + 1;
    int start = i;
    while (i < v.length() && !(prerelease && v.charAt(i) == '+')) {
      char c = v.charAt(i);
      if (!isIdentChar(c) && c != '.') {
        return null;
      }
      if (c == '.') {
        if (start == i || (prerelease && isBadNum(v.substring(start, i)))) {
          return null;
        }
        start = i + 1;
      }
      i++;
    }
    if (start == i || (prerelease && isBadNum(v.substring(start, i)))) {
      return null;
    }
    pos[0] = i;
    return v.substring(begin, i);
  }

  private static boolean isIdentChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A numeric identifier with a leading zero (not allowed in a prerelease). */
  private static boolean isBadNum(String s) {
    int i = 0;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i == s.length() && i > 1 && s.charAt(0) == '0';
  }
}
