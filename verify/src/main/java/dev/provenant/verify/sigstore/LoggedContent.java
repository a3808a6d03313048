package dev.provenant.verify.sigstore;

import dev.provenant.core.bundle.MessageSignature;
import dev.provenant.core.dsse.DsseEnvelope;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * What a transparency log entry is expected to record: a message signature or a DSSE envelope, and
 * the certificate or key that signed it. {@link SigstoreVerifier#verifyTlogEntry} compares the
 * logged body against it field by field.
 */
public final class LoggedContent {
  private final MessageSignature messageSignature;
  private final DsseEnvelope envelope;
  private final X509Certificate certificate;
  private final PublicKey key;

  private LoggedContent(MessageSignature m, DsseEnvelope e, X509Certificate c, PublicKey k) {
    this.messageSignature = m;
    this.envelope = e;
    this.certificate = c;
    this.key = k;
  }

  /** A DSSE envelope signed with {@code certificate}'s key. */
  public static LoggedContent dsse(DsseEnvelope envelope, X509Certificate certificate) {
    return new LoggedContent(
        null,
        Objects.requireNonNull(envelope),
        Objects.requireNonNull(certificate),
        certificate.getPublicKey());
  }

  /** A message signature made with {@code certificate}'s key. */
  public static LoggedContent messageSignature(
      MessageSignature signature, X509Certificate certificate) {
    return new LoggedContent(
        Objects.requireNonNull(signature),
        null,
        Objects.requireNonNull(certificate),
        certificate.getPublicKey());
  }

  /** Content signed with a bare key (a {@code --key} bundle); exactly one of the two contents. */
  public static LoggedContent withKey(
      MessageSignature signature, DsseEnvelope envelope, PublicKey key) {
    if ((signature == null) == (envelope == null)) {
      throw new IllegalArgumentException("exactly one of signature and envelope");
    }
    return new LoggedContent(signature, envelope, null, Objects.requireNonNull(key));
  }

  MessageSignature messageSignature() {
    return messageSignature;
  }

  DsseEnvelope envelope() {
    return envelope;
  }

  X509Certificate certificate() {
    return certificate;
  }

  PublicKey key() {
    return key;
  }

  /** The signature bytes the log records. */
  byte[] signature() {
    if (messageSignature != null) {
      return messageSignature.signature();
    }
    return envelope.signatures().isEmpty() ? new byte[0] : envelope.signatures().get(0).sig();
  }
}
