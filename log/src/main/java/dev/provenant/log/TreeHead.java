package dev.provenant.log;

import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.note.Checkpoint;
import java.util.Arrays;
import java.util.Objects;

/**
 * An integrated tree head: size, RFC 6962 root, the time it was integrated and its signed C2SP
 * checkpoint note.
 *
 * @param size number of leaves
 * @param rootHash 32-byte root hash
 * @param timestampMillis when the sequencer produced this head (epoch milliseconds)
 * @param signedCheckpoint the checkpoint note (origin, size, base64 root) signed by the log key
 */
public record TreeHead(long size, byte[] rootHash, long timestampMillis, String signedCheckpoint) {
  /** Validates and copies. */
  public TreeHead {
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(signedCheckpoint, "signedCheckpoint");
    if (rootHash.length != Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException("root hash must be 32 bytes");
    }
    rootHash = rootHash.clone();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The unsigned checkpoint body for this head. */
  public Checkpoint checkpoint(String origin) {
    return new Checkpoint(origin, size, rootHash, java.util.List.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeHead t
        && size == t.size
        && Arrays.equals(rootHash, t.rootHash)
        && timestampMillis == t.timestampMillis
        && signedCheckpoint.equals(t.signedCheckpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(size, Arrays.hashCode(rootHash), timestampMillis);
  }

  @Override
  public String toString() {
    return "TreeHead[" + size + ", " + Hex.encode(rootHash) + "]";
  }
}
