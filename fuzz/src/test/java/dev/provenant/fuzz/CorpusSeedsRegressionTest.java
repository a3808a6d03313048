package dev.provenant.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression side of the fuzz targets: every target runs over its real-world seeds from the
 * repository's corpus and over deterministic mutants of each (truncations, single-byte flips,
 * deleted and duplicated ranges, JSON-breaking bytes). Jazzer's own regression mode only replays
 * committed inputs; this keeps the real corpus in every {@code mvn verify}.
 */
class CorpusSeedsRegressionTest {
  static Stream<String> targets() {
    return Targets.ALL.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("targets")
  void target_realSeedsAndMutants_onlyDocumentedExceptions(String name) {
    List<byte[]> seeds = Seeds.forTarget(name);
    assertThat(seeds).as("real seeds for " + name).isNotEmpty();
    Consumer<byte[]> target = Targets.ALL.get(name);
    Random rnd = new Random(name.hashCode());
    int runs = 0;
    for (byte[] seed : seeds) {
      for (byte[] input : mutants(seed, rnd)) {
        try {
          target.accept(input);
        } catch (Throwable t) {
          fail(
              name
                  + ": undocumented "
                  + t
                  + " on input (base64) "
                  + java.util.Base64.getEncoder().encodeToString(input),
              t);
        }
        runs++;
      }
    }
    assertThat(runs).isGreaterThan(seeds.size());
  }

  static List<byte[]> mutants(byte[] s, Random rnd) {
    List<byte[]> out = new ArrayList<>();
    out.add(s);
    out.add(new byte[0]);
    for (int cut : new int[] {1, 2, 3, s.length / 3, s.length / 2, s.length - 1}) {
      if (cut > 0 && cut < s.length) {
        out.add(Arrays.copyOf(s, cut));
        out.add(Arrays.copyOfRange(s, cut, s.length));
      }
    }
    byte[] interesting = {
      0,
      (byte) 0xff,
      '"',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '\\',
      '-',
      '0',
      '9',
      'e',
      0x30,
      (byte) 0x80,
      0x7f
    };
    for (int i = 0; i < 16 && s.length > 0; i++) {
      byte[] m = s.clone();
      int at = rnd.nextInt(s.length);
      m[at] =
          i % 2 == 0
              ? (byte) (m[at] ^ (1 << rnd.nextInt(8)))
              : interesting[rnd.nextInt(interesting.length)];
      out.add(m);
    }
    for (int i = 0; i < 4 && s.length > 4; i++) {
      int a = rnd.nextInt(s.length);
      int b = a + rnd.nextInt(Math.min(64, s.length - a));
      byte[] del = new byte[s.length - (b - a)];
      System.arraycopy(s, 0, del, 0, a);
      System.arraycopy(s, b, del, a, s.length - b);
      out.add(del);
      byte[] dup = new byte[s.length + (b - a)];
      System.arraycopy(s, 0, dup, 0, b);
      System.arraycopy(s, a, dup, b, s.length - a);
      out.add(dup);
    }
    return out;
  }
}
