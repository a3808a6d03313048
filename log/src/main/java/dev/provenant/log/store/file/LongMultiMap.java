package dev.provenant.log.store.file;

import java.util.Arrays;

/**
 * A multimap from 64-bit keys to non-negative 64-bit values in flat arrays: the in-memory dedup
 * and search index of the embedded store (a HashMap of boxed keys would cost about 5x the memory
 * at millions of entries). Keys are hash prefixes, so one key may map to several values; callers
 * check candidates against the stored data. Thread-safe by monitor.
 *
 * <p>Layout: an open-addressing table of distinct keys, each pointing at its newest value in a
 * value array where every value links to the previous one under the same key. A key with many
 * values (one signing key or identity behind thousands of entries) therefore costs O(1) per put;
 * storing every value in the table itself made each put probe past all earlier values of its key.
 */
final class LongMultiMap {
  private long[] tableKeys;
  private int[] tableHead; // newest value number + 1 for the key; 0 = empty slot
  private int distinct;
  private int mask;
  private long[] values;
  private int[] previous; // value number + 1 of the previous value under the same key; 0 = none
  private int count;

  LongMultiMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    tableKeys = new long[cap];
    tableHead = new int[cap];
    mask = cap - 1;
    values = new long[Math.max(16, expected)];
    previous = new int[values.length];
  }

  synchronized void put(long key, long value) {
    if ((distinct + 1) * 4L > tableKeys.length * 3L) {
      growTable();
    }
    if (count == values.length) {
      if (count == Integer.MAX_VALUE - 1) {
        throw new IllegalStateException("index full");
      }
      int n = (int) Math.min(Integer.MAX_VALUE - 1L, values.length * 2L);
      values = Arrays.copyOf(values, n);
      previous = Arrays.copyOf(previous, n);
    }
    int i = slot(key);
    values[count] = value;
    previous[count] = tableHead[i];
    if (tableHead[i] == 0) {
      tableKeys[i] = key;
      distinct++;
    }
    tableHead[i] = ++count;
  }

  /** The table slot holding {@code key}, or the empty slot where it would go. */
  private int slot(long key) {
    int i = mix(key) & mask;
    while (tableHead[i] != 0 && tableKeys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** All values stored under {@code key}, newest first. */
  synchronized long[] get(long key) {
    int v = tableHead[slot(key)];
    long[] out = new long[2];
    int n = 0;
    while (v != 0) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = values[v - 1];
      v = previous[v - 1];
    }
    return Arrays.copyOf(out, n);
  }

  synchronized void clear() {
    Arrays.fill(tableHead, 0);
    distinct = 0;
    count = 0;
  }

  synchronized int size() {
    return count;
  }

  private void growTable() {
    long[] ok = tableKeys;
    int[] oh = tableHead;
    tableKeys = new long[ok.length * 2];
    tableHead = new int[ok.length * 2];
    mask = tableKeys.length - 1;
    for (int i = 0; i < ok.length; i++) {
      if (oh[i] != 0) {
        int s = slot(ok[i]);
        tableKeys[s] = ok[i];
        tableHead[s] = oh[i];
      }
    }
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
