package dev.provenant.sign.rekor;

import dev.provenant.sign.ServiceException;

/**
 * A Rekor search found nothing, or the log's answer is not what its API promises. (A log that
 * cannot be reached fails with {@link dev.provenant.sign.http.TransportException} instead.)
 */
public final class RekorSearchException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Why the search failed. */
  public enum Reason {
    /** The log has no matching entry (HTTP 404, or it refused the search it cannot run). */
    NOT_FOUND,
    /** The log's answer is malformed or names another entry than the one asked for. */
    INVALID_ANSWER
  }

  private final Reason reason;

  RekorSearchException(Reason reason, int status, String detail) {
    super("rekor", status, reason + ": " + detail, null);
    this.reason = reason;
  }

  /** Why the search failed. */
  public Reason reason() {
    return reason;
  }
}
