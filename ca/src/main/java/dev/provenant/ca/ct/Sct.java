package dev.provenant.ca.ct;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * An RFC 6962 §3.2 SignedCertificateTimestamp (v1) with an ECDSA-SHA256 signature.
 *
 * @param logId SHA-256 of the log's DER SubjectPublicKeyInfo
 * @param timestamp milliseconds since the epoch
 * @param signature DER ECDSA signature over the {@link CtLog#signatureInput} structure
 */
public record Sct(byte[] logId, long timestamp, byte[] signature) {
  /** RFC 5246 HashAlgorithm sha256. */
  static final int HASH_SHA256 = 4;
  /** RFC 5246 SignatureAlgorithm ecdsa. */
  static final int SIG_ECDSA = 3;

  /** Validates sizes and copies. */
  public Sct {
    if (logId.length != 32) {
      throw new IllegalArgumentException("log id must be 32 bytes, got " + logId.length);
    }
    if (signature.length == 0 || signature.length > 0xffff) {
      throw new IllegalArgumentException("signature length out of range: " + signature.length);
    }
    logId = logId.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] logId() {
    return logId.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The TLS encoding of this SCT (RFC 6962 §3.2 {@code SignedCertificateTimestamp}). */
  public byte[] toTls() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(48 + signature.length);
    out.write(0); // sct_version v1
    out.writeBytes(logId);
    Tls.u64(out, timestamp);
    Tls.u16(out, 0); // CtExtensions, empty
    out.write(HASH_SHA256);
    out.write(SIG_ECDSA);
    Tls.u16(out, signature.length);
    out.writeBytes(signature);
    return out.toByteArray();
  }

  /** The TLS {@code SignedCertificateTimestampList} of RFC 6962 §3.3 holding {@code scts}. */
  public static byte[] list(List<Sct> scts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Sct s : scts) {
      byte[] t = s.toTls();
      Tls.u16(body, t.length);
      body.writeBytes(t);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Tls.u16(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }
}
