package dev.provenant.platform.generator;

/** Provenance could not be generated; {@link #reason()} says which step failed. */
public final class GeneratorException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The step that failed. */
  public enum Reason {
    /** The request is malformed (subjects, facts, times). */
    BAD_REQUEST,
    /** The workload issuer refused a token (unknown build) or was unreachable. */
    TOKEN_REFUSED,
    /** The request's facts disagree with the token the issuer minted from the build record. */
    FACTS_MISMATCH,
    /** The CA refused a certificate or was unreachable. */
    CA_REFUSED,
    /** The timestamp authority refused or was unreachable. */
    TSA_REFUSED,
    /** The transparency log refused the entry or was unreachable. */
    LOG_REFUSED,
    /** The generator process could not be reached or answered nonsense (client side). */
    UNREACHABLE,
    /** A bug in the generator (the process stays up). */
    INTERNAL
  }

  private final Reason reason;

  /** A failure for {@code reason}. */
  public GeneratorException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** Which step failed. */
  public Reason reason() {
    return reason;
  }
}
