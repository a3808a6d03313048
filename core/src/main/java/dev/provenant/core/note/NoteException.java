package dev.provenant.core.note;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signed note or checkpoint that is malformed, or whose signatures do not verify. Carries a
 * machine-readable {@link Reason}.
 */
public final class NoteException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a note was rejected. Stable names: add values, never rename. */
  public enum Reason {
    /**
     * The note text is empty, lacks the blank line before the signatures, or has bad characters.
     */
    NOTE_MALFORMED,
    /** A signature line is not {@code — <name> <base64(keyhint || signature)>}. */
    SIGNATURE_LINE_MALFORMED,
    /** The note carries no signature lines. */
    NO_SIGNATURES,
    /** More signature lines than a verifier accepts (guards against resource exhaustion). */
    TOO_MANY_SIGNATURES,
    /** No signature comes from a key the verifier trusts (name and key hint). */
    NO_TRUSTED_SIGNATURE,
    /** A signature from a trusted key (name and key hint match) does not verify. */
    SIGNATURE_INVALID,
    /** The text is not a C2SP tlog-checkpoint (origin, size, base64 root hash, extensions). */
    CHECKPOINT_MALFORMED,
    /** The checkpoint's origin is not the one the verifier expects. */
    ORIGIN_MISMATCH,
    /** A public or private key is unusable for the requested algorithm. */
    KEY_INVALID
  }

  private final Reason reason;

  /** Creates an exception with a reason and a human-readable detail. */
  public NoteException(Reason reason, String detail) {
    this(reason, detail, null);
  }

  /** Creates an exception with a reason, detail and underlying cause. */
  public NoteException(Reason reason, String detail, @Nullable Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The machine-readable cause. */
  public Reason reason() {
    return reason;
  }
}
