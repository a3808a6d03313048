package dev.provenant.log.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecentNodesTest {
  /** A recognizable hash for (level, index). */
  private static byte[] hash(int level, long index) {
    ByteBuffer b = ByteBuffer.allocate(32);
    for (int i = 0; i < 4; i++) {
      b.putLong(index * 31 + level + i);
    }
    return b.array();
  }

  private static byte[] run(int level, long first, int count) {
    ByteBuffer b = ByteBuffer.allocate(32 * count);
    for (int i = 0; i < count; i++) {
      b.put(hash(level, first + i));
    }
    return b.array();
  }

  @Test
  void get_withinWindow_hitsAndOlderOrUnwrittenMiss() {
    RecentNodes r = new RecentNodes(4, 8);
    r.put(0, 0, run(0, 0, 5), 0, 5);
    r.put(0, 5, run(0, 5, 7), 0, 7); // 12 written, last 8 kept: 4..11
    assertThat(r.get(0, 3)).isNull();
    for (long i = 4; i < 12; i++) {
      assertThat(r.get(0, i)).isEqualTo(hash(0, i));
    }
    assertThat(r.get(0, 12)).isNull();
    assertThat(r.get(1, 0)).isNull();
    assertThat(r.get(9, 0)).isNull();
  }

  @Test
  void put_gapInIndices_restartsWindowSoStaleSlotsAreNotServed() {
    RecentNodes r = new RecentNodes(1, 8);
    r.put(0, 0, run(0, 0, 4), 0, 4);
    r.put(0, 100, run(0, 100, 2), 0, 2);
    assertThat(r.get(0, 2)).isNull();
    assertThat(r.get(0, 99)).isNull();
    assertThat(r.get(0, 101)).isEqualTo(hash(0, 101));
    r.clear();
    assertThat(r.get(0, 101)).isNull();
  }

  @Test
  void get_concurrentWithWriter_neverReturnsAWrongHash() throws Exception {
    RecentNodes r = new RecentNodes(1, 16);
    AtomicLong written = new AtomicLong();
    AtomicReference<String> wrong = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              for (long i = 0; i < 400_000; i += 3) {
                r.put(0, i, run(0, i, 3), 0, 3);
                written.set(i + 3);
              }
            });
    Thread reader =
        new Thread(
            () -> {
              long hits = 0;
              while (written.get() < 400_000 || hits == 0) {
                long w = written.get();
                // Ask for nodes at and just behind the edge of the window, where slots are
                // recycled.
                for (long i = Math.max(0, w - 20); i < w; i++) {
                  byte[] h = r.get(0, i);
                  if (h != null) {
                    hits++;
                    if (!java.util.Arrays.equals(h, hash(0, i))) {
                      wrong.set("node " + i);
                    }
                  }
                }
                if (w >= 400_000) {
                  break;
                }
              }
            });
    writer.start();
    reader.start();
    writer.join();
    reader.join();
    assertThat(wrong.get()).isNull();
  }
}
