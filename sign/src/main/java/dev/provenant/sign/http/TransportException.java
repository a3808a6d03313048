package dev.provenant.sign.http;

import dev.provenant.sign.ServiceException;

/**
 * An HTTP exchange failed under the {@link HttpPolicy}: no usable response arrived, or the final
 * response was not a success. {@link #reason()} says which; {@link #attempts()} how many times the
 * request was sent.
 */
public final class TransportException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** Why the exchange failed. */
  public enum Reason {
    /** The URL is not an absolute http(s) URL. */
    BAD_URL,
    /** No connection, or it broke before a response. */
    UNREACHABLE,
    /** The connect or response timeout passed. */
    TIMEOUT,
    /** The final response has a non-2xx status ({@link #status()}). */
    HTTP_STATUS,
    /** The body is larger than {@link HttpPolicy#maxResponseBytes()}. */
    RESPONSE_TOO_LARGE,
    /** A redirect to another scheme, without a usable Location, or one that would change a POST. */
    REDIRECT_REFUSED,
    /** More redirects than {@link HttpPolicy#maxRedirects()}. */
    TOO_MANY_REDIRECTS,
    /** The calling thread was interrupted. */
    INTERRUPTED
  }

  private final Reason reason;
  private final int attempts;
  private final byte[] body;

  TransportException(
      String service,
      Reason reason,
      int status,
      int attempts,
      String detail,
      byte[] body,
      Throwable cause) {
    super(
        service,
        status,
        reason + ": " + detail + (attempts > 1 ? " (after " + attempts + " attempts)" : ""),
        cause);
    this.reason = reason;
    this.attempts = attempts;
    this.body = body == null ? new byte[0] : body.clone();
  }

  /** Why the exchange failed. */
  public Reason reason() {
    return reason;
  }

  /** How many times the request was sent (0 if it never was). */
  public int attempts() {
    return attempts;
  }

  /** The final response's body for {@link Reason#HTTP_STATUS} (empty otherwise). */
  public byte[] body() {
    return body.clone();
  }
}
