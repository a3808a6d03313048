package dev.provenant.ca.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedIssuerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:9",
        "http://127.1.2.3",
        "https://issuer.example"
      })
  void create_httpsOrLoopbackHttp_accepted(String url) {
    assertThat(TrustedIssuer.of(url, IssuerType.PROVENANT_PLATFORM).url()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://issuer.example",
        "http://10.0.0.1:8080",
        "http://127.0.0.1.example",
        "http://localhost.example",
        "ftp://127.0.0.1"
      })
  void create_plainHttpOffThisMachine_rejected(String url) {
    assertThatThrownBy(() -> TrustedIssuer.of(url, IssuerType.PROVENANT_PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }
}
