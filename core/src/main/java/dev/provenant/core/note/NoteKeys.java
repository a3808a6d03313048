package dev.provenant.core.note;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Conversions between raw Ed25519 keys and JCA keys (no BouncyCastle needed: JDK 15+ has EdDSA).
 */
final class NoteKeys {
  // DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112
  // }
  // BIT STRING (33 bytes, 0 unused bits) }, followed by the 32 raw key bytes.
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private NoteKeys() {}

  static PublicKey ed25519FromRaw(byte[] raw) throws NoteException {
    if (raw.length != 32) {
      throw new NoteException(
          NoteException.Reason.KEY_INVALID,
          "Ed25519 public key must be 32 bytes, got " + raw.length);
    }
    byte[] der = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, 32);
    return pkix(der);
  }

  static byte[] ed25519Raw(PublicKey key) throws NoteException {
    byte[] der = key.getEncoded();
    if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())
        || der == null
        || der.length != ED25519_SPKI_PREFIX.length + 32
        || !Arrays.equals(
            der,
            0,
            ED25519_SPKI_PREFIX.length,
            ED25519_SPKI_PREFIX,
            0,
            ED25519_SPKI_PREFIX.length)) {
      throw new NoteException(NoteException.Reason.KEY_INVALID, "not an Ed25519 public key");
    }
    return Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length);
  }

  /** Parses a DER SubjectPublicKeyInfo holding an EC or Ed25519 key. */
  static PublicKey pkix(byte[] der) throws NoteException {
    GeneralSecurityException last = null;
    for (String alg : new String[] {"EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        last = e instanceof GeneralSecurityException g ? g : new GeneralSecurityException(e);
      }
    }
    throw new NoteException(
        NoteException.Reason.KEY_INVALID, "not a DER SubjectPublicKeyInfo for EC or Ed25519", last);
  }

  static void requireP256(PublicKey key) throws NoteException {
    if (!(key instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new NoteException(NoteException.Reason.KEY_INVALID, "not an ECDSA P-256 public key");
    }
  }
}
