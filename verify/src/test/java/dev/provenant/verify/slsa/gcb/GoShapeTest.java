package dev.provenant.verify.slsa.gcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.json.JsonFormatException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoShapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private static GoShape shape(String name) {
    return switch (name) {
      case "STRING" -> GoShape.STRING;
      case "BOOL" -> GoShape.BOOL;
      case "ANY_MAP" -> GoShape.ANY_MAP;
      case "STRING_MAP" -> GoShape.STRING_MAP;
      case "TIME_PTR" -> GoShape.TIME_PTR;
      case "BYTES" -> GoShape.BYTES;
      case "SLICE" -> GoShape.slice(GoShape.STRING);
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Test
  void decode_absentOrNull_givesGoZeroValues() throws Exception {
    for (JsonNode absent : Arrays.asList(null, json("null"))) {
      assertThat(GoShape.STRING.decode(absent, "f")).isEqualTo("");
      assertThat(GoShape.BOOL.decode(absent, "f")).isEqualTo(Boolean.FALSE);
      assertThat(GoShape.ANY_MAP.decode(absent, "f")).isNull();
      assertThat(GoShape.STRING_MAP.decode(absent, "f")).isNull();
      assertThat(GoShape.TIME_PTR.decode(absent, "f")).isNull();
      assertThat(GoShape.BYTES.decode(absent, "f")).isNull();
      assertThat(GoShape.slice(GoShape.STRING).decode(absent, "f")).isNull();
    }
  }

  @Test
  void decode_wellTypedValues_giveGoValues() throws Exception {
    assertThat(GoShape.STRING.decode(json("\"x\""), "f")).isEqualTo("x");
    assertThat(GoShape.BOOL.decode(json("true"), "f")).isEqualTo(Boolean.TRUE);
    assertThat(GoShape.ANY_MAP.decode(json("{\"n\":1}"), "f")).isEqualTo(Map.of("n", 1.0));
    assertThat(GoShape.STRING_MAP.decode(json("{\"a\":\"b\",\"c\":null}"), "f"))
        .isEqualTo(Map.of("a", "b", "c", ""));
    assertThat(GoShape.TIME_PTR.decode(json("\"2023-01-02T03:04:05Z\""), "f"))
        .isEqualTo(OffsetDateTime.parse("2023-01-02T03:04:05Z"));
    // []byte compares by decoded content: two spellings of the same bytes are equal.
    assertThat(GoShape.BYTES.decode(json("\"AAE=\""), "f")).isEqualTo(List.of("AAE="));
    assertThat(GoShape.slice(GoShape.STRING).decode(json("[\"a\",null]"), "f"))
        .isEqualTo(List.of("a", ""));
    assertThat(GoShape.slice(GoShape.STRING).decode(json("[]"), "f")).isEqualTo(List.of());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "STRING     | 1                    | f: expected a string",
        "BOOL       | \"true\"             | f: expected a bool",
        "ANY_MAP    | []                   | f: expected an object",
        "STRING_MAP | \"x\"                | f: expected an object",
        "STRING_MAP | {\"k\":1}            | f.k: expected a string",
        "TIME_PTR   | 5                    | f: expected an RFC 3339 time",
        "TIME_PTR   | \"yesterday\"        | f: expected an RFC 3339 time",
        "BYTES      | 5                    | f: expected base64",
        "BYTES      | \"not base64!\"      | f: expected base64",
        "SLICE      | {}                   | f: expected an array",
        "SLICE      | [\"a\",2]            | f[1]: expected a string",
      })
  void decode_wrongType_failsNamingTheField(String shape, String value, String detail)
      throws Exception {
    JsonFormatException e =
        catchThrowableOfType(
            () -> shape(shape).decode(json(value), "f"), JsonFormatException.class);
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo(detail);
  }
}
