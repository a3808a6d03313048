package dev.provenant.log.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMultiMapTest {
  @Test
  void get_afterManyPutsAcrossGrowth_returnsExactlyEachKeysValues() {
    LongMultiMap m = new LongMultiMap(4);
    Map<Long, List<Long>> expected = new HashMap<>();
    Random r = new Random(7);
    for (long v = 0; v < 50_000; v++) {
      // A few very popular keys (one signer behind many entries) and many unique ones.
      long key = v % 3 == 0 ? r.nextInt(5) : r.nextLong();
      m.put(key, v);
      expected.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(v);
    }
    assertThat(m.size()).isEqualTo(50_000);
    for (Map.Entry<Long, List<Long>> e : expected.entrySet()) {
      long[] got = m.get(e.getKey());
      Arrays.sort(got);
      assertThat(got).containsExactly(e.getValue().stream().mapToLong(Long::longValue).toArray());
    }
    assertThat(m.get(123456789L)).isEmpty();
  }

  @Test
  void clear_thenPut_forgetsEarlierValues() {
    LongMultiMap m = new LongMultiMap(16);
    m.put(1, 10);
    m.put(1, 11);
    m.clear();
    assertThat(m.get(1)).isEmpty();
    m.put(1, 12);
    assertThat(m.get(1)).containsExactly(12);
  }
}
