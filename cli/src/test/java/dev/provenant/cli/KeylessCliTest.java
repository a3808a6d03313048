package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
  static AttestFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = AttestFixture.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  static String token(String q) throws Exception {
    return fx.tokenFor(q);
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
                fx.caUrl(),
                "--log-url",
                fx.logUrl(),
                "--trusted-root",
                tr.toString(),
                "--signing-config",
                sc.toString()))
        .isZero();

    Path art = dir.resolve("artifact.txt");
    Files.writeString(art, "release payload\n");
    String tok = token("profile=provenant");
    String builder = fx.issuerUrl() + "/generators/slsa3@v1";
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
                fx.issuerUrl(),
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
                fx.issuerUrl() + "/generators/other@v1",
                "--certificate-oidc-issuer",
                fx.issuerUrl(),
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
                fx.issuerUrl(),
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
            + fx.caUrl()
            + "\",\"majorApiVersion\":1,\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}}],"
            + "\"rekorTlogUrls\":[{\"url\":\""
            + fx.logUrl()
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
