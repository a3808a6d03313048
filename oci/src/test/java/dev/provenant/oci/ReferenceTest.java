package dev.provenant.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceTest {
  static final String D = "sha256:" + "ab".repeat(32);

  @Test
  void parse_normalisesLikeDocker() {
    assertThat(Reference.parse("alpine"))
        .isEqualTo(new Reference("docker.io", "library/alpine", "latest", null));
    assertThat(Reference.parse("user/app:1.0"))
        .isEqualTo(new Reference("docker.io", "user/app", "1.0", null));
    assertThat(Reference.parse("ghcr.io/o/r@" + D))
        .isEqualTo(new Reference("ghcr.io", "o/r", null, D));
    assertThat(Reference.parse("127.0.0.1:5000/a/b:t@" + D))
        .isEqualTo(new Reference("127.0.0.1:5000", "a/b", "t", D));
    assertThat(Reference.parse("localhost/x"))
        .isEqualTo(new Reference("localhost", "x", "latest", null));
    assertThat(Reference.parse("alpine").apiHost()).isEqualTo("registry-1.docker.io");
  }

  @Test
  void parse_invalid_throws() {
    for (String bad :
        new String[] {"UPPER/case", "a@sha256:short", "a:bad tag", "", "ghcr.io/", "a@md5:00"}) {
      assertThatThrownBy(() -> Reference.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void challenge_parsesBearerParameters() {
    RegistryClient.Challenge c =
        RegistryClient.Challenge.parse(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");
    assertThat(c.scheme()).isEqualTo("Bearer");
    assertThat(c.params())
        .containsAllEntriesOf(
            Map.of(
                "realm",
                "https://auth.example/token",
                "service",
                "registry.example",
                "scope",
                "repository:a/b:pull,push"));
    assertThat(RegistryClient.Challenge.parse("Basic realm=\"x y\"").params())
        .containsEntry("realm", "x y");
  }
}
