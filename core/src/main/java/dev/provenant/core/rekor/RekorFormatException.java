package dev.provenant.core.rekor;

/** A Rekor entry body is malformed or of an unsupported kind/version. */
public class RekorFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the JSON path
   */
  public RekorFormatException(String message) {
    super(message);
  }
}
