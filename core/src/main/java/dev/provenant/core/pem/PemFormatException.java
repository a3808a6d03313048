package dev.provenant.core.pem;

import java.security.GeneralSecurityException;

/**
 * Text that is not the PEM a caller asked for (no block, no END line, body not base64, stray data).
 */
public final class PemFormatException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public PemFormatException(String message) {
    super(message);
  }
}
