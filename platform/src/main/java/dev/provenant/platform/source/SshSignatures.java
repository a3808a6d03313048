package dev.provenant.platform.source;

import dev.provenant.core.pem.Armor;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * OpenSSH public keys and SSHSIG signatures, as git writes them for {@code gpg.format=ssh}.
 *
 * <p>SPEC: OpenSSH PROTOCOL.sshsig. The signed data is {@code "SSHSIG" || string(namespace) ||
 * string(reserved) || string(hash_algorithm) || string(H(message))}; "Verifiers MUST reject
 * signatures with versions greater than those they support" and the namespace "MUST" be checked
 * (git signs with namespace {@code git}), so a signature made for another purpose cannot be
 * replayed as a tag signature.
 */
final class SshSignatures {
  static final String BEGIN = Armor.begin(Armor.SSH_SIGNATURE);
  private static final String END = Armor.end(Armor.SSH_SIGNATURE);
  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  private static final String GIT_NAMESPACE = "git";

  private SshSignatures() {}

  /** A parsed SSHSIG envelope. */
  record SshSig(
      byte[] publicKeyBlob,
      String namespace,
      byte[] reserved,
      String hashAlgorithm,
      String signatureAlgorithm,
      byte[] signature) {}

  /** The key blob of an {@code authorized_keys}-style line ({@code type base64 [comment]}). */
  static byte[] publicKeyBlob(String line) throws SignatureFormatException {
    String[] parts = line.strip().split("\\s+");
    if (parts.length < 2) {
      throw new SignatureFormatException("expected '<type> <base64> [comment]'");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new SignatureFormatException("key is not base64", e);
    }
    String type = new Reader(blob).string();
    if (!type.equals(parts[0])) {
      throw new SignatureFormatException(
          "key type '" + parts[0] + "' but blob says '" + type + "'");
    }
    parseKey(blob);
    return blob;
  }

  /** OpenSSH's SHA256 fingerprint of a key blob. */
  static String fingerprint(byte[] blob) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
    }
  }

  static AsymmetricKeyParameter parseKey(byte[] blob) throws SignatureFormatException {
    try {
      return OpenSSHPublicKeyUtil.parsePublicKey(blob);
    } catch (RuntimeException e) {
      throw new SignatureFormatException(
          "unsupported or malformed SSH public key: " + e.getMessage(), e);
    }
  }

  /** Decodes an armored {@code SSH SIGNATURE} block. */
  static SshSig parse(String armored) throws SignatureFormatException {
    String text = armored.strip();
    if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
      throw new SignatureFormatException("not an armored SSH SIGNATURE block");
    }
    String body =
        text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new SignatureFormatException("SSH SIGNATURE body is not base64", e);
    }
    if (raw.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(raw, MAGIC.length), MAGIC)) {
      throw new SignatureFormatException("missing SSHSIG magic preamble");
    }
    Reader r = new Reader(Arrays.copyOfRange(raw, MAGIC.length, raw.length));
    long version = r.uint32();
    if (version != 1) {
      throw new SignatureFormatException("SSHSIG version " + version + ", only 1 is supported");
    }
    byte[] key = r.bytes();
    String namespace = r.string();
    byte[] reserved = r.bytes();
    String hash = r.string();
    Reader sig = new Reader(r.bytes());
    r.requireEnd();
    String sigAlg = sig.string();
    byte[] sigBytes = sig.bytes();
    sig.requireEnd();
    return new SshSig(key, namespace, reserved, hash, sigAlg, sigBytes);
  }

  /**
   * Verifies {@code sig} over {@code message} with the key {@code keyBlob} (which the caller found
   * in the allow-list). Returns false for a signature that does not verify; throws for one that
   * cannot be checked at all (wrong namespace, unsupported algorithm).
   */
  static boolean verify(SshSig sig, byte[] keyBlob, byte[] message)
      throws SignatureFormatException {
    if (!GIT_NAMESPACE.equals(sig.namespace())) {
      throw new SignatureFormatException(
          "SSHSIG namespace is '" + sig.namespace() + "', expected '" + GIT_NAMESPACE + "'");
    }
    Digest messageDigest =
        switch (sig.hashAlgorithm()) {
          case "sha512" -> new SHA512Digest();
          case "sha256" -> new SHA256Digest();
          default ->
              throw new SignatureFormatException(
                  "SSHSIG hash '" + sig.hashAlgorithm() + "' is not supported");
        };
    byte[] h = new byte[messageDigest.getDigestSize()];
    messageDigest.update(message, 0, message.length);
    messageDigest.doFinal(h, 0);
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.writeBytes(MAGIC);
    writeString(signed, sig.namespace().getBytes(StandardCharsets.UTF_8));
    writeString(signed, sig.reserved());
    writeString(signed, sig.hashAlgorithm().getBytes(StandardCharsets.UTF_8));
    writeString(signed, h);
    byte[] data = signed.toByteArray();

    String keyType = new Reader(keyBlob).string();
    AsymmetricKeyParameter key = parseKey(keyBlob);
    String alg = sig.signatureAlgorithm();
    if (key instanceof Ed25519PublicKeyParameters ed
        && alg.equals("ssh-ed25519")
        && keyType.equals(alg)) {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(false, ed);
      signer.update(data, 0, data.length);
      return signer.verifySignature(sig.signature());
    }
    if (key instanceof RSAKeyParameters rsa
        && keyType.equals("ssh-rsa")
        && (alg.equals("rsa-sha2-512") || alg.equals("rsa-sha2-256"))) {
      // "ssh-rsa" (SHA-1) signatures are refused: OpenSSH itself no longer makes them for SSHSIG.
      RSADigestSigner signer =
          new RSADigestSigner(alg.endsWith("512") ? new SHA512Digest() : new SHA256Digest());
      signer.init(false, rsa);
      signer.update(data, 0, data.length);
      return signer.verifySignature(sig.signature());
    }
    if (key instanceof ECPublicKeyParameters ec
        && keyType.equals(alg)
        && alg.startsWith("ecdsa-sha2-nistp")) {
      Digest d =
          switch (alg) {
            case "ecdsa-sha2-nistp256" -> new SHA256Digest();
            case "ecdsa-sha2-nistp384" -> new SHA384Digest();
            case "ecdsa-sha2-nistp521" -> new SHA512Digest();
            default -> throw new SignatureFormatException("unsupported ECDSA curve " + alg);
          };
      byte[] digest = new byte[d.getDigestSize()];
      d.update(data, 0, data.length);
      d.doFinal(digest, 0);
      Reader rs = new Reader(sig.signature());
      BigInteger r = new BigInteger(rs.bytes());
      BigInteger s = new BigInteger(rs.bytes());
      rs.requireEnd();
      ECDSASigner signer = new ECDSASigner();
      signer.init(false, ec);
      return signer.verifySignature(digest, r, s);
    }
    throw new SignatureFormatException(
        "signature algorithm '"
            + alg
            + "' does not fit key type '"
            + keyType
            + "' or is not supported");
  }

  private static void writeString(ByteArrayOutputStream out, byte[] value) {
    int n = value.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.writeBytes(value);
  }

  /** Reads SSH wire-format fields (RFC 4251 section 5), with bounds checks. */
  private static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    long uint32() throws SignatureFormatException {
      if (buf.length - pos < 4) {
        throw new SignatureFormatException("truncated SSH wire data");
      }
      long v =
          ((buf[pos] & 0xffL) << 24)
              | ((buf[pos + 1] & 0xff) << 16)
              | ((buf[pos + 2] & 0xff) << 8)
              | (buf[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    byte[] bytes() throws SignatureFormatException {
      long n = uint32();
      if (n > buf.length - pos) {
        throw new SignatureFormatException(
            "SSH string of " + n + " bytes overruns its " + (buf.length - pos) + " remaining");
      }
      byte[] v = Arrays.copyOfRange(buf, pos, pos + (int) n);
      pos += (int) n;
      return v;
    }

    String string() throws SignatureFormatException {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    void requireEnd() throws SignatureFormatException {
      if (pos != buf.length) {
        throw new SignatureFormatException((buf.length - pos) + " trailing bytes in SSH wire data");
      }
    }
  }
}
