package dev.provenant.log;

/**
 * A log operation failed: storage I/O, checkpoint signing, a shut-down engine, or a request outside
 * the tree.
 */
public class LogException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. Stable names. */
  public enum Reason {
    /** The storage backend failed (disk, database). */
    STORAGE,
    /** The engine is closed or lost its sequencer role. */
    UNAVAILABLE,
    /** An index or tree size lies outside the current tree. */
    OUT_OF_RANGE,
    /** A leaf exceeds the size limit. */
    TOO_LARGE,
    /** The log key could not sign a checkpoint (a key or signer failure, not storage). */
    SIGNING
  }

  private final Reason reason;

  /** Creates an exception with a reason and detail. */
  public LogException(Reason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  /** Creates an exception with a reason and detail. */
  public LogException(Reason reason, String detail) {
    this(reason, detail, null);
  }

  /** The machine-readable cause. */
  public Reason reason() {
    return reason;
  }
}
