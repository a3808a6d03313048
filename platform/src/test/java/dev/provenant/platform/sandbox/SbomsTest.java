package dev.provenant.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class SbomsTest {
  private static final String H1 = "a".repeat(64);
  private static final String H2 = "b".repeat(64);

  @Test
  void toJson_fetchedResources_isValidCycloneDx16WithPurlsAndHashes() throws Exception {
    List<SandboxResult.Fetched> fetched =
        List.of(
            new SandboxResult.Fetched(
                "https://repo1.maven.org/maven2/com/fasterxml/jackson/core/jackson-core/2.23.0/jackson-core-2.23.0.jar",
                H1),
            new SandboxResult.Fetched(
                "https://registry.npmjs.org/@sigstore/verify/-/verify-2.1.0.tgz", H2),
            new SandboxResult.Fetched("http://example.org/tools/thing.tar.gz", H1),
            new SandboxResult.Fetched("https://example.org:443", ""));
    byte[] json = Sboms.toJson("demo", "v1.0.0", fetched);
    JsonParser parser = new JsonParser();
    assertThat(parser.validate(json, Version.VERSION_16)).isEmpty();
    Bom bom = parser.parse(json);
    assertThat(bom.getSpecVersion()).isEqualTo("1.6");
    assertThat(bom.getComponents())
        .extracting(Component::getPurl)
        .containsExactly(
            "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.23.0",
            "pkg:npm/%40sigstore/verify@2.1.0",
            null,
            null);
    assertThat(bom.getComponents().get(2).getName())
        .isEqualTo("http://example.org/tools/thing.tar.gz");
    assertThat(bom.getComponents().get(2).getHashes().get(0).getValue()).isEqualTo(H1);
    assertThat(bom.getComponents().get(3).getHashes()).isNullOrEmpty();
    assertThat(
            new String(
                Sboms.toJson("demo", "v1.0.0", fetched), java.nio.charset.StandardCharsets.UTF_8))
        .as("deterministic")
        .isEqualTo(new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("timestamp");
  }

  @Test
  void purlOf_unknownLayout_isEmpty() {
    assertThat(Sboms.purlOf("https://example.org/maven2/x.jar")).isEmpty();
    assertThat(Sboms.purlOf("not a url")).isEmpty();
  }
}
