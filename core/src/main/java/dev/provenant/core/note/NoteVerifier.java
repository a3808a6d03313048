package dev.provenant.core.note;

/**
 * Checks the signatures of one key on signed notes. A verifier claims a signature line by key name
 * and 4-byte key hint; claimed lines must verify, unclaimed lines are ignored (they may come from
 * witnesses or keys the caller does not know). Implementations are in {@link NoteVerifiers}.
 *
 * <p>Security guarantees: {@link #verify} returns true only if {@code signature} is a valid
 * signature by this verifier's key over exactly {@code text}.
 */
public interface NoteVerifier {
  /** The key name, or null if this verifier matches any name carrying its key hint. */
  String name();

  /** The 4-byte key hint (key ID) this verifier's signatures carry. */
  byte[] keyHint();

  /** True if this verifier is responsible for the signature line (name and hint match). */
  default boolean claims(NoteSignature sig) {
    return (name() == null || name().equals(sig.name())) && sig.hasHint(keyHint());
  }

  /** True if {@code signature} (without the key hint) is valid over {@code text}. */
  boolean verify(byte[] text, byte[] signature);
}
