package dev.provenant.core.note;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/** Factories for {@link NoteSigner}s matching the verifiers in {@link NoteVerifiers}. */
public final class NoteSigners {
  private NoteSigners() {}

  /**
   * An Ed25519 signer (C2SP key ID rule, type 0x01).
   *
   * @throws NoteException {@code KEY_INVALID} if the name is invalid or the key is not Ed25519
   */
  public static NoteSigner ed25519(String name, PrivateKey privateKey, PublicKey publicKey)
      throws NoteException {
    checkName(name);
    byte[] hint = KeyHints.typed(name, KeyHints.TYPE_ED25519, NoteKeys.ed25519Raw(publicKey));
    return jca(name, hint, privateKey, "Ed25519");
  }

  /**
   * An ECDSA P-256 / SHA-256 signer with the PKIX key hint (Rekor v1 style).
   *
   * @throws NoteException {@code KEY_INVALID} if the name is invalid or the key is not P-256
   */
  public static NoteSigner ecdsa(String name, PrivateKey privateKey, PublicKey publicKey)
      throws NoteException {
    checkName(name);
    NoteKeys.requireP256(publicKey);
    return jca(name, KeyHints.pkix(publicKey.getEncoded()), privateKey, "SHA256withECDSA");
  }

  /**
   * Produces the raw signature (without key hint) over a note text, e.g. through a key held in a
   * token or a per-thread {@link Signature}.
   */
  @FunctionalInterface
  public interface SignFunction {
    /**
     * Signs {@code text}.
     *
     * @throws NoteException {@code KEY_INVALID} if the key cannot sign
     */
    byte[] sign(byte[] text) throws NoteException;
  }

  /**
   * A signer from a key name, its 4-byte key hint and the signing function for its key. The other
   * factories here build on this one; use it directly when the key is not a JCA private key this
   * class may use (no name or key checks are made here: the factories above make them).
   *
   * @param name the key name written in signature lines
   * @param keyHint the key hint (copied)
   * @param sign the signing function
   */
  public static NoteSigner of(String name, byte[] keyHint, SignFunction sign) {
    return new Simple(name, keyHint.clone(), Objects.requireNonNull(sign, "sign"));
  }

  private static void checkName(String name) throws NoteException {
    if (name == null || !NoteSignature.isValidName(name)) {
      throw new NoteException(NoteException.Reason.KEY_INVALID, "invalid key name: " + name);
    }
  }

  private static NoteSigner jca(String name, byte[] hint, PrivateKey key, String alg) {
    return new Simple(
        name,
        hint,
        text -> {
          try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(text);
            return s.sign();
          } catch (GeneralSecurityException e) {
            throw new NoteException(NoteException.Reason.KEY_INVALID, "signing failed", e);
          }
        });
  }

  private record Simple(String name, byte[] hint, SignFunction signFunction) implements NoteSigner {
    @Override
    public byte[] keyHint() {
      return hint.clone();
    }

    @Override
    public byte[] sign(byte[] text) throws NoteException {
      return signFunction.sign(text);
    }
  }
}
