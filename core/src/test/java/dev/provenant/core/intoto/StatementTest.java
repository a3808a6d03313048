package dev.provenant.core.intoto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.slsa.v02.ProvenanceV02;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatementTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static final String V1 =
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"x\","
          + "\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"ab\"}}],\"predicate\":{}}";

  @Test
  void parse_v1Statement_readsSubjects() throws Exception {
    Statement s = Statement.parse(b(V1));
    assertThat(s.subjects()).containsExactly(new Subject("a", java.util.Map.of("sha256", "ab")));
    assertThat(s.predicate().isObject()).isTrue();
  }

  @Test
  void parse_unknownTopLevelKey_rejected() {
    assertThatThrownBy(
            () -> Statement.parse(b(V1.replace("\"predicate\":{}", "\"predicate\":{},\"x\":1"))))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("unknown field");
  }

  @Test
  void parse_unknownType_rejected() {
    assertThatThrownBy(() -> Statement.parse(b(V1.replace("Statement/v1", "Statement/v2"))))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("_type");
  }

  @Test
  void parse_digestValueNotString_rejected() {
    assertThatThrownBy(() -> Statement.parse(b(V1.replace("\"ab\"", "1"))))
        .isInstanceOf(JsonFormatException.class);
  }

  @Test
  void parse_trailingGarbage_rejected() {
    assertThatThrownBy(() -> Statement.parse(b(V1 + "x"))).isInstanceOf(JsonFormatException.class);
  }

  @Test
  void headerParse_unknownKeys_ignored() throws Exception {
    assertThat(
            StatementHeader.parse(b(V1.replace("\"predicate\":{}", "\"predicate\":{},\"x\":1")))
                .predicateType())
        .isEqualTo("x");
  }

  @Test
  void provenanceV02_nullsAndCase_asGoDecodes() throws Exception {
    String json =
        "{\"_type\":\"t\",\"predicateType\":\"https://slsa.dev/provenance/v0.2\",\"subject\":null,"
            + "\"predicate\":{\"Builder\":{\"id\":\"b\"},\"buildType\":null,\"invocation\":null,"
            + "\"metadata\":{\"buildInvocationId\":\"1-1\",\"buildStartedOn\":\"2023-01-01T00:00:00Z\"}}}";
    ProvenanceV02 p = ProvenanceV02.parse(b(json));
    assertThat(p.predicate().builderId()).isEqualTo("b");
    assertThat(p.predicate().buildType()).isEmpty();
    assertThat(p.predicate().invocation().configSource().uri()).isEmpty();
    assertThat(p.predicate().metadata().buildInvocationId()).isEqualTo("1-1");
    assertThat(p.predicate().metadata().buildStartedOn()).isNotNull();
    assertThat(p.header().subjects()).isEmpty();
  }

  @Test
  void provenanceV02_badTime_rejected() {
    String json = "{\"predicate\":{\"metadata\":{\"buildStartedOn\":\"yesterday\"}}}";
    assertThatThrownBy(() -> ProvenanceV02.parse(b(json))).isInstanceOf(JsonFormatException.class);
  }

  @Test
  void provenanceV1_unknownRunDetailsKey_rejected() {
    String json = "{\"predicate\":{\"runDetails\":{\"builder\":{\"id\":\"b\"},\"extra\":{}}}}";
    assertThatThrownBy(() -> ProvenanceV1.parse(b(json)))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("extra");
  }

  @Test
  void provenanceV1_resourceDescriptorContent_base64Decoded() throws Exception {
    String json =
        "{\"predicate\":{\"buildDefinition\":{\"buildType\":\"t\",\"resolvedDependencies\":"
            + "[{\"uri\":\"git+https://x@r\",\"content\":\"aGk=\",\"annotations\":{\"k\":1}}]}}}";
    ProvenanceV1 p = ProvenanceV1.parse(b(json));
    assertThat(p.buildDefinition().resolvedDependencies().get(0).content()).isEqualTo(b("hi"));
  }
}
