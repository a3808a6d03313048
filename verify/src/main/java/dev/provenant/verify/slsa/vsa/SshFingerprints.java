package dev.provenant.verify.slsa.vsa;

import dev.provenant.core.digest.Sha256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * SSH-style SHA-256 key fingerprints ({@code SHA256:<unpadded base64>} of the SSH wire encoding),
 * the key id DSSE verifiers derive when none is configured.
 */
final class SshFingerprints {
  private SshFingerprints() {}

  /** The fingerprint, or "" for key types without an SSH encoding here. */
  static String sha256(PublicKey key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      String curve =
          bits == 256 ? "nistp256" : bits == 384 ? "nistp384" : bits == 521 ? "nistp521" : null;
      if (curve == null) {
        return "";
      }
      int len = (bits + 7) / 8;
      byte[] point = new byte[1 + 2 * len];
      point[0] = 4;
      copy(ec.getW().getAffineX(), point, 1, len);
      copy(ec.getW().getAffineY(), point, 1 + len, len);
      string(out, ("ecdsa-sha2-" + curve).getBytes(StandardCharsets.US_ASCII));
      string(out, curve.getBytes(StandardCharsets.US_ASCII));
      string(out, point);
    } else if (key instanceof RSAPublicKey rsa) {
      string(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
      string(out, rsa.getPublicExponent().toByteArray());
      string(out, rsa.getModulus().toByteArray());
    } else {
      return "";
    }
    return "SHA256:"
        + Base64.getEncoder().withoutPadding().encodeToString(Sha256.hash(out.toByteArray()));
  }

  private static void copy(BigInteger v, byte[] dst, int off, int len) {
    byte[] b = v.toByteArray();
    int start = Math.max(0, b.length - len);
    System.arraycopy(b, start, dst, off + len - (b.length - start), b.length - start);
  }

  private static void string(ByteArrayOutputStream out, byte[] b) {
    out.write(b.length >>> 24);
    out.write(b.length >>> 16);
    out.write(b.length >>> 8);
    out.write(b.length);
    out.write(b, 0, b.length);
  }
}
