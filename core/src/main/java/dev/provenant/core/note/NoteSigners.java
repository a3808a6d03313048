package dev.provenant.core.note;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

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
    return new Simple(name, hint, privateKey, "Ed25519");
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
    return new Simple(name, KeyHints.pkix(publicKey.getEncoded()), privateKey, "SHA256withECDSA");
  }

  private static void checkName(String name) throws NoteException {
    if (name == null || !NoteSignature.isValidName(name)) {
      throw new NoteException(NoteException.Reason.KEY_INVALID, "invalid key name: " + name);
    }
  }

  private record Simple(String name, byte[] hint, PrivateKey key, String alg)
      implements NoteSigner {
    @Override
    public byte[] keyHint() {
      return hint.clone();
    }

    @Override
    public byte[] sign(byte[] text) throws NoteException {
      try {
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(text);
        return s.sign();
      } catch (GeneralSecurityException e) {
        throw new NoteException(NoteException.Reason.KEY_INVALID, "signing failed", e);
      }
    }
  }
}
