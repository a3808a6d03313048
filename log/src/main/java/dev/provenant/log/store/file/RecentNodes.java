package dev.provenant.log.store.file;

import dev.provenant.core.merkle.Rfc6962;
import java.util.concurrent.locks.StampedLock;

/**
 * The most recently written node hashes of every tree level, in memory. The inclusion proof in each
 * append's response, and the dedup and proof reads right after, touch nodes along the right edge of
 * the tree, which were written moments ago; serving those from memory saves a positioned file read
 * per hash (tens per proof). Older nodes are read from the level files as before.
 *
 * <p>One writer (the store's commit, holding its write lock) appends nodes in ascending order per
 * level; readers copy under an optimistic {@link StampedLock} read and fall back to the file when a
 * concurrent write may have recycled the slot, so a reader never sees a torn or wrong hash.
 */
final class RecentNodes {
  private static final int H = Rfc6962.HASH_SIZE;

  private final int capacity;
  private final byte[][] rings;
  // Per level: cached node indices are [max(start, end - capacity), end).
  private final long[] start;
  private final long[] end;
  private final StampedLock lock = new StampedLock();

  /** Keeps the last {@code capacity} nodes (a power of two) of each of {@code levels} levels. */
  RecentNodes(int levels, int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two");
    }
    this.capacity = capacity;
    this.rings = new byte[levels][];
    this.start = new long[levels];
    this.end = new long[levels];
  }

  /**
   * Records {@code count} consecutive node hashes of {@code level}, the first at {@code index},
   * taken from {@code hashes} at {@code offset}. A gap restarts the level's window.
   */
  void put(int level, long index, byte[] hashes, int offset, int count) {
    long stamp = lock.writeLock();
    try {
      byte[] ring = rings[level];
      if (ring == null) {
        ring = new byte[capacity * H];
        rings[level] = ring;
      }
      if (index != end[level]) {
        start[level] = index;
      }
      for (int i = 0; i < count; i++) {
        int slot = (int) ((index + i) & (capacity - 1));
        System.arraycopy(hashes, offset + i * H, ring, slot * H, H);
      }
      end[level] = index + count;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** The hash of node {@code index} at {@code level}, or null if it is not held here. */
  byte[] get(int level, long index) {
    if (level >= rings.length) {
      return null;
    }
    long stamp = lock.tryOptimisticRead();
    if (stamp == 0) {
      return null;
    }
    byte[] ring = rings[level];
    long e = end[level];
    long s = Math.max(start[level], e - capacity);
    if (ring == null || index < s || index >= e) {
      return null;
    }
    byte[] out = new byte[H];
    System.arraycopy(ring, (int) (index & (capacity - 1)) * H, out, 0, H);
    return lock.validate(stamp) ? out : null;
  }

  /** Forgets everything (the files were cut back). */
  void clear() {
    long stamp = lock.writeLock();
    try {
      java.util.Arrays.fill(start, 0);
      java.util.Arrays.fill(end, 0);
    } finally {
      lock.unlockWrite(stamp);
    }
  }
}
