package dev.provenant.verify.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written Rekor v1 origin check accepts exactly what the regex it replaced accepts. */
class TlogsOriginTest {
  private static final Pattern V1_ORIGIN = Pattern.compile(".* - [0-9]+$");

  @Test
  void isV1Origin_samples_agreeWithRegex() {
    List<String> samples =
        List.of(
            "rekor.sigstore.dev - 1193050959916656506",
            "rekor.sigstore.dev - 2605736670972794746",
            "log2025-1.rekor.sigstore.dev",
            " - 1",
            "- 1",
            " -1",
            "a - ",
            "a - 1x",
            "a - 12 - 34",
            "a\r - 1",
            "a\u2028 - 1",
            "a - 1\n",
            "",
            "1",
            " - ",
            "x -12",
            "x - 1 2",
            "rekor.example.com:8080 - 42",
            "\u0085 - 9");
    for (String s : samples) {
      assertEquals(V1_ORIGIN.matcher(s).matches(), Tlogs.isV1Origin(s), s);
    }
  }
}
