package dev.provenant.platform.build;

import java.util.Locale;

/** Where a triggered tag stands. Refused triggers are records too: they never build. */
public enum BuildStatus {
  QUEUED,
  BUILDING,
  RELEASED,
  REFUSED,
  FAILED;

  /** The name the API and the stored records use ({@code queued}, {@code building}, ...). */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BuildStatus parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  /** A final status never changes again. */
  public boolean isFinal() {
    return this == RELEASED || this == REFUSED || this == FAILED;
  }
}
