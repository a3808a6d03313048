package dev.provenant.platform.rebuild;

/** A rebuild that cannot be queued (or found), with a typed reason the API answers with. */
public final class RebuildRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why; each maps to one HTTP status. */
  public enum Reason {
    UNKNOWN_PROJECT(404),
    /** The project has no trigger of the tag at all. */
    UNKNOWN_TAG(404),
    /** The tag was triggered but has no release (queued, building, failed or refused). */
    NOT_RELEASED(409),
    /** The tag no longer points at the commit the release was built from. */
    TAG_MOVED(409),
    UNKNOWN_REBUILD(404);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;

  public RebuildRefusedException(Reason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
