package dev.provenant.platform.image;

/**
 * An image could not be released: a typed reason (the build's failure reason names it) and detail
 * with what was expected and what was found.
 */
public final class ImageReleaseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** The build declares an image but its project has no image repository configured. */
    NO_REPOSITORY,
    /** The declared directory is not an OCI image layout (no oci-layout or index.json ...). */
    NOT_A_LAYOUT,
    /**
     * The declared archive holds something other than regular files and directories (a link, a
     * device), a name outside the archive ({@code ..}, absolute), a name twice, or is no tar.
     */
    ARCHIVE_REFUSED,
    /** A blob the layout refers to is not among the collected files. */
    MISSING_BLOB,
    /** A blob's bytes do not hash to the digest it is referred to by, or not to its size. */
    DIGEST_MISMATCH,
    /** index.json or a manifest is not the JSON the image spec describes. */
    MALFORMED,
    /** Something the platform does not release: another digest algorithm, deep nesting ... */
    UNSUPPORTED,
    /** The registry refused or did not answer a push. */
    PUSH_FAILED,
    /** The registry refused or did not answer attaching the provenance. */
    ATTACH_FAILED
  }

  private final Reason reason;

  public ImageReleaseException(Reason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public ImageReleaseException(Reason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  /** The typed reason. */
  public Reason reason() {
    return reason;
  }
}
