package dev.provenant.core.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

final class TestData {
  private TestData() {}

  static List<byte[]> randomLeaves(Random rnd, int n) {
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[1 + rnd.nextInt(40)];
      rnd.nextBytes(b);
      leaves.add(b);
    }
    return leaves;
  }

  static byte[] flipBit(byte[] h, int bit) {
    byte[] c = h.clone();
    c[bit / 8] ^= (byte) (1 << (bit % 8));
    return c;
  }
}
