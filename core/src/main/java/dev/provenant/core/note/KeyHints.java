package dev.provenant.core.note;

import dev.provenant.core.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/** Key hint (key ID) derivations for signed-note signatures. */
public final class KeyHints {
  /** C2SP signature type byte for Ed25519 note signatures. */
  public static final byte TYPE_ED25519 = 0x01;

  /** C2SP signature type byte for timestamped Ed25519 witness cosignatures (cosignature/v1). */
  public static final byte TYPE_COSIGNATURE_V1 = 0x04;

  private KeyHints() {}

  /**
   * SPEC: https://c2sp.org/signed-note: "key ID = SHA-256(key name || 0x0A || signature type ||
   * public key)[:4]".
   */
  public static byte[] typed(String name, byte type, byte[] rawPublicKey) {
    MessageDigest md = Sha256.newDigest();
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0x0A);
    md.update(type);
    md.update(rawPublicKey);
    return Arrays.copyOf(md.digest(), NoteSignature.KEY_HINT_SIZE);
  }

  /**
   * The hint Rekor v1 (and Sigstore's ECDSA checkpoints) use: the first 4 bytes of SHA-256 over the
   * DER SubjectPublicKeyInfo, i.e. the first 4 bytes of the log ID.
   */
  public static byte[] pkix(byte[] subjectPublicKeyInfoDer) {
    return Arrays.copyOf(Sha256.hash(subjectPublicKeyInfoDer), NoteSignature.KEY_HINT_SIZE);
  }
}
