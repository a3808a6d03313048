package dev.provenant.sign;

/**
 * A Sigstore service (CA, log, TSA) could not be reached, refused a request, or answered with
 * something that is not what its API promises. {@link #status()} is the HTTP status, or 0 when no
 * response arrived.
 */
public class ServiceException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String service;
  private final int status;

  /**
   * @param service which service, e.g. {@code fulcio}
   * @param status HTTP status or 0
   * @param detail what happened
   * @param cause the underlying error, or null
   */
  public ServiceException(String service, int status, String detail, Throwable cause) {
    super(service + ": " + detail, cause);
    this.service = service;
    this.status = status;
  }

  /** Which service failed. */
  public String service() {
    return service;
  }

  /** The HTTP status, or 0 if the service was unreachable. */
  public int status() {
    return status;
  }
}
