package dev.provenant.core.bundle;

import dev.provenant.core.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.TrustRootFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SigningConfigTest {
  @Test
  void parse_publicGoodRekorV2Config_selectsNewestApi() throws Exception {
    SigningConfig c = SigningConfig.parse(Files.readAllBytes(
        Corpus.dir("trust/root-signing-targets").resolve("signing_config_rekor_v2.v0.2.json")));
    assertThat(c.caUrls()).isNotEmpty();
    assertThat(c.tsaUrls()).isNotEmpty();
    SigningConfig.Service log = SigningConfig.select(c.rekorTlogUrls(), Instant.parse("2026-11-01T00:00:00Z")).orElseThrow();
    assertThat(log.majorApiVersion()).isEqualTo(2);
  }

  @Test
  void parse_v01AndV02_bothRead() throws Exception {
    assertThat(SigningConfig.parse(Files.readAllBytes(Corpus.dir("trust/root-signing-targets").resolve("signing_config.json")))
        .rekorTlogUrls()).isNotEmpty();
    assertThat(SigningConfig.parse(Files.readAllBytes(Corpus.dir("trust/root-signing-targets").resolve("signing_config.v0.2.json")))
        .rekorTlogConfig().selector()).isEqualTo("ANY");
  }

  @Test
  void parse_unknownMediaType_throws() {
    assertThatThrownBy(() -> SigningConfig.parse("{\"mediaType\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TrustRootFormatException.class);
  }
}
