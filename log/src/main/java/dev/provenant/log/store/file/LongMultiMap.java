package dev.provenant.log.store.file;

import java.util.Arrays;

/**
 * A multimap from 64-bit keys to non-negative 64-bit values in flat arrays: the in-memory dedup and
 * search index of the embedded store (a HashMap of boxed keys would cost about 5x the memory at
 * millions of entries). Keys are hash prefixes, so one key may map to several values; callers check
 * candidates against the stored data. Thread-safe by monitor.
 *
 * <p>Layout: an open-addressing table of distinct keys holding each key's newest value, linked to
 * its older values in overflow arrays. A key with many values (one signing key or identity behind
 * thousands of entries) therefore costs O(1) per put; storing every value in the table itself made
 * each put probe past all earlier values of its key. A key with one value (every leaf hash prefix)
 * costs one table slot of 20 bytes.
 */
final class LongMultiMap {
  private static final long EMPTY = -1L;
  // Table of distinct keys with each key's newest value inline (most keys have one value: leaf
  // hash prefixes), and a link into the overflow arrays for its older values.
  private long[] tableKeys;
  private long[] tableNewest; // EMPTY marks a free slot
  private int[] tableOlder; // overflow number + 1 of the next older value; 0 = none
  private int distinct;
  private int mask;
  private long[] overflow;
  private int[] overflowOlder; // overflow number + 1 of the next older value; 0 = none
  private int overflowCount;
  private int count;

  LongMultiMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    tableKeys = new long[cap];
    tableNewest = new long[cap];
    Arrays.fill(tableNewest, EMPTY);
    tableOlder = new int[cap];
    mask = cap - 1;
    overflow = new long[16];
    overflowOlder = new int[16];
  }

  synchronized void put(long key, long value) {
    if ((distinct + 1) * 4L > tableKeys.length * 3L) {
      growTable();
    }
    int i = slot(key);
    if (tableNewest[i] == EMPTY) {
      tableKeys[i] = key;
      tableNewest[i] = value;
      tableOlder[i] = 0;
      distinct++;
    } else {
      // Move the current newest value to the overflow chain, newest-first.
      if (overflowCount == overflow.length) {
        if (overflowCount == Integer.MAX_VALUE - 1) {
          throw new IllegalStateException("index full");
        }
        int n = (int) Math.min(Integer.MAX_VALUE - 1L, overflow.length * 2L);
        overflow = Arrays.copyOf(overflow, n);
        overflowOlder = Arrays.copyOf(overflowOlder, n);
      }
      overflow[overflowCount] = tableNewest[i];
      overflowOlder[overflowCount] = tableOlder[i];
      tableOlder[i] = ++overflowCount;
      tableNewest[i] = value;
    }
    count++;
  }

  /** The table slot holding {@code key}, or the free slot where it would go. */
  private int slot(long key) {
    int i = mix(key) & mask;
    while (tableNewest[i] != EMPTY && tableKeys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** All values stored under {@code key}, newest first. */
  synchronized long[] get(long key) {
    int i = slot(key);
    if (tableNewest[i] == EMPTY) {
      return new long[0];
    }
    long[] out = new long[2];
    out[0] = tableNewest[i];
    int n = 1;
    for (int o = tableOlder[i]; o != 0; o = overflowOlder[o - 1]) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = overflow[o - 1];
    }
    return Arrays.copyOf(out, n);
  }

  synchronized void clear() {
    Arrays.fill(tableNewest, EMPTY);
    distinct = 0;
    overflowCount = 0;
    count = 0;
  }

  synchronized int size() {
    return count;
  }

  private void growTable() {
    long[] ok = tableKeys;
    long[] on = tableNewest;
    int[] oo = tableOlder;
    tableKeys = new long[ok.length * 2];
    tableNewest = new long[ok.length * 2];
    Arrays.fill(tableNewest, EMPTY);
    tableOlder = new int[ok.length * 2];
    mask = tableKeys.length - 1;
    for (int i = 0; i < ok.length; i++) {
      if (on[i] != EMPTY) {
        int s = slot(ok[i]);
        tableKeys[s] = ok[i];
        tableNewest[s] = on[i];
        tableOlder[s] = oo[i];
      }
    }
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
