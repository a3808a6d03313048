package dev.provenant.platform.source;

/** A key or signature that cannot be parsed (as opposed to one that parses but does not verify). */
final class SignatureFormatException extends Exception {
  SignatureFormatException(String message) {
    super(message);
  }

  SignatureFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
