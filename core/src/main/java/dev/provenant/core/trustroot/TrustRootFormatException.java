package dev.provenant.core.trustroot;

/** A trusted_root.json (or signing config) is malformed; the message names the JSON path. */
public class TrustRootFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the JSON path
   */
  public TrustRootFormatException(String message) {
    super(message);
  }
}
