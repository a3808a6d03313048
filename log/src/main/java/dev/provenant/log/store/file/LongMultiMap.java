package dev.provenant.log.store.file;

import java.util.Arrays;

/**
 * An open-addressing multimap from 64-bit keys to non-negative 64-bit values, 16 bytes per slot:
 * the in-memory dedup and search index of the embedded store (a HashMap of boxed keys would cost
 * about 5x the memory at millions of entries). Keys are hash prefixes, so one key may map to
 * several values; callers check candidates against the stored data. Thread-safe by monitor.
 */
final class LongMultiMap {
  private static final long EMPTY = -1L;
  private long[] keys;
  private long[] values;
  private int count;
  private int mask;

  LongMultiMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new long[cap];
    values = new long[cap];
    Arrays.fill(values, EMPTY);
    mask = cap - 1;
  }

  synchronized void put(long key, long value) {
    if ((count + 1) * 4L > keys.length * 3L) {
      grow();
    }
    insert(key, value);
    count++;
  }

  private void insert(long key, long value) {
    int i = mix(key) & mask;
    while (values[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** All values stored under {@code key}, in insertion-probe order. */
  synchronized long[] get(long key) {
    long[] out = new long[2];
    int n = 0;
    int i = mix(key) & mask;
    while (values[i] != EMPTY) {
      if (keys[i] == key) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = values[i];
      }
      i = (i + 1) & mask;
    }
    return Arrays.copyOf(out, n);
  }

  synchronized void clear() {
    Arrays.fill(values, EMPTY);
    count = 0;
  }

  synchronized int size() {
    return count;
  }

  private void grow() {
    long[] ok = keys;
    long[] ov = values;
    keys = new long[ok.length * 2];
    values = new long[ok.length * 2];
    Arrays.fill(values, EMPTY);
    mask = keys.length - 1;
    for (int i = 0; i < ok.length; i++) {
      if (ov[i] != EMPTY) {
        insert(ok[i], ov[i]);
      }
    }
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
