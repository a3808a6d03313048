package dev.provenant.platform.release;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a release, named as it is published (a plain name: no directories) with the sha256
 * the platform computed.
 */
public record ReleaseFile(String name, String sha256, long size) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-][A-Za-z0-9._+@-]{0,199}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public ReleaseFile {
    requireName(name);
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "release file " + name + ": expected a lower-case hex sha256, got " + sha256);
    }
  }

  /** Checks that {@code name} is a plain file name a release may publish. */
  public static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "release file name: expected a plain file name, got " + name);
    }
    return name;
  }
}
