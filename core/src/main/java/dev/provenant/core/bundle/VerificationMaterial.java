package dev.provenant.core.bundle;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a bundle carries to verify its signature: a certificate (chain) or a public-key hint, the
 * transparency log entries and RFC 3161 timestamps.
 */
public final class VerificationMaterial {
  /** Which of the three {@code content} variants the bundle used. */
  public enum Kind {
    /** {@code x509CertificateChain}: leaf first (bundle v0.1, v0.2). */
    CERTIFICATE_CHAIN,
    /** {@code certificate}: the leaf alone (bundle v0.3). */
    CERTIFICATE,
    /** {@code publicKey}: a hint naming a key the verifier knows. */
    PUBLIC_KEY
  }

  private final Kind kind;
  private final List<X509Certificate> certificates;
  private final @Nullable String publicKeyHint;
  private final List<TlogEntry> tlogEntries;
  private final List<byte[]> rfc3161Timestamps;

  /**
   * @param kind which variant
   * @param certificates leaf first; empty for {@link Kind#PUBLIC_KEY}
   * @param publicKeyHint the key hint for {@link Kind#PUBLIC_KEY} (may be empty), else null
   * @param tlogEntries the log entries
   * @param rfc3161Timestamps DER RFC 3161 TimeStampResponse/TimeStampToken bytes
   */
  public VerificationMaterial(
      Kind kind,
      List<X509Certificate> certificates,
      @Nullable String publicKeyHint,
      List<TlogEntry> tlogEntries,
      List<byte[]> rfc3161Timestamps) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.certificates = List.copyOf(certificates);
    if (kind == Kind.PUBLIC_KEY ? !this.certificates.isEmpty() : this.certificates.isEmpty()) {
      throw new IllegalArgumentException(kind + " with " + certificates.size() + " certificates");
    }
    this.publicKeyHint =
        kind == Kind.PUBLIC_KEY ? Objects.requireNonNull(publicKeyHint, "hint") : null;
    this.tlogEntries = List.copyOf(tlogEntries);
    List<byte[]> ts = new ArrayList<>();
    for (byte[] t : rfc3161Timestamps) {
      ts.add(t.clone());
    }
    this.rfc3161Timestamps = List.copyOf(ts);
  }

  /** Which variant the bundle used. */
  public Kind kind() {
    return kind;
  }

  /** The certificates, leaf first; empty for a public-key bundle. */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** The signing certificate, if the bundle has one. */
  public Optional<X509Certificate> leafCertificate() {
    return certificates.isEmpty() ? Optional.empty() : Optional.of(certificates.get(0));
  }

  /** The public-key hint of a key-signed bundle. */
  public Optional<String> publicKeyHint() {
    return Optional.ofNullable(publicKeyHint);
  }

  /** The transparency log entries. */
  public List<TlogEntry> tlogEntries() {
    return tlogEntries;
  }

  /** Copies of the RFC 3161 signed timestamps (DER). */
  public List<byte[]> rfc3161Timestamps() {
    List<byte[]> out = new ArrayList<>(rfc3161Timestamps.size());
    for (byte[] t : rfc3161Timestamps) {
      out.add(t.clone());
    }
    return out;
  }
}
