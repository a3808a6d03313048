package dev.provenant.sign.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.trustroot.ServiceSelectionException;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.SigningConfig.Selector;
import dev.provenant.core.trustroot.SigningConfig.Service;
import dev.provenant.core.trustroot.TimeRange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleSignerTest {
  static final TimeRange ALWAYS = new TimeRange(Instant.EPOCH, null);

  static String jwt(String claims) {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    return b.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  @Test
  void challenge_tokenWithEmail_isTheEmail() {
    assertThat(BundleSigner.challenge(jwt("{\"sub\":\"123\",\"email\":\"a@b.test\"}")))
        .isEqualTo("a@b.test");
  }

  @Test
  void challenge_tokenWithoutEmail_isTheSubject() {
    assertThat(BundleSigner.challenge(jwt("{\"sub\":\"repo:o/r:ref:refs/tags/v1\"}")))
        .isEqualTo("repo:o/r:ref:refs/tags/v1");
  }

  @Test
  void challenge_tokenWithoutSubject_throws() {
    assertThatThrownBy(() -> BundleSigner.challenge(jwt("{\"iss\":\"x\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sub");
  }

  @Test
  void challenge_notAJwt_throws() {
    assertThatThrownBy(() -> BundleSigner.challenge("abc.def"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BundleSigner.challenge("a.%%%.c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BundleSigner.challenge(jwt("[1,2]")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_configWithOnlyRekorV2_throwsSelection() {
    SigningConfig c =
        SigningConfig.of(
            List.of(new Service("https://ca", 1, ALWAYS, "op")),
            List.of(),
            List.of(new Service("https://log2", 2, ALWAYS, "op")),
            List.of(),
            new Selector("ANY", 0),
            new Selector("ANY", 0));
    assertThatThrownBy(() -> BundleSigner.create(c, Instant.now()))
        .isInstanceOfSatisfying(
            ServiceSelectionException.class, e -> assertThat(e.kind()).isEqualTo("rekorTlogUrls"));
  }

  @Test
  void create_mixedConfig_picksTheRekorV1LogAndTheTsa() throws Exception {
    SigningConfig c =
        SigningConfig.of(
            List.of(new Service("https://ca", 1, ALWAYS, "op")),
            List.of(),
            List.of(
                new Service("https://log2", 2, ALWAYS, "op"),
                new Service("https://log1", 1, ALWAYS, "op")),
            List.of(new Service("https://tsa/api/v1/timestamp", 1, ALWAYS, "op")),
            new Selector("ANY", 0),
            new Selector("ANY", 0));
    BundleSigner s = BundleSigner.create(c, Instant.now());
    assertThat(s.services().tlogs()).extracting(Service::url).containsExactly("https://log1");
    assertThat(s.services().tsas())
        .extracting(Service::url)
        .containsExactly("https://tsa/api/v1/timestamp");
  }
}
