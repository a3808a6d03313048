package dev.provenant.core.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a growing Merkle tree: the roots of the perfect subtrees that cover leaves
 * {@code [0, size)}, one per set bit of {@code size}. Appending a leaf merges equal-height roots
 * and reports every node that becomes complete, which is how the log stores all perfect-subtree
 * hashes (for {@link HashSource}) while hashing each node exactly once.
 *
 * <p>Not thread-safe: the log's single sequencer owns one instance.
 */
public final class CompactRange {
  /** Receives each perfect-subtree hash once, when it becomes complete. */
  @FunctionalInterface
  public interface NodeSink {
    /** Called with the level, index on that level, and 32-byte hash of a completed node. */
    void node(int level, long index, byte[] hash);
  }

  private long size;
  // hashes[i] is the root of the i-th perfect subtree from the left, largest first.
  private final List<byte[]> hashes = new ArrayList<>(64);

  /** An empty range (tree of size 0). */
  public CompactRange() {}

  /**
   * Rebuilds the right edge of a tree of {@code size} leaves from stored node hashes.
   *
   * @throws java.io.IOException if the source fails
   */
  public static CompactRange fromSource(HashSource source, long size) throws java.io.IOException {
    CompactRange r = new CompactRange();
    long at = 0;
    while (at < size) {
      long width = Long.highestOneBit(size - at);
      int level = Long.numberOfTrailingZeros(width);
      byte[] h = source.hash(level, at >>> level);
      if (h == null || h.length != Rfc6962.HASH_SIZE) {
        throw new java.io.IOException("missing node " + level + "/" + (at >>> level));
      }
      r.hashes.add(h.clone());
      at += width;
    }
    r.size = size;
    return r;
  }

  /** Number of leaves covered. */
  public long size() {
    return size;
  }

  /**
   * Appends one leaf hash, reporting the leaf and every interior node it completes to {@code sink}.
   *
   * @throws IllegalArgumentException if the hash is not 32 bytes
   */
  public void append(byte[] leafHash, NodeSink sink) {
    if (leafHash.length != Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException("leaf hash must be 32 bytes, got " + leafHash.length);
    }
    byte[] h = leafHash.clone();
    long index = size;
    int level = 0;
    sink.node(0, index, h);
    // Each trailing 1-bit of the old size is a perfect subtree of that height to merge with.
    long s = size;
    while ((s & 1) == 1) {
      byte[] left = hashes.remove(hashes.size() - 1);
      h = Rfc6962.nodeHash(left, h);
      level++;
      index >>>= 1;
      sink.node(level, index, h);
      s >>>= 1;
    }
    hashes.add(h);
    size++;
  }

  /** The RFC 6962 root of the leaves appended so far. */
  public byte[] root() {
    if (hashes.isEmpty()) {
      return Rfc6962.emptyRoot();
    }
    byte[] h = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      h = Rfc6962.nodeHash(hashes.get(i), h);
    }
    return h;
  }

  /** A copy of this range (so a batch can be prepared without disturbing the committed state). */
  public CompactRange copy() {
    CompactRange c = new CompactRange();
    c.size = size;
    c.hashes.addAll(hashes);
    return c;
  }
}
