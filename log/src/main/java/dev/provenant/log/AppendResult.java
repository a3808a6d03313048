package dev.provenant.log;

import java.util.Objects;

/**
 * The outcome of an append: where the leaf sits and the first tree head that contains it.
 *
 * @param index the leaf index
 * @param leafHash RFC 6962 leaf hash (also the Rekor entry UUID)
 * @param integratedTime epoch seconds at which the entry was integrated
 * @param duplicate true if an identical leaf was already in the log (nothing new was written)
 * @param head a tree head that includes the leaf (for a fresh append, the head of its batch)
 */
public record AppendResult(
    long index, byte[] leafHash, long integratedTime, boolean duplicate, TreeHead head) {
  /** Validates and copies. */
  public AppendResult {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(head, "head");
    if (index < 0 || index >= head.size()) {
      throw new IllegalArgumentException("index " + index + " not in head of size " + head.size());
    }
    leafHash = leafHash.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }
}
