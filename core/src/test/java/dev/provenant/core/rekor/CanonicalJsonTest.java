package dev.provenant.core.rekor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.json.ProtoJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalJson} must write byte for byte what the general path (Jackson, then the JCS
 * reference canonicalizer) writes, and decline trees it does not cover.
 */
class CanonicalJsonTest {
  private static byte[] general(Object tree) throws Exception {
    return new JsonCanonicalizer(ProtoJson.mapper().writeValueAsBytes(tree)).getEncodedUTF8();
  }

  @Test
  void write_everyBmpCharacterInKeysAndValues_matchesGeneralPath() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0xD800; c++) {
      all.append(c);
    }
    for (char c = 0xE000; c != 0; c++) {
      all.append(c);
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    for (int i = 0; i < all.length(); i += 97) {
      String chunk = all.substring(i, Math.min(all.length(), i + 97));
      tree.put(chunk, chunk);
    }
    assertThat(CanonicalJson.write(tree)).isEqualTo(general(tree));
  }

  @Test
  void write_nestedMapsListsAndScalars_matchesGeneralPath() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", List.of("b", "a", 1, -7L, 9007199254740992L, -9007199254740992L, true, false));
    inner.put("a", new ArrayList<>(Arrays.asList(null, Map.of())));
    inner.put("é", "ünïcödé €");
    inner.put("B", List.of());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("spec", inner);
    tree.put("apiVersion", "0.0.1");
    tree.put("kind", "hashedrekord");
    tree.put("nothing", null);
    assertThat(CanonicalJson.write(tree)).isEqualTo(general(tree));
  }

  @Test
  void write_treesItDoesNotCover_returnsNull() {
    assertThat(CanonicalJson.write(Map.of("n", 9007199254740993L))).isNull();
    assertThat(CanonicalJson.write(Map.of("d", 1.5))).isNull();
    assertThat(CanonicalJson.write(Map.of("s", "\ud83d\ude00"))).isNull();
    assertThat(CanonicalJson.write(Map.of(1, "x"))).isNull();
  }
}
