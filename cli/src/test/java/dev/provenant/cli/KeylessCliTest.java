package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.server.CaServer;
import dev.provenant.log.LogService;
import dev.provenant.testkit.oidc.DevOidcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyless commands end to end through {@link Main}: {@code ca export} asks the running CA, TSA
 * and log; {@code sign-bundle} signs a blob and an in-toto statement; {@code verify-bundle} accepts
 * both and rejects a wrong identity with the policy exit code.
 */
class KeylessCliTest {
  @TempDir static Path dir;
  static DevOidcServer oidc;
  static CaServer ca;
  static LogService log;

  @BeforeAll
  static void start() throws Exception {
    oidc = DevOidcServer.start("127.0.0.1", 0, dir.resolve("oidc"), null);
    ca =
        CaServer.start(
            "127.0.0.1",
            0,
            false,
            dir.resolve("ca"),
            OidcVerifier.create(List.of(TrustedIssuer.of(oidc.baseUrl(), IssuerType.AUTO))),
            new AuditLog(l -> {}, java.time.Clock.systemUTC()));
    log =
        LogService.start(
            new LogService.Config(
                "127.0.0.1", 0, dir.resolve("log"), null, null, null, "127.0.0.1", null));
  }

  @AfterAll
  static void stop() throws Exception {
    log.close();
    ca.close();
    oidc.close();
  }

  static String token(String q) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(oidc.baseUrl() + "/token?" + q)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void exportSignVerify_blobAndInToto_verifiedAndWrongIdentityIsPolicyMismatch() throws Exception {
    Path tr = dir.resolve("trusted_root.json");
    Path sc = dir.resolve("signing_config.json");
    assertThat(
            Main.run(
                "ca",
                "export",
                "--ca-url",
                ca.baseUrl(),
                "--log-url",
                log.publicUrl().toString(),
                "--trusted-root",
                tr.toString(),
                "--signing-config",
                sc.toString()))
        .isZero();

    Path art = dir.resolve("artifact.txt");
    Files.writeString(art, "release payload\n");
    String tok = token("profile=provenant");
    String builder = oidc.baseUrl() + "/generators/slsa3@v1";
    Path blob = dir.resolve("blob.sigstore.json");
    assertThat(
            Main.run(
                "sign-bundle",
                "--identity-token",
                tok,
                "--signing-config",
                sc.toString(),
                "--bundle",
                blob.toString(),
                art.toString()))
        .isZero();
    assertThat(
            Main.run(
                "verify-bundle",
                "--bundle",
                blob.toString(),
                "--trusted-root",
                tr.toString(),
                "--certificate-identity",
                builder,
                "--certificate-oidc-issuer",
                oidc.baseUrl(),
                art.toString()))
        .isZero();
    assertThat(
            Main.run(
                "verify-bundle",
                "--bundle",
                blob.toString(),
                "--trusted-root",
                tr.toString(),
                "--certificate-identity",
                oidc.baseUrl() + "/generators/other@v1",
                "--certificate-oidc-issuer",
                oidc.baseUrl(),
                art.toString()))
        .isEqualTo(ExitCode.POLICY_MISMATCH.code());

    String digest =
        dev.provenant.core.encoding.Hex.encode(dev.provenant.core.digest.Sha256.hashFile(art));
    Path st = dir.resolve("statement.json");
    Files.writeString(
        st,
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"artifact.txt\","
            + "\"digest\":{\"sha256\":\""
            + digest
            + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}");
    Path dsse = dir.resolve("intoto.sigstore.json");
    assertThat(
            Main.run(
                "sign-bundle",
                "--in-toto",
                "--identity-token",
                tok,
                "--signing-config",
                sc.toString(),
                "--bundle",
                dsse.toString(),
                st.toString()))
        .isZero();
    assertThat(
            Main.run(
                "verify-bundle",
                "--bundle",
                dsse.toString(),
                "--trusted-root",
                tr.toString(),
                "--certificate-identity",
                builder,
                "--certificate-oidc-issuer",
                oidc.baseUrl(),
                art.toString()))
        .isZero();
  }

  @Test
  void signBundle_expiredToken_refusedByCaNonZeroExit() throws Exception {
    Path sc = dir.resolve("sc-expired.json");
    Files.writeString(
        sc,
        "{\"mediaType\":\"application/vnd.dev.sigstore.signingconfig.v0.2+json\","
            + "\"caUrls\":[{\"url\":\""
            + ca.baseUrl()
            + "\",\"majorApiVersion\":1,\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}}],"
            + "\"rekorTlogUrls\":[{\"url\":\""
            + log.publicUrl()
            + "\",\"majorApiVersion\":1,\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}}]}");
    Path art = dir.resolve("a2.txt");
    Files.writeString(art, "x");
    long past = java.time.Instant.now().minusSeconds(3600).getEpochSecond();
    String tok = token("profile=provenant&iat=" + (past - 600) + "&exp=" + past);
    assertThat(
            Main.run(
                "sign-bundle",
                "--identity-token",
                tok,
                "--signing-config",
                sc.toString(),
                "--bundle",
                dir.resolve("never.json").toString(),
                art.toString()))
        .isEqualTo(ExitCode.INVALID.code());
    assertThat(dir.resolve("never.json")).doesNotExist();
  }

  @Test
  void oidcServe_nonLoopbackListen_usageExit() {
    assertThat(
            Main.run(
                "oidc", "serve", "--listen", "0.0.0.0:0", "--data", dir.resolve("o2").toString()))
        .isEqualTo(ExitCode.USAGE.code());
  }
}
