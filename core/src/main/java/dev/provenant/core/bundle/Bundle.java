package dev.provenant.core.bundle;

import dev.provenant.core.dsse.DsseEnvelope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore bundle (protobuf-specs {@code dev.sigstore.bundle.v1.Bundle}), v0.1 to v0.3: the
 * signature content (a message signature or a DSSE envelope) and the material to verify it.
 *
 * <p>SPEC: https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto
 *
 * <p>A value: {@link BundleParser} reads one from JSON ({@link #parse(byte[])} is its entry point).
 */
public final class Bundle {
  private final String mediaType;
  private final BundleVersion version;
  private final VerificationMaterial verificationMaterial;
  private final @Nullable MessageSignature messageSignature;
  private final @Nullable DsseEnvelope dsseEnvelope;

  Bundle(
      String mediaType,
      BundleVersion version,
      VerificationMaterial verificationMaterial,
      @Nullable MessageSignature messageSignature,
      @Nullable DsseEnvelope dsseEnvelope) {
    this.mediaType = mediaType;
    this.version = version;
    this.verificationMaterial = verificationMaterial;
    this.messageSignature = messageSignature;
    this.dsseEnvelope = dsseEnvelope;
  }

  /**
   * Creates a bundle from parts (for producers); exactly one of {@code messageSignature} and {@code
   * dsseEnvelope} must be non-null.
   */
  public static Bundle of(
      BundleVersion version,
      VerificationMaterial material,
      @Nullable MessageSignature messageSignature,
      @Nullable DsseEnvelope dsseEnvelope) {
    if ((messageSignature == null) == (dsseEnvelope == null)) {
      throw new IllegalArgumentException("exactly one of messageSignature and dsseEnvelope");
    }
    return new Bundle(
        version.mediaType(),
        version,
        Objects.requireNonNull(material, "material"),
        messageSignature,
        dsseEnvelope);
  }

  /** The media type exactly as the document spelled it. */
  public String mediaType() {
    return mediaType;
  }

  /** The bundle format version. */
  public BundleVersion version() {
    return version;
  }

  /** Certificates or key hint, log entries, timestamps. */
  public VerificationMaterial verificationMaterial() {
    return verificationMaterial;
  }

  /** The message signature, when the bundle signs an artifact directly. */
  public Optional<MessageSignature> messageSignature() {
    return Optional.ofNullable(messageSignature);
  }

  /** The DSSE envelope, when the bundle carries an attestation. */
  public Optional<DsseEnvelope> dsseEnvelope() {
    return Optional.ofNullable(dsseEnvelope);
  }

  /**
   * The signature bytes an RFC 3161 timestamp and a log entry are over: the message signature, or
   * the envelope's single signature.
   */
  public byte[] signatureBytes() {
    if (messageSignature != null) {
      return messageSignature.signature();
    }
    // the constructors hold exactly one of the two non-null
    List<DsseEnvelope.Signature> sigs = Objects.requireNonNull(dsseEnvelope).signatures();
    return sigs.isEmpty() ? new byte[0] : sigs.get(0).sig();
  }

  /**
   * Parses a bundle's JSON (see {@link BundleParser#parse}).
   *
   * @throws BundleFormatException if the JSON is malformed, a field has the wrong type or encoding,
   *     a certificate does not parse, a per-version rule is broken, or the version is unsupported
   */
  public static Bundle parse(byte[] json) throws BundleFormatException {
    return BundleParser.parse(json);
  }
}
