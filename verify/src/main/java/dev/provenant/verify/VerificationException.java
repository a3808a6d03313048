package dev.provenant.verify;

import java.util.Objects;

/**
 * The one checked failure of every verification: which check failed, a stable {@link Reason}, and
 * the evidence (expected and actual, in hex for bytes) so the message can say {@code expected X,
 * got Y}.
 */
public class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final String check;
  private final String expected;
  private final String actual;

  /**
   * @param check the short name of the check that failed, e.g. {@code tlog.inclusion-proof}
   * @param reason the stable reason code
   * @param detail what went wrong, in words
   * @param expected what the check wanted, or null
   * @param actual what it found, or null
   */
  public VerificationException(
      String check, Reason reason, String detail, String expected, String actual, Throwable cause) {
    super(detail, cause);
    this.check = Objects.requireNonNull(check, "check");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.expected = expected;
    this.actual = actual;
  }

  public VerificationException(String check, Reason reason, String detail) {
    this(check, reason, detail, null, null, null);
  }

  public VerificationException(
      String check, Reason reason, String detail, String expected, String actual) {
    this(check, reason, detail, expected, actual, null);
  }

  public Reason reason() {
    return reason;
  }

  public String check() {
    return check;
  }

  /** What the check expected, or null when it has no single expected value. */
  public String expected() {
    return expected;
  }

  /** What the check found, or null. */
  public String actual() {
    return actual;
  }

  /** One line: {@code <check>: <reason>: <detail>[: expected X, got Y]}. */
  public String verdictLine() {
    StringBuilder sb =
        new StringBuilder(check).append(": ").append(reason).append(": ").append(getMessage());
    if (expected != null || actual != null) {
      sb.append(": expected ").append(expected).append(", got ").append(actual);
    }
    return sb.toString();
  }
}
