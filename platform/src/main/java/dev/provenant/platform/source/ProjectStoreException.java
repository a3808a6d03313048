package dev.provenant.platform.source;

/** A project operation that cannot be done, with a typed reason. */
public final class ProjectStoreException extends Exception {
  /** Why. */
  public enum Reason {
    /** The name does not match {@code [a-z0-9][a-z0-9._-]{0,62}} (or ends in .git / holds ".."). */
    INVALID_NAME,
    /** A project of that name exists. */
    ALREADY_EXISTS,
    /** No project of that name. */
    NOT_FOUND,
    /** The public key text is not one key of the stated kind. */
    BAD_KEY,
    /** The key is already (or, on removal, not) on the maintainer list. */
    MAINTAINER_CONFLICT,
    /** The watched remote is not an absolute http(s) URL. */
    BAD_REMOTE,
    /** The image repository is not {@code REGISTRY/REPO} with an explicit registry. */
    BAD_IMAGE_REPOSITORY,
    /** The data directory could not be read or written. */
    IO
  }

  private final Reason reason;

  public ProjectStoreException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public ProjectStoreException(Reason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  /** The typed reason. */
  public Reason reason() {
    return reason;
  }
}
