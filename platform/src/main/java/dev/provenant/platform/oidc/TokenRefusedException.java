package dev.provenant.platform.oidc;

/** The workload issuer would not mint a token, or could not be asked. */
public final class TokenRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No such build attempt, or not eligible for a token. */
    UNKNOWN_BUILD,
    /** The request was not {@code {"buildId":S,"attempt":N}}. */
    BAD_REQUEST,
    /** The peer is not the issuer's own user. */
    PEER_REFUSED,
    /** The issuer's socket could not be reached or answered nonsense. */
    UNREACHABLE
  }

  private final Reason reason;

  /** A refusal for {@code reason}. */
  public TokenRefusedException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** Why the token was refused. */
  public Reason reason() {
    return reason;
  }
}
