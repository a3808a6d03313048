package dev.provenant.log.http;

/**
 * A request the log refuses: the HTTP status and stable reason code of the JSON error body {@link
 * LogHandler} answers with.
 */
final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;
  final int status;
  final String reason;

  HttpError(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}
