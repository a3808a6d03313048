package dev.provenant.oci;

/**
 * A registry exchange failed. {@link #reason()} says how; {@link #status()} is the HTTP status (0
 * when none arrived) and the message carries the registry's own answer (its error JSON).
 */
public final class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** 401 after the auth dance: anonymous refused or the credentials were wrong. */
    UNAUTHORIZED,
    /** 403: authenticated but not allowed. */
    DENIED,
    /** 404 for a manifest, blob or repository. */
    NOT_FOUND,
    /** Content whose sha256 differs from the digest it was requested by or announced with. */
    DIGEST_MISMATCH,
    /** No answer: connection refused, reset, timeout. */
    UNREACHABLE,
    /** Any other non-success status (5xx, 429 after retries, 400 ...). */
    REGISTRY_ERROR,
    /** An answer that breaks the distribution spec (bad JSON, missing Location ...). */
    MALFORMED_RESPONSE,
    /** Plain HTTP to a registry that is neither loopback nor declared insecure. */
    INSECURE_REFUSED,
    /** Credentials in the docker config or a credential helper could not be read. */
    CREDENTIALS
  }

  private final Reason reason;
  private final int status;

  /**
   * @param reason why
   * @param status the HTTP status, or 0
   * @param message what was asked and what the registry answered
   * @param cause the underlying failure, or null
   */
  public RegistryException(Reason reason, int status, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
    this.status = status;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  /** The HTTP status, 0 when no response arrived. */
  public int status() {
    return status;
  }

  /**
   * Whether the registry failed to give an answer about the content (auth, 5xx, unreachable): such
   * a failure must never be reported as "no attestation".
   */
  public boolean registryFailure() {
    return reason != Reason.NOT_FOUND && reason != Reason.DIGEST_MISMATCH;
  }
}
