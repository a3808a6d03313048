package dev.provenant.core.rekor;

import dev.provenant.core.bundle.HashAlgorithm;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a Rekor entry body says, in one shape for every supported kind: hashedrekord 0.0.1/0.0.2,
 * dsse 0.0.1/0.0.2, intoto 0.0.1/0.0.2.
 *
 * <p>For hashedrekord, {@code digest} is the signed digest (the artifact's, or for Rekor v2
 * "hashedrekord over DSSE" the digest of the DSSE PAE). For dsse/intoto, {@code payloadHash} is the
 * SHA-256 of the envelope payload and {@code envelopeHash} the hash of the envelope as logged.
 */
public final class EntryBody {
  private final String kind;
  private final String apiVersion;
  private final @Nullable HashAlgorithm digestAlgorithm;
  private final byte @Nullable [] digest;
  private final @Nullable HashAlgorithm payloadHashAlgorithm;
  private final byte @Nullable [] payloadHash;
  private final byte @Nullable [] envelopeHash;
  private final List<LoggedSignature> signatures;

  EntryBody(
      String kind,
      String apiVersion,
      @Nullable HashAlgorithm digestAlgorithm,
      byte @Nullable [] digest,
      @Nullable HashAlgorithm payloadHashAlgorithm,
      byte @Nullable [] payloadHash,
      byte @Nullable [] envelopeHash,
      List<LoggedSignature> signatures) {
    this.kind = Objects.requireNonNull(kind);
    this.apiVersion = Objects.requireNonNull(apiVersion);
    this.digestAlgorithm = digestAlgorithm;
    this.digest = digest == null ? null : digest.clone();
    this.payloadHashAlgorithm = payloadHashAlgorithm;
    this.payloadHash = payloadHash == null ? null : payloadHash.clone();
    this.envelopeHash = envelopeHash == null ? null : envelopeHash.clone();
    this.signatures = List.copyOf(signatures);
  }

  /** {@code hashedrekord}, {@code dsse} or {@code intoto}. */
  public String kind() {
    return kind;
  }

  /** The kind's version, e.g. {@code 0.0.1}. */
  public String apiVersion() {
    return apiVersion;
  }

  /** True for the Rekor v2 (rekor-tiles) body shapes. */
  public boolean isRekorV2() {
    return "0.0.2".equals(apiVersion) && !"intoto".equals(kind);
  }

  /** The algorithm of {@link #digest()} (hashedrekord only). */
  public Optional<HashAlgorithm> digestAlgorithm() {
    return Optional.ofNullable(digestAlgorithm);
  }

  /** The signed digest (hashedrekord only). */
  public Optional<byte[]> digest() {
    return Optional.ofNullable(digest).map(byte[]::clone);
  }

  /** The algorithm of {@link #payloadHash()} (dsse/intoto only). */
  public Optional<HashAlgorithm> payloadHashAlgorithm() {
    return Optional.ofNullable(payloadHashAlgorithm);
  }

  /** Hash of the DSSE payload (dsse/intoto only). */
  public Optional<byte[]> payloadHash() {
    return Optional.ofNullable(payloadHash).map(byte[]::clone);
  }

  /** Hash of the envelope as logged (dsse 0.0.1 envelopeHash, intoto content.hash), if any. */
  public Optional<byte[]> envelopeHash() {
    return Optional.ofNullable(envelopeHash).map(byte[]::clone);
  }

  /** The logged signatures with their verifiers. */
  public List<LoggedSignature> signatures() {
    return signatures;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryBody b
        && kind.equals(b.kind)
        && apiVersion.equals(b.apiVersion)
        && digestAlgorithm == b.digestAlgorithm
        && Arrays.equals(digest, b.digest)
        && payloadHashAlgorithm == b.payloadHashAlgorithm
        && Arrays.equals(payloadHash, b.payloadHash)
        && Arrays.equals(envelopeHash, b.envelopeHash)
        && signatures.equals(b.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, apiVersion, Arrays.hashCode(digest), Arrays.hashCode(payloadHash));
  }

  @Override
  public String toString() {
    return "EntryBody[" + kind + "/" + apiVersion + ", " + signatures.size() + " signature(s)]";
  }
}
