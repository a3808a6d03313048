package dev.provenant.core.trustroot;

import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.x509.Certificates;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A transparency log (Rekor) or certificate-transparency log the trust root names: its key, the
 * key's validity window and its log id.
 */
public final class TransparencyLog {
  private final String baseUrl;
  private final HashAlgorithm hashAlgorithm;
  private final byte[] rawKey;
  private final String keyDetails;
  private final @Nullable PublicKey publicKey;
  private final TimeRange validFor;
  private final byte[] logId;

  /**
   * @param baseUrl the log's URL (its host is the checkpoint origin for Rekor v2)
   * @param hashAlgorithm the tree hash
   * @param rawKey the DER key bytes as the trust root holds them
   * @param keyDetails the protobuf-specs PublicKeyDetails name, e.g. {@code
   *     PKIX_ECDSA_P256_SHA_256}
   * @param publicKey the parsed key, or null when the key's type is not supported (the log is then
   *     unusable, not fatal)
   * @param validFor when the key may be used
   * @param logId the log id, as entries refer to it
   */
  public TransparencyLog(
      @Nullable String baseUrl,
      HashAlgorithm hashAlgorithm,
      byte[] rawKey,
      @Nullable String keyDetails,
      @Nullable PublicKey publicKey,
      TimeRange validFor,
      byte[] logId) {
    this.baseUrl = baseUrl == null ? "" : baseUrl;
    this.hashAlgorithm = Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
    this.rawKey = rawKey.clone();
    this.keyDetails = keyDetails == null ? "" : keyDetails;
    this.publicKey = publicKey;
    this.validFor = Objects.requireNonNull(validFor, "validFor");
    this.logId = logId.clone();
  }

  /**
   * A log as a trust root names it from its DER SubjectPublicKeyInfo: key details derived from the
   * key, log id the SHA-256 of the DER (Rekor v1 and RFC 6962 define it so), SHA2_256 tree.
   *
   * @throws IllegalArgumentException if the key is not an EC, RSA or Ed25519 SubjectPublicKeyInfo
   */
  public static TransparencyLog fromSpki(String baseUrl, byte[] spki, Instant validFrom) {
    PublicKey k;
    try {
      k = Certificates.publicKeyFromSpki(spki);
    } catch (InvalidKeySpecException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a supported SubjectPublicKeyInfo: " + e.getMessage(), e);
    }
    return new TransparencyLog(
        baseUrl,
        HashAlgorithm.SHA2_256,
        spki,
        keyDetails(k),
        k,
        new TimeRange(validFrom, null),
        Sha256.hash(spki));
  }

  /** The protobuf-specs {@code PublicKeyDetails} name of a key. */
  public static String keyDetails(PublicKey k) {
    if (k instanceof ECPublicKey ec) {
      return switch (ec.getParams().getCurve().getField().getFieldSize()) {
        case 256 -> "PKIX_ECDSA_P256_SHA_256";
        case 384 -> "PKIX_ECDSA_P384_SHA_384";
        case 521 -> "PKIX_ECDSA_P521_SHA_512";
        default -> throw new IllegalArgumentException("unsupported EC curve");
      };
    }
    if (k instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      return bits <= 2048
          ? "PKIX_RSA_PKCS1V15_2048_SHA256"
          : bits <= 3072 ? "PKIX_RSA_PKCS1V15_3072_SHA256" : "PKIX_RSA_PKCS1V15_4096_SHA256";
    }
    if (k.getAlgorithm().equals("Ed25519") || k.getAlgorithm().equals("EdDSA")) {
      return "PKIX_ED25519";
    }
    throw new IllegalArgumentException("unsupported key algorithm " + k.getAlgorithm());
  }

  /** The log's base URL. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The host of {@link #baseUrl()}, the Rekor v2 checkpoint origin. */
  public String host() {
    try {
      String h = java.net.URI.create(baseUrl).getHost();
      return h == null ? "" : h;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The tree hash algorithm. */
  public HashAlgorithm hashAlgorithm() {
    return hashAlgorithm;
  }

  /** The DER key bytes. */
  public byte[] rawKey() {
    return rawKey.clone();
  }

  /** The PublicKeyDetails name. */
  public String keyDetails() {
    return keyDetails;
  }

  /** The parsed key, if its type is supported. */
  public Optional<PublicKey> publicKey() {
    return Optional.ofNullable(publicKey);
  }

  /** When the key is valid. */
  public TimeRange validFor() {
    return validFor;
  }

  /** The log id bytes. */
  public byte[] logId() {
    return logId.clone();
  }

  /** The log id in hex. */
  public String logIdHex() {
    return Hex.encode(logId);
  }

  @Override
  public String toString() {
    return "TransparencyLog[" + baseUrl + " " + logIdHex() + " " + validFor + "]";
  }
}
