package dev.provenant.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
  @Test
  void append_upTo130Leaves_rootsAndEmittedNodesMatchReference() throws Exception {
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(new Random(1), 130));
    CompactRange cr = new CompactRange();
    assertThat(cr.root()).isEqualTo(Rfc6962.emptyRoot());
    Map<String, byte[]> nodes = new HashMap<>();
    for (int i = 0; i < 130; i++) {
      cr.append(
          tree.leafHashes.get(i),
          (l, idx, h) -> {
            byte[] prev = nodes.put(l + "/" + idx, h);
            assertThat(prev).as("node %d/%d emitted twice", l, idx).isNull();
          });
      int size = i + 1;
      assertThat(cr.size()).isEqualTo(size);
      assertThat(cr.root()).isEqualTo(tree.mth(0, size));
      // Every complete node exists and has the reference hash.
      for (int level = 0; (1 << level) <= size; level++) {
        for (long idx = 0; (idx + 1) << level <= size; idx++) {
          assertThat(nodes.get(level + "/" + idx))
              .isEqualTo(tree.mth((int) (idx << level), (int) ((idx + 1) << level)));
        }
      }
      CompactRange restored = CompactRange.fromSource((l, idx) -> nodes.get(l + "/" + idx), size);
      assertThat(restored.root()).isEqualTo(cr.root());
    }
  }

  @Test
  void append_wrongHashLength_rejected() {
    assertThatThrownBy(() -> new CompactRange().append(new byte[31], (l, i, h) -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
