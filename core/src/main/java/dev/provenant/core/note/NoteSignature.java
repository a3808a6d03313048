package dev.provenant.core.note;

import dev.provenant.core.encoding.Hex;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note: the signer's key name, the 4-byte key hint (key ID) and the
 * signature bytes.
 *
 * <p>SPEC: https://c2sp.org/signed-note: "a signature line ... is '— ' (U+2014, U+0020), the key
 * name, a space, and the base64-encoded concatenation of the 4-byte key ID and the signature".
 *
 * @param name the key name (non-empty, no whitespace, no '+')
 * @param keyHint the 4-byte key ID
 * @param signature the signature bytes (non-empty)
 */
public record NoteSignature(String name, byte[] keyHint, byte[] signature) {
  /** Length of the key hint in bytes. */
  public static final int KEY_HINT_SIZE = 4;

  /** Validates and copies the fields. */
  public NoteSignature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyHint, "keyHint");
    Objects.requireNonNull(signature, "signature");
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid key name: " + name);
    }
    if (keyHint.length != KEY_HINT_SIZE) {
      throw new IllegalArgumentException("key hint must be 4 bytes, got " + keyHint.length);
    }
    if (signature.length == 0) {
      throw new IllegalArgumentException("empty signature");
    }
    keyHint = keyHint.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] keyHint() {
    return keyHint.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The signature line without its trailing newline. */
  public String toLine() {
    byte[] blob = new byte[KEY_HINT_SIZE + signature.length];
    System.arraycopy(keyHint, 0, blob, 0, KEY_HINT_SIZE);
    System.arraycopy(signature, 0, blob, KEY_HINT_SIZE, signature.length);
    return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(blob);
  }

  /** True if the hint equals {@code hint}. */
  public boolean hasHint(byte[] hint) {
    return Arrays.equals(keyHint, hint);
  }

  /**
   * SPEC: https://c2sp.org/signed-note: key names "MUST be non-empty, well-formed UTF-8 containing
   * neither Unicode spaces nor plus (U+002B)".
   */
  public static boolean isValidName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '+'
          || Character.isWhitespace(cp)
          || Character.isSpaceChar(cp)
          || Character.isISOControl(cp)
          || Character.isSurrogate((char) cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature s
        && name.equals(s.name)
        && Arrays.equals(keyHint, s.keyHint)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(keyHint), Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "NoteSignature[" + name + ", hint=" + Hex.encode(keyHint) + "]";
  }
}
