package dev.provenant.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.provenant.core.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JsonTrees} must build exactly the tree {@code ObjectMapper.readTree} builds with the same
 * parser settings (node types included), and fail where it fails with the same first message line.
 */
class JsonTreesTest {
  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(64).build();
  private static final JsonFactory STRICT =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(LIMITS)
          .build();
  private static final ObjectMapper REFEREE = referee();

  private static ObjectMapper referee() {
    ObjectMapper m =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    m.getFactory().setStreamReadConstraints(LIMITS);
    return m;
  }

  static Stream<String> documents() {
    return Stream.of(
        "{}",
        "[]",
        "{\"a\":1}",
        "{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false}",
        "{\"i\":2147483647,\"j\":2147483648,\"k\":-9223372036854775808,\"l\":9223372036854775808,\"m\":123456789012345678901234567890}",
        "{\"f\":1.5,\"g\":-0.0,\"h\":1e300,\"x\":1E-7,\"y\":0.1}",
        "{\"s\":\"caf\\u00e9 \\n \\\"q\\\" \\ud83d\\ude00\"}",
        "[[[[[]]]]]",
        "\"text\"",
        "42",
        "null",
        "  {\"a\" : { \"b\" : [ ] } }  ",
        // failures
        "",
        "   ",
        "{",
        "[1,2",
        "{\"a\":1}}",
        "{\"a\":1} x",
        "{\"a\":1} {}",
        "{\"a\":1,\"a\":2}",
        "{'a':1}",
        "{\"a\":01}",
        "{\"a\":NaN}",
        "[1,]",
        "{\"a\"}",
        "\u0000",
        "{\"a\":\"\u0001\"}",
        "[".repeat(65) + "]".repeat(65),
        "[".repeat(64) + "]".repeat(64),
        "{\"a\":tru}");
  }

  @ParameterizedTest
  @MethodSource("documents")
  void read_document_matchesObjectMapperReadTree(String doc) {
    byte[] json = doc.getBytes(StandardCharsets.UTF_8);
    assertSame(json);
  }

  @Test
  void read_realBundlesAndTrustRoots_matchObjectMapperReadTree() throws IOException {
    Path corpus = Corpus.root();
    List<Path> files;
    try (Stream<Path> s = Files.walk(corpus.resolve("sigstore-conformance"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).limit(400).collect(Collectors.toList());
    }
    assertThat(files).hasSizeGreaterThan(50);
    for (Path f : files) {
      assertSame(Files.readAllBytes(f));
    }
  }

  private static void assertSame(byte[] json) {
    JsonNode expected = null;
    Throwable expectedError = null;
    try {
      expected = REFEREE.readTree(json);
      if (expected != null && expected.isMissingNode()) {
        expected = null;
      }
    } catch (IOException e) {
      expectedError = e;
    }
    JsonNode[] actual = new JsonNode[1];
    Throwable actualError = catchThrowable(() -> actual[0] = JsonTrees.read(STRICT, json));
    if (expectedError != null) {
      assertThat(actualError)
          .as("error for %s", new String(json, StandardCharsets.UTF_8))
          .isInstanceOf(IOException.class);
      assertThat(firstLine(actualError.getMessage()))
          .isEqualTo(firstLine(expectedError.getMessage()));
    } else {
      assertThat(actualError).isNull();
      assertThat(actual[0]).isEqualTo(expected);
      assertThat(types(actual[0])).isEqualTo(types(expected));
    }
  }

  /**
   * Node classes depth-first, since JsonNode.equals does not tell an IntNode 1 from a LongNode 1.
   */
  private static String types(JsonNode n) {
    if (n == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(n.getClass().getSimpleName());
    if (n.isContainerNode()) {
      sb.append('(');
      n.forEach(c -> sb.append(types(c)).append(','));
      sb.append(')');
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
