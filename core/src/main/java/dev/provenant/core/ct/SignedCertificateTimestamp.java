package dev.provenant.core.ct;

import dev.provenant.core.encoding.Hex;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One RFC 6962 v1 signed certificate timestamp.
 *
 * <p>SPEC: RFC 6962 §3.2 {@code struct SignedCertificateTimestamp}.
 *
 * @param logId SHA-256 of the CT log's DER public key
 * @param timestampMillis milliseconds since the epoch
 * @param extensions the opaque CtExtensions bytes (Static CT logs put the leaf index here)
 * @param hashAlgorithm TLS HashAlgorithm code (4 = sha256)
 * @param signatureAlgorithm TLS SignatureAlgorithm code (1 = rsa, 3 = ecdsa)
 * @param signature the DER signature
 */
public record SignedCertificateTimestamp(
    byte[] logId,
    long timestampMillis,
    byte[] extensions,
    int hashAlgorithm,
    int signatureAlgorithm,
    byte[] signature) {
  /** Copies. */
  public SignedCertificateTimestamp {
    logId = logId.clone();
    extensions = extensions.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] logId() {
    return logId.clone();
  }

  @Override
  public byte[] extensions() {
    return extensions.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * RFC 6962 §3.2 TLS encoding of this SCT ({@code struct SignedCertificateTimestamp}), as {@link
   * EmbeddedScts#parse} reads it.
   */
  public byte[] toTls() {
    java.io.ByteArrayOutputStream out =
        new java.io.ByteArrayOutputStream(48 + extensions.length + signature.length);
    out.write(0); // sct_version v1
    out.writeBytes(logId);
    Tls.u64(out, timestampMillis);
    Tls.u16(out, extensions.length);
    out.writeBytes(extensions);
    out.writeBytes(CtStructs.digitallySigned(hashAlgorithm, signatureAlgorithm, signature));
    return out.toByteArray();
  }

  /** The timestamp as an instant. */
  public Instant time() {
    return Instant.ofEpochMilli(timestampMillis);
  }

  /**
   * The JCA signature algorithm name for this SCT's hash/signature codes, or null if unsupported.
   */
  public @Nullable String jcaAlgorithm() {
    if (hashAlgorithm != CtStructs.HASH_SHA256) {
      return null;
    }
    switch (signatureAlgorithm) {
      case CtStructs.SIG_RSA:
        return "SHA256withRSA";
      case CtStructs.SIG_ECDSA:
        return "SHA256withECDSA";
      default:
        return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedCertificateTimestamp s
        && Arrays.equals(logId, s.logId)
        && timestampMillis == s.timestampMillis
        && Arrays.equals(extensions, s.extensions)
        && hashAlgorithm == s.hashAlgorithm
        && signatureAlgorithm == s.signatureAlgorithm
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(logId), timestampMillis);
  }

  @Override
  public String toString() {
    return "SCT[log=" + Hex.encode(logId) + ", time=" + time() + "]";
  }
}
