package dev.provenant.platform.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.platform.oidc.PlatformIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlsaProvenanceBuilderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final PlatformIdentity ID = PlatformIdentity.of("http://127.0.0.1:8080");
  static final String C = "c".repeat(40);

  static GenerationRequest request() {
    return new GenerationRequest(
        "42",
        1,
        List.of(new Subject("w.jar", Map.of("sha256", "a".repeat(64)))),
        "widget",
        null,
        "v1.2.3",
        C,
        ".provenant/build.yaml",
        "b".repeat(64),
        Instant.parse("2026-01-02T03:04:05Z"),
        Instant.parse("2026-01-02T03:09:00Z"),
        JSON.createObjectNode().put("runner", "bubblewrap"),
        List.of(new GenerationRequest.Resource("https://example.test/dep.tgz", "d".repeat(64))),
        List.of(new GenerationRequest.Resource("build.log", "e".repeat(64))));
  }

  @Test
  void encode_request_exactlyTheContractsStatement() throws Exception {
    String web = "http://127.0.0.1:8080";
    String src = "git+" + web + "/git/widget@refs/tags/v1.2.3";
    String want =
        "{\"_type\":\"https://in-toto.io/Statement/v1\","
            + "\"subject\":[{\"name\":\"w.jar\",\"digest\":{\"sha256\":\""
            + "a".repeat(64)
            + "\"}}],"
            + "\"predicateType\":\"https://slsa.dev/provenance/v1\","
            + "\"predicate\":{\"buildDefinition\":{\"buildType\":\"https://provenant.dev/build-types/sandbox/v1\","
            + "\"externalParameters\":{\"source\":{\"uri\":\""
            + src
            + "\",\"digest\":{\"gitCommit\":\""
            + C
            + "\"}},"
            + "\"buildConfig\":{\"path\":\".provenant/build.yaml\",\"digest\":{\"sha256\":\""
            + "b".repeat(64)
            + "\"}}},"
            + "\"internalParameters\":{\"runner\":\"bubblewrap\"},"
            + "\"resolvedDependencies\":[{\"uri\":\""
            + src
            + "\",\"digest\":{\"gitCommit\":\""
            + C
            + "\"}},"
            + "{\"uri\":\"https://example.test/dep.tgz\",\"digest\":{\"sha256\":\""
            + "d".repeat(64)
            + "\"}}]},"
            + "\"runDetails\":{\"builder\":{\"id\":\""
            + web
            + "/generators/slsa3@v0.1.0\"},"
            + "\"metadata\":{\"invocationId\":\""
            + web
            + "/projects/widget/builds/42/attempts/1\","
            + "\"startedOn\":\"2026-01-02T03:04:05Z\",\"finishedOn\":\"2026-01-02T03:09:00Z\"},"
            + "\"byproducts\":[{\"digest\":{\"sha256\":\""
            + "e".repeat(64)
            + "\"},\"name\":\"build.log\"}]}}}";
    byte[] got = SlsaProvenanceBuilder.encode(new SlsaProvenanceBuilder(ID).build(request()));
    assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(want);
  }

  @Test
  void encode_parseStrictly_sameValue() throws Exception {
    ProvenanceV1 p = new SlsaProvenanceBuilder(ID).build(request());
    assertThat(ProvenanceV1.parse(SlsaProvenanceBuilder.encode(p))).isEqualTo(p);
  }

  @Test
  void parseRequest_finishedBeforeStarted_badRequest() {
    var json = request().toJson().put("finishedOn", "2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> GenerationRequest.parse(json))
        .isInstanceOfSatisfying(
            GeneratorException.class,
            e -> assertThat(e.reason()).isEqualTo(GeneratorException.Reason.BAD_REQUEST));
  }

  @Test
  void parseRequest_toJson_roundTrip() throws Exception {
    assertThat(GenerationRequest.parse(request().toJson())).isEqualTo(request());
  }
}
