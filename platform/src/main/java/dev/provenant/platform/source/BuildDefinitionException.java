package dev.provenant.platform.source;

/** The tagged commit has no usable {@code .provenant/build.yaml}. */
public final class BuildDefinitionException extends Exception {
  /** Why. */
  public enum Reason {
    /** No {@code .provenant/build.yaml} at the tagged commit (or it is not a regular file). */
    NOT_FOUND,
    /** Larger than the cap. */
    TOO_LARGE,
    /** Not parseable YAML, or not a mapping at the top, or a duplicate key. */
    MALFORMED,
    /** A key the format does not define (strict: typos must not silently drop a setting). */
    UNKNOWN_KEY,
    /** A required key is absent. */
    MISSING_KEY,
    /** A key has a value of the wrong type or out of range. */
    INVALID_VALUE
  }

  private final Reason reason;

  public BuildDefinitionException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /** The typed reason. */
  public Reason reason() {
    return reason;
  }
}
