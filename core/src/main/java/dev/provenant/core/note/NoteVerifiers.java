package dev.provenant.core.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;

/** Factories for {@link NoteVerifier}s: Ed25519, ECDSA P-256 (Rekor v1), witness cosignatures. */
public final class NoteVerifiers {
  private NoteVerifiers() {}

  /**
   * An Ed25519 note verifier with the C2SP key ID rule (type 0x01).
   *
   * @throws NoteException {@code KEY_INVALID} if the key is not Ed25519
   */
  public static NoteVerifier ed25519(String name, PublicKey key) throws NoteException {
    byte[] raw = NoteKeys.ed25519Raw(key);
    return jca(name, KeyHints.typed(name, KeyHints.TYPE_ED25519, raw), key, "Ed25519");
  }

  /**
   * An Ed25519 note verifier from the 32 raw public key bytes.
   *
   * @throws NoteException {@code KEY_INVALID} if the key is not 32 bytes
   */
  public static NoteVerifier ed25519Raw(String name, byte[] raw) throws NoteException {
    return ed25519(name, NoteKeys.ed25519FromRaw(raw));
  }

  /**
   * An ECDSA P-256 / SHA-256 verifier as Rekor v1 signs its checkpoints: the key hint is the first
   * 4 bytes of SHA-256 over the PKIX public key, the signature is ASN.1 DER.
   *
   * @param name the key name, or null to accept any name carrying this key's hint (Sigstore trust
   *     roots carry the key but not the note name)
   * @throws NoteException {@code KEY_INVALID} if the key is not P-256
   */
  public static NoteVerifier ecdsa(String name, PublicKey key) throws NoteException {
    NoteKeys.requireP256(key);
    return jca(name, KeyHints.pkix(key.getEncoded()), key, "SHA256withECDSA");
  }

  /**
   * A verifier for a DER SubjectPublicKeyInfo, choosing Ed25519 or ECDSA by the key type. This is
   * what a trusted_root.json {@code tlogs[].publicKey.rawBytes} holds.
   *
   * @param name the note key name; required for Ed25519 (it is part of the key ID), may be null for
   *     ECDSA
   * @throws NoteException {@code KEY_INVALID} for other key types or a missing Ed25519 name
   */
  public static NoteVerifier fromPkix(String name, byte[] spkiDer) throws NoteException {
    PublicKey key = NoteKeys.pkix(spkiDer);
    if ("EC".equals(key.getAlgorithm())) {
      return ecdsa(name, key);
    }
    if (name == null) {
      throw new NoteException(NoteException.Reason.KEY_INVALID, "Ed25519 note keys need a name");
    }
    return ed25519(name, key);
  }

  /**
   * A verifier for C2SP tlog-cosignature v1 witness cosignatures (type 0x04): the signature is an
   * 8-byte big-endian timestamp followed by an Ed25519 signature over {@code "cosignature/v1\ntime
   * <timestamp>\n"} and the checkpoint text.
   *
   * @throws NoteException {@code KEY_INVALID} if the key is not Ed25519
   */
  public static NoteVerifier cosignatureV1(String name, PublicKey key) throws NoteException {
    byte[] raw = NoteKeys.ed25519Raw(key);
    byte[] hint = KeyHints.typed(name, KeyHints.TYPE_COSIGNATURE_V1, raw);
    return of(
        name,
        hint,
        (text, signature) -> {
          if (signature.length != 8 + 64) {
            return false;
          }
          long time = ByteBuffer.wrap(signature, 0, 8).getLong();
          byte[] header =
              ("cosignature/v1\ntime " + Long.toUnsignedString(time) + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          byte[] msg = new byte[header.length + text.length];
          System.arraycopy(header, 0, msg, 0, header.length);
          System.arraycopy(text, 0, msg, header.length, text.length);
          return check("Ed25519", key, msg, Arrays.copyOfRange(signature, 8, signature.length));
        });
  }

  /**
   * Checks a raw signature (the note signature without its key hint) over the note text. Used by
   * {@link #of} so callers can keep their own key handling, e.g. a faster JCA provider or a
   * per-thread {@link Signature}.
   */
  @FunctionalInterface
  public interface SignatureCheck {
    /**
     * True if {@code signature} is valid over {@code text}; false (never an exception) for an
     * invalid or malformed signature.
     */
    boolean verify(byte[] text, byte[] signature);
  }

  /**
   * A verifier from a key name, its 4-byte key hint and the signature check for its key. The other
   * factories here build on this one; use it directly when the check must go through caller-chosen
   * crypto. Calls to {@link NoteVerifier#verify} go straight to {@code check} (nothing is allocated
   * per call).
   *
   * @param name the key name, or null to accept any name carrying {@code keyHint}
   * @param keyHint the key hint (copied)
   * @param check the signature check for the key
   */
  public static NoteVerifier of(String name, byte[] keyHint, SignatureCheck check) {
    return new Simple(name, keyHint.clone(), Objects.requireNonNull(check, "check"));
  }

  static boolean check(String alg, PublicKey key, byte[] msg, byte[] sig) {
    try {
      Signature s = Signature.getInstance(alg);
      s.initVerify(key);
      s.update(msg);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A malformed signature encoding is just an invalid signature.
      return false;
    }
  }

  private static NoteVerifier jca(String name, byte[] hint, PublicKey key, String alg) {
    return new Simple(name, hint, (text, signature) -> check(alg, key, text, signature));
  }

  private record Simple(String name, byte[] hint, SignatureCheck check) implements NoteVerifier {
    @Override
    public byte[] keyHint() {
      return hint.clone();
    }

    @Override
    public boolean verify(byte[] text, byte[] signature) {
      return check.verify(text, signature);
    }
  }
}
