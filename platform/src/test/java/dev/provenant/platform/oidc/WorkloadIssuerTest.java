package dev.provenant.platform.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.provenant.platform.ipc.JsonLineServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadIssuerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final PlatformIdentity ID = PlatformIdentity.of("http://127.0.0.1:8080");
  static final BuildFacts FACTS =
      new BuildFacts(
          "widget",
          "7",
          "v1.2.3",
          "a".repeat(40),
          ".provenant/build.yaml",
          "b".repeat(64),
          "42",
          2);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
  static final BuildRecords RECORDS =
      (id, attempt) -> id.equals("42") && attempt == 2 ? Optional.of(FACTS) : Optional.empty();

  @TempDir Path dir;

  @Test
  void mint_knownBuild_claimsAreThePlatformContractsSignedByTheJwksKey() throws Exception {
    WorkloadIssuer issuer = WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK);
    SignedJWT jwt = SignedJWT.parse(issuer.mint("42", 2));
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    ECKey pub = (ECKey) JWKSet.parse(issuer.jwksJson()).getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(pub.isPrivate()).isFalse();
    assertThat(jwt.verify(new ECDSAVerifier(pub))).isTrue();

    Map<String, Object> claims = new TreeMap<>(jwt.getJWTClaimsSet().toJSONObject());
    assertThat(claims.remove("jti")).isNotNull();
    Map<String, Object> want = new TreeMap<>();
    want.put("iss", "http://127.0.0.1:8080");
    want.put("aud", "sigstore");
    want.put("sub", "repo:widget:ref:refs/tags/v1.2.3");
    want.put("iat", 1772600767L);
    want.put("nbf", 1772600767L);
    want.put("exp", 1772600767L + 300);
    want.put("repository", "widget");
    want.put("repository_id", "7");
    want.put("repository_visibility", "public");
    want.put("ref", "refs/tags/v1.2.3");
    want.put("sha", "a".repeat(40));
    want.put("build_config_path", ".provenant/build.yaml");
    want.put("build_config_digest", "b".repeat(64));
    want.put("run_id", "42");
    want.put("run_attempt", "2");
    want.put("event_name", "push");
    want.put("runner_environment", "platform-hosted");
    want.put("builder_id", "http://127.0.0.1:8080/generators/slsa3@v0.1.0");
    want.put("source_repository_uri", "http://127.0.0.1:8080/git/widget");
    assertThat(claims).isEqualTo(want);
  }

  @Test
  void mint_unknownAttempt_refusedUnknownBuild() throws Exception {
    WorkloadIssuer issuer = WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK);
    assertThatThrownBy(() -> issuer.mint("42", 1))
        .isInstanceOfSatisfying(
            TokenRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenRefusedException.Reason.UNKNOWN_BUILD));
  }

  @Test
  void mint_recordsAnswerForAnotherBuild_refusedUnknownBuild() throws Exception {
    WorkloadIssuer issuer =
        WorkloadIssuer.open(ID, dir.resolve("iss"), (id, a) -> Optional.of(FACTS), CLOCK);
    assertThatThrownBy(() -> issuer.mint("43", 2))
        .isInstanceOfSatisfying(
            TokenRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenRefusedException.Reason.UNKNOWN_BUILD));
  }

  @Test
  void open_again_sameKeyAndPrivateModes() throws Exception {
    String jwks = WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK).jwksJson();
    assertThat(WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK).jwksJson())
        .isEqualTo(jwks);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("iss"))))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("iss/issuer-key.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void open_keyFileReadableByGroup_refused() throws Exception {
    WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK);
    Files.setPosixFilePermissions(
        dir.resolve("iss/issuer-key.json"), PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("readable by others");
  }

  @Test
  void socket_claimsInRequestIgnoredAndMalformedRequestRefused() throws Exception {
    try (WorkloadIssuer issuer = WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK)) {
      issuer.startMinting();
      // The requester can only name the build; claims it sends are not the token's.
      JsonNode ok =
          JsonLineServer.call(
              issuer.socket(),
              JSON.readTree(
                  "{\"buildId\":\"42\",\"attempt\":2,\"sha\":\""
                      + "f".repeat(40)
                      + "\",\"repository\":\"evil\"}"),
              65536);
      SignedJWT jwt = SignedJWT.parse(ok.get("token").asText());
      assertThat(jwt.getJWTClaimsSet().getStringClaim("sha")).isEqualTo("a".repeat(40));
      assertThat(jwt.getJWTClaimsSet().getStringClaim("repository")).isEqualTo("widget");

      JsonNode bad =
          JsonLineServer.call(
              issuer.socket(), JSON.readTree("{\"buildId\":42,\"attempt\":\"2\"}"), 65536);
      assertThat(bad.path("error").path("reason").asText()).isEqualTo("BAD_REQUEST");
      JsonNode big =
          JsonLineServer.call(
              issuer.socket(),
              JSON.createObjectNode().put("buildId", "x".repeat(10_000)).put("attempt", 1),
              65536);
      assertThat(big.path("error").path("reason").asText()).isEqualTo("BAD_REQUEST");
    }
  }

  @Test
  void discovery_issuerAndJwksUriUnderWeb() throws Exception {
    JsonNode d =
        JSON.readTree(WorkloadIssuer.open(ID, dir.resolve("iss"), RECORDS, CLOCK).discoveryJson());
    assertThat(d.get("issuer").asText()).isEqualTo("http://127.0.0.1:8080");
    assertThat(d.get("jwks_uri").asText()).isEqualTo("http://127.0.0.1:8080/.well-known/jwks.json");
    assertThat(d.has("token_endpoint")).isFalse();
  }
}
