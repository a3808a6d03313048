package dev.provenant.log.rekor;

/**
 * A proposed Rekor entry is rejected. Maps to an HTTP 4xx with a JSON reason; nothing is written.
 */
public final class EntryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. Stable names: they appear in API error bodies. */
  public enum Reason {
    /** Not JSON, or not the expected JSON shape. */
    MALFORMED,
    /** A kind or apiVersion this log does not accept. */
    UNSUPPORTED_KIND,
    /** The request body exceeds the documented limit. */
    TOO_LARGE,
    /** A field has an invalid value (bad base64, hash length, algorithm...). */
    INVALID_FIELD,
    /** A public key or certificate cannot be parsed or is of an unsupported type. */
    INVALID_KEY,
    /** A signature does not verify. */
    SIGNATURE_INVALID,
    /**
     * The canonical entry body would exceed {@link EntryKinds#MAX_BODY_BYTES}, the most a C2SP
     * tlog-tiles entry bundle can encode (16-bit length prefix).
     */
    ENTRY_TOO_LARGE
  }

  private final Reason reason;

  EntryException(Reason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  EntryException(Reason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  /** The machine-readable cause. */
  public Reason reason() {
    return reason;
  }
}
