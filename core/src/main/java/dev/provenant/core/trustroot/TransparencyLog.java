package dev.provenant.core.trustroot;

import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.encoding.Hex;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A transparency log (Rekor) or certificate-transparency log the trust root names: its key, the
 * key's validity window and its log id.
 */
public final class TransparencyLog {
  private final String baseUrl;
  private final HashAlgorithm hashAlgorithm;
  private final byte[] rawKey;
  private final String keyDetails;
  private final PublicKey publicKey;
  private final TimeRange validFor;
  private final byte[] logId;

  /**
   * @param baseUrl the log's URL (its host is the checkpoint origin for Rekor v2)
   * @param hashAlgorithm the tree hash
   * @param rawKey the DER key bytes as the trust root holds them
   * @param keyDetails the protobuf-specs PublicKeyDetails name, e.g. {@code PKIX_ECDSA_P256_SHA_256}
   * @param publicKey the parsed key, or null when the key's type is not supported (the log is then
   *     unusable, not fatal)
   * @param validFor when the key may be used
   * @param logId the log id, as entries refer to it
   */
  public TransparencyLog(
      String baseUrl,
      HashAlgorithm hashAlgorithm,
      byte[] rawKey,
      String keyDetails,
      PublicKey publicKey,
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
