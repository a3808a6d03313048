package dev.provenant.core.bundle;

import dev.provenant.core.encoding.Hex;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A transparency log entry as a bundle carries it ({@code TransparencyLogEntry}).
 *
 * <p>Value object: byte arrays are copied in and out.
 */
public final class TlogEntry {
  private final long logIndex;
  private final byte[] logId;
  private final String kind;
  private final String version;
  private final long integratedTime;
  private final byte @Nullable [] signedEntryTimestamp;
  private final @Nullable InclusionProof inclusionProof;
  private final byte[] canonicalizedBody;

  /**
   * Creates an entry.
   *
   * @param logIndex global index of the entry in its log; must not be negative
   * @param logId the log's key id (SHA-256 of its DER public key for Rekor v1)
   * @param kind the entry kind, e.g. {@code hashedrekord}
   * @param version the kind's version, e.g. {@code 0.0.1}
   * @param integratedTime seconds since the epoch when the log integrated it; 0 when absent (Rekor
   *     v2)
   * @param signedEntryTimestamp the SET (inclusion promise), or null
   * @param inclusionProof the inclusion proof, or null
   * @param canonicalizedBody the entry body exactly as logged
   */
  public TlogEntry(
      long logIndex,
      byte[] logId,
      String kind,
      String version,
      long integratedTime,
      byte @Nullable [] signedEntryTimestamp,
      @Nullable InclusionProof inclusionProof,
      byte[] canonicalizedBody) {
    if (logIndex < 0) {
      throw new IllegalArgumentException("negative logIndex " + logIndex);
    }
    if (integratedTime < 0) {
      throw new IllegalArgumentException("negative integratedTime " + integratedTime);
    }
    this.logIndex = logIndex;
    this.logId = logId.clone();
    this.kind = Objects.requireNonNull(kind, "kind");
    this.version = Objects.requireNonNull(version, "version");
    this.integratedTime = integratedTime;
    this.signedEntryTimestamp = signedEntryTimestamp == null ? null : signedEntryTimestamp.clone();
    this.inclusionProof = inclusionProof;
    this.canonicalizedBody = canonicalizedBody.clone();
  }

  /** Global index of the entry in its log. */
  public long logIndex() {
    return logIndex;
  }

  /** The log's key id. */
  public byte[] logId() {
    return logId.clone();
  }

  /** The log's key id in hex. */
  public String logIdHex() {
    return Hex.encode(logId);
  }

  /** The entry kind, e.g. {@code hashedrekord}. */
  public String kind() {
    return kind;
  }

  /** The kind's version, e.g. {@code 0.0.1}. */
  public String version() {
    return version;
  }

  /** Seconds since the epoch when the log integrated the entry; 0 when the log gives none. */
  public long integratedTime() {
    return integratedTime;
  }

  /** The signed entry timestamp (inclusion promise), if present. */
  public Optional<byte[]> signedEntryTimestamp() {
    return Optional.ofNullable(signedEntryTimestamp).map(byte[]::clone);
  }

  /** The inclusion proof, if present. */
  public Optional<InclusionProof> inclusionProof() {
    return Optional.ofNullable(inclusionProof);
  }

  /** The logged body bytes. */
  public byte[] canonicalizedBody() {
    return canonicalizedBody.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlogEntry t
        && logIndex == t.logIndex
        && integratedTime == t.integratedTime
        && Arrays.equals(logId, t.logId)
        && kind.equals(t.kind)
        && version.equals(t.version)
        && Arrays.equals(signedEntryTimestamp, t.signedEntryTimestamp)
        && Objects.equals(inclusionProof, t.inclusionProof)
        && Arrays.equals(canonicalizedBody, t.canonicalizedBody);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logIndex, Arrays.hashCode(logId), kind, version, integratedTime);
  }

  @Override
  public String toString() {
    return "TlogEntry[" + kind + "/" + version + " index=" + logIndex + " log=" + logIdHex() + "]";
  }
}
