package dev.provenant.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.ServiceSelectionException;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.SigningConfig.Selector;
import dev.provenant.core.trustroot.SigningConfig.Service;
import dev.provenant.core.trustroot.TimeRange;
import dev.provenant.core.trustroot.TrustRootFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigningConfigTest {
  static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  static final Set<Integer> V1 = Set.of(1);
  static final Set<Integer> V1_V2 = Set.of(1, 2);

  static Service svc(String url, int v, String start, String end, String operator) {
    return new Service(
        url,
        v,
        new TimeRange(Instant.parse(start), end == null ? null : Instant.parse(end)),
        operator);
  }

  static SigningConfig config(List<Service> tlogs, Selector tlogSel) {
    return SigningConfig.of(
        List.of(svc("https://ca", 1, "2020-01-01T00:00:00Z", null, "a")),
        List.of(),
        tlogs,
        List.of(),
        tlogSel,
        new Selector("ANY", 0));
  }

  @Test
  void select_publicGoodRekorV2Config_newestSupportedApi() throws Exception {
    SigningConfig c =
        SigningConfig.parse(
            Files.readAllBytes(
                Corpus.dir("trust/root-signing-targets")
                    .resolve("signing_config_rekor_v2.v0.2.json")));
    assertThat(c.select(NOW, V1, V1_V2, V1).tlogs())
        .singleElement()
        .satisfies(s -> assertThat(s.majorApiVersion()).isEqualTo(2));
    // A Rekor v1-only client gets the v1 log of the same config.
    assertThat(c.select(NOW, V1, V1, V1).tlogs())
        .singleElement()
        .satisfies(s -> assertThat(s.majorApiVersion()).isEqualTo(1));
    assertThat(c.select(NOW, V1, V1, V1).tsas()).isNotEmpty();
  }

  @Test
  void parse_v01AndV02_bothRead() throws Exception {
    assertThat(
            SigningConfig.parse(
                    Files.readAllBytes(
                        Corpus.dir("trust/root-signing-targets").resolve("signing_config.json")))
                .rekorTlogUrls())
        .isNotEmpty();
    assertThat(
            SigningConfig.parse(
                    Files.readAllBytes(
                        Corpus.dir("trust/root-signing-targets")
                            .resolve("signing_config.v0.2.json")))
                .rekorTlogConfig()
                .selector())
        .isEqualTo("ANY");
  }

  @Test
  void parse_unknownMediaType_throws() {
    assertThatThrownBy(
            () -> SigningConfig.parse("{\"mediaType\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TrustRootFormatException.class);
  }

  @Test
  void select_sameOperator_newestStartWins() throws Exception {
    SigningConfig c =
        config(
            List.of(
                svc("https://old", 1, "2021-01-01T00:00:00Z", null, "op"),
                svc("https://new", 1, "2025-01-01T00:00:00Z", null, "op")),
            new Selector("ALL", 0));
    assertThat(c.select(NOW, V1, V1, V1).tlogs())
        .extracting(Service::url)
        .containsExactly("https://new");
  }

  @Test
  void select_expiredAndFutureServices_skipped() throws Exception {
    SigningConfig c =
        config(
            List.of(
                svc("https://expired", 1, "2021-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "a"),
                svc("https://future", 1, "2027-01-01T00:00:00Z", null, "b"),
                svc("https://current", 1, "2022-01-01T00:00:00Z", null, "c")),
            new Selector("ANY", 0));
    assertThat(c.select(NOW, V1, V1, V1).tlogs())
        .extracting(Service::url)
        .containsExactly("https://current");
  }

  @Test
  void select_allSelector_oneServicePerOperator() throws Exception {
    SigningConfig c =
        config(
            List.of(
                svc("https://a1", 1, "2021-01-01T00:00:00Z", null, "a"),
                svc("https://a2", 1, "2024-01-01T00:00:00Z", null, "a"),
                svc("https://b1", 1, "2023-01-01T00:00:00Z", null, "b")),
            new Selector("ALL", 0));
    assertThat(c.select(NOW, V1, V1, V1).tlogs())
        .extracting(Service::url)
        .containsExactly("https://a2", "https://b1");
  }

  @Test
  void select_exactSelectorWithTooFewOperators_throws() {
    SigningConfig c =
        config(
            List.of(
                svc("https://a1", 1, "2021-01-01T00:00:00Z", null, "a"),
                svc("https://a2", 1, "2024-01-01T00:00:00Z", null, "a")),
            new Selector("EXACT", 2));
    assertThatThrownBy(() -> c.select(NOW, V1, V1, V1))
        .isInstanceOf(ServiceSelectionException.class)
        .satisfies(
            e -> assertThat(((ServiceSelectionException) e).kind()).isEqualTo("rekorTlogUrls"));
  }

  @Test
  void select_onlyUnsupportedApiVersions_throws() {
    SigningConfig c =
        config(
            List.of(svc("https://v2", 2, "2021-01-01T00:00:00Z", null, "a")),
            new Selector("ANY", 0));
    assertThatThrownBy(() -> c.select(NOW, V1, V1, V1))
        .isInstanceOf(ServiceSelectionException.class);
  }

  @Test
  void toJson_parse_roundTrips() throws Exception {
    SigningConfig c =
        SigningConfig.of(
            List.of(svc("https://ca", 1, "2020-01-01T00:00:00Z", null, "op")),
            List.of(),
            List.of(svc("https://log", 1, "2021-01-01T00:00:00Z", "2030-01-01T00:00:00Z", "op")),
            List.of(svc("https://tsa/api/v1/timestamp", 1, "2022-01-01T00:00:00Z", null, "op")),
            new Selector("EXACT", 1),
            new Selector("ANY", 0));
    SigningConfig back = SigningConfig.parse(c.toJson().getBytes(StandardCharsets.UTF_8));
    assertThat(back.mediaType()).isEqualTo(SigningConfig.MEDIA_TYPE_V02);
    assertThat(back.caUrls()).isEqualTo(c.caUrls());
    assertThat(back.rekorTlogUrls()).isEqualTo(c.rekorTlogUrls());
    assertThat(back.tsaUrls()).isEqualTo(c.tsaUrls());
    assertThat(back.rekorTlogConfig()).isEqualTo(c.rekorTlogConfig());
    assertThat(back.toJson()).isEqualTo(c.toJson());
  }

  @Test
  void toJson_publicGoodConfig_reparsesEqual() throws Exception {
    SigningConfig c =
        SigningConfig.parse(
            Files.readAllBytes(
                Corpus.dir("trust/root-signing-targets")
                    .resolve("signing_config_rekor_v2.v0.2.json")));
    SigningConfig back = SigningConfig.parse(c.toJson().getBytes(StandardCharsets.UTF_8));
    assertThat(back.rekorTlogUrls()).isEqualTo(c.rekorTlogUrls());
    assertThat(back.tsaUrls()).isEqualTo(c.tsaUrls());
    assertThat(back.caUrls()).isEqualTo(c.caUrls());
  }
}
