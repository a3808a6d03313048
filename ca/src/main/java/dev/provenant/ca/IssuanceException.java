package dev.provenant.ca;

import java.util.Objects;

/**
 * The one checked failure of the CA's request handling: a stable {@link Refusal} plus a detail that
 * names what was expected and what was found. The detail goes to the client and to the audit log;
 * it never contains the token itself.
 */
public class IssuanceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Refusal refusal;

  /**
   * @param refusal the reason code
   * @param detail what went wrong, in words
   */
  public IssuanceException(Refusal refusal, String detail) {
    this(refusal, detail, null);
  }

  /**
   * @param refusal the reason code
   * @param detail what went wrong, in words
   * @param cause the underlying error, or null
   */
  public IssuanceException(Refusal refusal, String detail, Throwable cause) {
    super(detail, cause);
    this.refusal = Objects.requireNonNull(refusal, "refusal");
  }

  /** The reason code. */
  public Refusal refusal() {
    return refusal;
  }
}
