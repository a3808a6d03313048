package dev.provenant.platform.source;

import dev.provenant.core.pem.Armor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * OpenPGP public keys and detached signatures over git tag payloads, checked with BouncyCastle
 * against one key ring from the project's allow-list (no keyring, no gpg home, no trust database).
 */
final class OpenPgpSignatures {
  static final String BEGIN = Armor.begin(Armor.PGP_SIGNATURE);

  private OpenPgpSignatures() {}

  /** Reads exactly one transferable public key (armored or binary). */
  static PGPPublicKeyRing readKeyRing(String text) throws SignatureFormatException {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(text.strip().getBytes(StandardCharsets.US_ASCII)))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object first = factory.nextObject();
      if (!(first instanceof PGPPublicKeyRing ring)) {
        throw new SignatureFormatException(
            "expected an OpenPGP public key, found "
                + (first == null ? "nothing" : first.getClass().getSimpleName()));
      }
      if (factory.nextObject() != null) {
        throw new SignatureFormatException(
            "more than one OpenPGP key; add each maintainer key separately");
      }
      return ring;
    } catch (IOException | RuntimeException e) {
      throw new SignatureFormatException("unreadable OpenPGP public key: " + e.getMessage(), e);
    }
  }

  /** The primary key's fingerprint, upper-case hex. */
  static String fingerprint(PGPPublicKeyRing ring) {
    return HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
  }

  /** Decodes an armored detached signature holding exactly one signature packet. */
  static PGPSignature parse(String armored) throws SignatureFormatException {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
      Object o = new BcPGPObjectFactory(in).nextObject();
      if (!(o instanceof PGPSignatureList list) || list.size() != 1) {
        throw new SignatureFormatException("expected one OpenPGP signature packet");
      }
      return list.get(0);
    } catch (IOException | RuntimeException e) {
      throw new SignatureFormatException("unreadable OpenPGP signature: " + e.getMessage(), e);
    }
  }

  /**
   * The key of {@code ring} that made {@code sig} according to its issuer subpackets, or null if
   * the ring has no such key. When an issuer fingerprint is present, it must match too.
   */
  static PGPPublicKey issuerIn(PGPSignature sig, PGPPublicKeyRing ring) {
    PGPPublicKey key = ring.getPublicKey(sig.getKeyID());
    IssuerFingerprint ifp =
        sig.getHashedSubPackets() == null ? null : sig.getHashedSubPackets().getIssuerFingerprint();
    if (ifp != null) {
      PGPPublicKey byFingerprint = null;
      for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
        PGPPublicKey k = it.next();
        if (k.hasFingerprint(ifp.getFingerprint())) {
          byFingerprint = k;
        }
      }
      if (key == null) {
        key = byFingerprint;
      } else if (byFingerprint != key) {
        return null;
      }
    }
    return key;
  }

  /**
   * Verifies {@code sig} over {@code payload} with {@code key} from {@code ring}. Returns false for
   * a signature that does not verify; throws for one that cannot be accepted at all (weak hash,
   * wrong signature type, a subkey not bound to its primary key for signing, a revoked key).
   */
  static boolean verify(PGPSignature sig, PGPPublicKey key, PGPPublicKeyRing ring, byte[] payload)
      throws SignatureFormatException {
    if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT
        && sig.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
      throw new SignatureFormatException(
          "OpenPGP signature type " + sig.getSignatureType() + " is not a document signature");
    }
    int hash = sig.getHashAlgorithm();
    if (hash == HashAlgorithmTags.MD5
        || hash == HashAlgorithmTags.SHA1
        || hash == HashAlgorithmTags.RIPEMD160) {
      throw new SignatureFormatException(
          "OpenPGP signature uses a broken hash (algorithm id " + hash + ")");
    }
    PGPPublicKey primary = ring.getPublicKey();
    if (primary.hasRevocation() || key.hasRevocation()) {
      throw new SignatureFormatException("the maintainer's OpenPGP key carries a revocation");
    }
    try {
      if (!key.isMasterKey() && !subkeyBoundForSigning(primary, key)) {
        throw new SignatureFormatException(
            "signing subkey "
                + Long.toHexString(key.getKeyID()).toUpperCase(Locale.ROOT)
                + " has no valid binding signature allowing signing");
      }
      sig.init(new BcPGPContentVerifierBuilderProvider(), key);
      sig.update(payload);
      return sig.verify();
    } catch (PGPException | RuntimeException e) {
      throw new SignatureFormatException(
          "OpenPGP signature could not be checked: " + e.getMessage(), e);
    }
  }

  private static boolean subkeyBoundForSigning(PGPPublicKey primary, PGPPublicKey subkey)
      throws PGPException {
    for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        it.hasNext(); ) {
      PGPSignature binding = it.next();
      binding.init(new BcPGPContentVerifierBuilderProvider(), primary);
      if (!binding.verifyCertification(primary, subkey)) {
        continue;
      }
      int flags =
          binding.getHashedSubPackets() == null ? 0 : binding.getHashedSubPackets().getKeyFlags();
      if ((flags & KeyFlags.SIGN_DATA) != 0) {
        return true;
      }
    }
    return false;
  }
}
