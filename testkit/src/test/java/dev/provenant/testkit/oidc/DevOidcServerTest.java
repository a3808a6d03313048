package dev.provenant.testkit.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevOidcServerTest {
  @TempDir Path dir;
  private DevOidcServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = DevOidcServer.start("127.0.0.1", 0, dir, null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_nonLoopbackHost_refused() {
    assertThatThrownBy(() -> DevOidcServer.start("0.0.0.0", 0, dir, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-loopback");
  }

  @Test
  void token_signedByAKeyInJwks_withRequestedClaims() throws Exception {
    HttpResponse<String> t =
        get("/token?sub=alice%40example.com&aud=sigstore&email=alice%40example.com");
    assertThat(t.statusCode()).isEqualTo(200);
    SignedJWT jwt = SignedJWT.parse(t.body());
    JWKSet jwks = JWKSet.parse(get("/jwks").body());
    RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).isNotNull();
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(server.baseUrl());
    assertThat(jwt.getJWTClaimsSet().getStringClaim("email")).isEqualTo("alice@example.com");
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("sigstore");
  }

  @Test
  void discovery_namesItsJwks() throws Exception {
    HttpResponse<String> d = get("/.well-known/openid-configuration");
    assertThat(d.statusCode()).isEqualTo(200);
    assertThat(d.body()).contains("\"jwks_uri\"").contains(server.baseUrl() + "/jwks");
  }

  @Test
  void token_profileNoneWithoutSub_400() throws Exception {
    assertThat(get("/token?profile=none&aud=x").statusCode()).isEqualTo(400);
  }

  @Test
  void unknownPath_404() throws Exception {
    assertThat(get("/nosuch").statusCode()).isEqualTo(404);
  }

  @Test
  void query_percentDecodedAndRepeated() {
    assertThat(DevOidcServer.query("a=1&a=2&b=x%20y&c"))
        .containsEntry("a", java.util.List.of("1", "2"))
        .containsEntry("b", java.util.List.of("x y"))
        .containsEntry("c", java.util.List.of(""));
  }
}
