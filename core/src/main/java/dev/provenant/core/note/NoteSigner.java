package dev.provenant.core.note;

/** Signs note texts with one key. Implementations are in {@link NoteSigners}. */
public interface NoteSigner {
  /** The key name written in the signature line. */
  String name();

  /** The 4-byte key hint written before the signature. */
  byte[] keyHint();

  /**
   * Signs the text bytes.
   *
   * @throws NoteException {@code KEY_INVALID} if the key cannot sign
   */
  byte[] sign(byte[] text) throws NoteException;
}
