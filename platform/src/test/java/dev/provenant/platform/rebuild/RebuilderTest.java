package dev.provenant.platform.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.build.RebuildRecord.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebuilderTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void compare_namesMatchedDifferentMissingAndExtra_withBothDigests() {
    Map<String, String> rebuilt = new LinkedHashMap<>();
    rebuilt.put("same.txt", A);
    rebuilt.put("stamp.txt", B);
    rebuilt.put("stray.txt", A);
    List<RebuildRecord.Subject> c =
        Rebuilder.compare(
            List.of(
                new RebuildRecord.Expected("same.txt", A),
                new RebuildRecord.Expected("stamp.txt", A),
                new RebuildRecord.Expected("gone.txt", B)),
            rebuilt);
    assertThat(c)
        .containsExactly(
            new RebuildRecord.Subject("same.txt", Outcome.MATCHED, A, A),
            new RebuildRecord.Subject("stamp.txt", Outcome.DIFFERENT, A, B),
            new RebuildRecord.Subject("gone.txt", Outcome.MISSING, B, null),
            new RebuildRecord.Subject("stray.txt", Outcome.EXTRA, null, A));
  }
}
