package dev.provenant.platform.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.intoto.Subject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectsTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_sha256sumTextAndBinaryLines_subjectsInOrder() throws Exception {
    assertThat(Subjects.parse(b64(A + "  dist/w.tar.gz\n" + B + " *w.jar\n")))
        .containsExactly(
            new Subject("dist/w.tar.gz", Map.of("sha256", A)),
            new Subject("w.jar", Map.of("sha256", B)));
  }

  @Test
  void encode_parse_roundTrip() throws Exception {
    List<Subject> s =
        List.of(
            new Subject("a b.txt", Map.of("sha256", A)), new Subject("é.bin", Map.of("sha256", B)));
    assertThat(Subjects.parse(Subjects.encode(s))).isEqualTo(s);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "\n",
        "AAAA  x\n",
        "aaaa  short\n",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA  upper-case\n",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  \n",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  x\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  x\n"
      })
  void parse_notOneSubjectPerValidLine_badRequest(String text) {
    assertThatThrownBy(() -> Subjects.parse(b64(text)))
        .isInstanceOfSatisfying(
            GeneratorException.class,
            e -> assertThat(e.reason()).isEqualTo(GeneratorException.Reason.BAD_REQUEST));
  }

  @Test
  void parse_notBase64_badRequest() {
    assertThatThrownBy(() -> Subjects.parse("not base64!"))
        .isInstanceOfSatisfying(
            GeneratorException.class,
            e -> assertThat(e.reason()).isEqualTo(GeneratorException.Reason.BAD_REQUEST));
  }
}
