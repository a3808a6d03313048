package dev.provenant.platform.source;

import dev.provenant.core.pem.Armor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * Checks the signature of a raw git tag object against a project's maintainer allow-list. Only the
 * key that verified is trusted: the tagger line and the name inside a signature are never read.
 */
final class TagSignatures {
  private TagSignatures() {}

  /** What the check found: the verified maintainer key, or why there is none. */
  record Verdict(MaintainerKey signer, TriggerDecision.Reason refusal, String detail) {
    static Verdict verified(MaintainerKey key) {
      return new Verdict(key, null, "verified with " + key.kind() + " key " + key.fingerprint());
    }

    static Verdict refused(TriggerDecision.Reason reason, String detail) {
      return new Verdict(null, reason, detail);
    }
  }

  /**
   * Splits a tag object into the signed payload and the signature block. Like git's
   * parse_signed_buffer, the signature starts at the last line that begins a known signature block.
   *
   * @return {payload, signature}, or null if the tag carries no signature
   */
  static byte[][] split(byte[] raw) {
    int match = -1;
    int line = 0;
    while (line < raw.length) {
      if (startsWith(raw, line, OpenPgpSignatures.BEGIN)
          || startsWith(raw, line, SshSignatures.BEGIN)
          || startsWith(raw, line, Armor.begin(Armor.SIGNED_MESSAGE))) {
        match = line;
      }
      int eol = indexOf(raw, (byte) '\n', line);
      line = eol < 0 ? raw.length : eol + 1;
    }
    if (match < 0) {
      return null;
    }
    return new byte[][] {
      Arrays.copyOfRange(raw, 0, match), Arrays.copyOfRange(raw, match, raw.length)
    };
  }

  static Verdict check(byte[] rawTag, List<MaintainerKey> maintainers) {
    byte[][] parts = split(rawTag);
    if (parts == null) {
      return Verdict.refused(
          TriggerDecision.Reason.UNSIGNED, "the annotated tag carries no signature");
    }
    byte[] payload = parts[0];
    String block = new String(parts[1], StandardCharsets.US_ASCII);
    try {
      if (block.startsWith(SshSignatures.BEGIN)) {
        return checkSsh(SshSignatures.parse(block), payload, maintainers);
      }
      if (block.startsWith(OpenPgpSignatures.BEGIN)) {
        return checkOpenPgp(OpenPgpSignatures.parse(block), payload, maintainers);
      }
      return Verdict.refused(
          TriggerDecision.Reason.BAD_SIGNATURE,
          "X.509 (gpgsm) tag signatures are not supported; sign with an SSH or OpenPGP maintainer key");
    } catch (SignatureFormatException e) {
      return Verdict.refused(TriggerDecision.Reason.BAD_SIGNATURE, e.getMessage());
    }
  }

  private static Verdict checkSsh(
      SshSignatures.SshSig sig, byte[] payload, List<MaintainerKey> maintainers)
      throws SignatureFormatException {
    String claimed = SshSignatures.fingerprint(sig.publicKeyBlob());
    for (MaintainerKey m : maintainers) {
      if (m.kind() != KeyKind.SSH || !m.fingerprint().equals(claimed)) {
        continue;
      }
      // Verify with the allow-listed key's own bytes, not with the copy inside the signature.
      byte[] keyBlob = SshSignatures.publicKeyBlob(m.publicKey());
      if (SshSignatures.verify(sig, keyBlob, payload)) {
        return Verdict.verified(m);
      }
      return Verdict.refused(
          TriggerDecision.Reason.BAD_SIGNATURE,
          "SSH signature by maintainer key " + claimed + " does not verify over the tag");
    }
    return Verdict.refused(
        TriggerDecision.Reason.UNKNOWN_KEY,
        "SSH signature by key " + claimed + ", which is not on the project's maintainer list");
  }

  private static Verdict checkOpenPgp(
      PGPSignature sig, byte[] payload, List<MaintainerKey> maintainers)
      throws SignatureFormatException {
    for (MaintainerKey m : maintainers) {
      if (m.kind() != KeyKind.OPENPGP) {
        continue;
      }
      PGPPublicKeyRing ring = OpenPgpSignatures.readKeyRing(m.publicKey());
      PGPPublicKey key = OpenPgpSignatures.issuerIn(sig, ring);
      if (key == null) {
        continue;
      }
      if (OpenPgpSignatures.verify(sig, key, ring, payload)) {
        return Verdict.verified(m);
      }
      return Verdict.refused(
          TriggerDecision.Reason.BAD_SIGNATURE,
          "OpenPGP signature by maintainer key "
              + m.fingerprint()
              + " does not verify over the tag");
    }
    return Verdict.refused(
        TriggerDecision.Reason.UNKNOWN_KEY,
        "OpenPGP signature by key id "
            + String.format("%016X", sig.getKeyID())
            + ", which is not on the project's maintainer list");
  }

  private static boolean startsWith(byte[] buf, int at, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    return buf.length - at >= p.length && Arrays.equals(buf, at, at + p.length, p, 0, p.length);
  }

  private static int indexOf(byte[] buf, byte b, int from) {
    for (int i = from; i < buf.length; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
