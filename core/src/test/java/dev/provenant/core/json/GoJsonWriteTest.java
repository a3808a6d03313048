package dev.provenant.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.rekor.EntryBodies;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GoJson#write} writes what Go's encoding/json.Marshal writes (the bytes public Rekor logs).
 */
class GoJsonWriteTest {
  @Test
  void write_htmlCharacters_escapedAsGoDoes_unlikeJcs() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", "<b>&\u2028\u2029");
    assertThat(GoJson.write(m)).isEqualTo("{\"a\":\"\\u003cb\\u003e\\u0026\\u2028\\u2029\"}");
    // RFC 8785 leaves these characters as they are: the two encoders differ exactly here.
    assertThat(new String(EntryBodies.canonicalize(m), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"<b>&\u2028\u2029\"}");
  }

  @Test
  void write_controlQuoteBackslashAndLoneSurrogate_asGo() {
    assertThat(GoJson.write(List.of("\"\\\n\r\t\u0001", "x\ud800y", "\ud83d\ude00")))
        .isEqualTo("[\"\\\"\\\\\\n\\r\\t\\u0001\",\"x\ufffdy\",\"\ud83d\ude00\"]");
  }

  @Test
  void write_fieldsInMapOrder_nullsLeftOut_numbersAndBooleans() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1L);
    m.put("gone", null);
    m.put("a", true);
    m.put("n", List.of(-2, 3L));
    assertThat(GoJson.write(m)).isEqualTo("{\"z\":1,\"a\":true,\"n\":[-2,3]}");
  }
}
