package dev.provenant.platform.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.server.CaServer;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.fulcio.FulcioOid;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.log.LogService;
import dev.provenant.platform.oidc.BuildFacts;
import dev.provenant.platform.oidc.PlatformIdentity;
import dev.provenant.platform.oidc.TokenRefusedException;
import dev.provenant.platform.oidc.WorkloadIssuer;
import dev.provenant.platform.oidc.WorkloadTokenClient;
import dev.provenant.sign.trust.TrustExport;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.ArtifactInput;
import dev.provenant.verify.sigstore.IdentityPolicy;
import dev.provenant.verify.sigstore.SigstoreVerifier;
import dev.provenant.verify.sigstore.VerifiedBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator end to end: a real CA (with CT and TSA) and transparency log in this JVM, the
 * workload issuer served by a Jetty server as the platform mounts it, and the generator started as
 * a separate JVM process; the bundle it returns is checked with the verifier against the trusted
 * root exported for that CA and log.
 */
class GeneratorProcessTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String COMMIT = "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";
  static final String CONFIG_SHA =
      Hex.encode(Sha256.hash("steps: [make]\n".getBytes(StandardCharsets.UTF_8)));

  @TempDir static Path dir;
  static Server web;
  static PlatformIdentity identity;
  static WorkloadIssuer issuer;
  static CaServer ca;
  static LogService log;
  static TrustedRoot trustedRoot;
  static String trustedRootJson;
  static GeneratorProcess generator;
  static final Map<String, BuildFacts> records = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    // The platform's web server: the issuer URL is its base URL, known once the port is bound.
    web = new Server();
    ServerConnector c = new ServerConnector(web);
    c.setHost("127.0.0.1");
    c.setPort(0);
    web.addConnector(c);
    Handler.Wrapper mount = new Handler.Wrapper(true);
    web.setHandler(mount);
    web.start();
    identity = PlatformIdentity.of("http://127.0.0.1:" + c.getLocalPort());
    issuer =
        WorkloadIssuer.open(
            identity,
            dir.resolve("issuer"),
            (id, attempt) -> Optional.ofNullable(records.get(id + "/" + attempt)),
            Clock.systemUTC());
    mount.setHandler(issuer.handler());
    issuer.startMinting();
    records.put(
        "42/1",
        new BuildFacts(
            "widget", "7", "v1.2.3", COMMIT, ".provenant/build.yaml", CONFIG_SHA, "42", 1));

    ca =
        CaServer.start(
            "127.0.0.1",
            0,
            false,
            dir.resolve("ca"),
            OidcVerifier.create(
                List.of(TrustedIssuer.of(identity.issuer(), IssuerType.PROVENANT_PLATFORM))),
            new AuditLog(l -> {}, Clock.systemUTC()));
    log =
        LogService.start(
            new LogService.Config(
                "127.0.0.1", 0, dir.resolve("log"), null, null, null, "127.0.0.1", null));
    String tsa = ca.baseUrl() + "/api/v1/timestamp";
    trustedRootJson =
        TrustExport.trustedRoot(
            TrustExport.fetch(ca.baseUrl(), log.publicUrl().toString(), tsa, null));
    trustedRoot = TrustedRoot.parse(trustedRootJson.getBytes(StandardCharsets.UTF_8));

    GeneratorConfig config =
        new GeneratorConfig(
            identity,
            dir.resolve("generator").resolve("generator.sock"),
            issuer.socket(),
            ca.baseUrl(),
            log.publicUrl().toString(),
            tsa);
    generator =
        GeneratorProcess.start(
            config,
            dir.resolve("generator-config").resolve("config.json"),
            dir.resolve("generator.log"),
            Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (generator != null) {
      generator.close();
    }
    if (log != null) {
      log.close();
    }
    if (ca != null) {
      ca.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    if (web != null) {
      web.stop();
    }
  }

  static List<Subject> subjects() {
    return List.of(
        new Subject(
            "widget-1.2.3.tar.gz",
            Map.of("sha256", Hex.encode(Sha256.hash("tarball".getBytes(StandardCharsets.UTF_8))))),
        new Subject(
            "widget-1.2.3.jar",
            Map.of("sha256", Hex.encode(Sha256.hash("jar".getBytes(StandardCharsets.UTF_8))))),
        new Subject(
            "widget-1.2.3.cdx.json",
            Map.of("sha256", Hex.encode(Sha256.hash("sbom".getBytes(StandardCharsets.UTF_8))))));
  }

  static GenerationRequest request(String buildId, String commit) {
    ObjectNode sandbox = JSON.createObjectNode();
    sandbox.put("runner", "bubblewrap").put("memoryMiB", 2048).put("cpuSeconds", 600);
    sandbox.putArray("networkAllowList").add("repo.maven.apache.org:443");
    return new GenerationRequest(
        buildId,
        1,
        subjects(),
        "widget",
        identity.gitUri("widget"),
        "v1.2.3",
        commit,
        ".provenant/build.yaml",
        CONFIG_SHA,
        Instant.parse("2026-01-02T03:04:05Z"),
        Instant.parse("2026-01-02T03:09:00Z"),
        sandbox,
        List.of(
            new GenerationRequest.Resource(
                "https://repo.maven.apache.org/maven2/x/y/1/y-1.jar", "a".repeat(64))),
        List.of(
            new GenerationRequest.Resource("build.log", "b".repeat(64)),
            new GenerationRequest.Resource(
                "widget-1.2.3.cdx.json", subjects().get(2).digest("sha256"))));
  }

  /** Generates, printing the step timings (the benchmark reads them from the test output). */
  static ProvenanceGenerator.Result generate(GenerationRequest req) throws GeneratorException {
    ProvenanceGenerator.Result r = generator.generate(req);
    System.err.println("generator step timings (us): " + new TreeMap<>(r.timingsMicros()));
    return r;
  }

  static VerifiedBundle verify(String bundleJson) throws Exception {
    return SigstoreVerifier.create(trustedRoot)
        .verify(
            Bundle.parse(bundleJson.getBytes(StandardCharsets.UTF_8)),
            ArtifactInput.none(),
            IdentityPolicy.exact(identity.builderId(), identity.issuer()));
  }

  @Test
  void generate_releaseBuild_separateProcessBundleVerifiesWithContractIdentityAndProvenance()
      throws Exception {
    assertThat(generator.pid()).isNotEqualTo(ProcessHandle.current().pid());
    ProvenanceGenerator.Result r = generate(request("42", COMMIT));
    assertThat(r.timingsMicros())
        .containsKeys("token", "certificate", "signing", "timestamp", "logging", "total");

    Path release = Files.createDirectories(dir.resolve("release"));
    Path file = GeneratorProcess.writeProvenance(release, r);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);

    VerifiedBundle v = verify(lines.get(0));
    assertThat(v.bundle().mediaType()).isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
    assertThat(v.tlogEntries()).hasSize(1);
    assertThat(v.bundle().verificationMaterial().tlogEntries().get(0).kind()).isEqualTo("dsse");
    assertThat(v.bundle().verificationMaterial().tlogEntries().get(0).inclusionProof()).isPresent();
    assertThat(v.bundle().verificationMaterial().tlogEntries().get(0).signedEntryTimestamp())
        .isPresent();

    String w = identity.web();
    Map<String, String> want = new TreeMap<>();
    want.put(FulcioOid.ISSUER_V1.oid(), w);
    want.put(FulcioOid.ISSUER_V2.oid(), w);
    want.put(FulcioOid.BUILD_SIGNER_URI.oid(), w + "/generators/slsa3@v0.1.0");
    want.put(FulcioOid.BUILD_SIGNER_DIGEST.oid(), COMMIT);
    want.put(FulcioOid.RUNNER_ENVIRONMENT.oid(), "platform-hosted");
    want.put(FulcioOid.SOURCE_REPOSITORY_URI.oid(), w + "/git/widget");
    want.put(FulcioOid.SOURCE_REPOSITORY_DIGEST.oid(), COMMIT);
    want.put(FulcioOid.SOURCE_REPOSITORY_REF.oid(), "refs/tags/v1.2.3");
    want.put(FulcioOid.SOURCE_REPOSITORY_IDENTIFIER.oid(), "7");
    want.put(FulcioOid.SOURCE_REPOSITORY_OWNER_URI.oid(), w + "/projects/widget");
    want.put(FulcioOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER.oid(), "7");
    want.put(
        FulcioOid.BUILD_CONFIG_URI.oid(), w + "/git/widget/.provenant/build.yaml@refs/tags/v1.2.3");
    want.put(FulcioOid.BUILD_CONFIG_DIGEST.oid(), CONFIG_SHA);
    want.put(FulcioOid.BUILD_TRIGGER.oid(), "push");
    want.put(FulcioOid.RUN_INVOCATION_URI.oid(), w + "/projects/widget/builds/42/attempts/1");
    want.put(FulcioOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING.oid(), "public");
    want.put(FulcioOid.TOKEN_SUBJECT.oid(), "repo:widget:ref:refs/tags/v1.2.3");
    assertThat(v.identity().orElseThrow().san()).isEqualTo(w + "/generators/slsa3@v0.1.0");
    assertThat(v.identity().orElseThrow().extensions()).isEqualTo(want);

    assertThat(v.envelope().orElseThrow().payloadType()).isEqualTo("application/vnd.in-toto+json");
    ProvenanceV1 p = ProvenanceV1.parse(v.envelope().orElseThrow().payload());
    assertThat(p.header().type()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(p.header().predicateType()).isEqualTo("https://slsa.dev/provenance/v1");
    assertThat(p.header().subjects()).isEqualTo(subjects());
    assertThat(p.buildDefinition().buildType())
        .isEqualTo("https://provenant.dev/build-types/sandbox/v1");
    String source = "git+" + w + "/git/widget@refs/tags/v1.2.3";
    assertThat(p.buildDefinition().resolvedDependencies().get(0).uri()).isEqualTo(source);
    assertThat(p.buildDefinition().resolvedDependencies().get(0).digest())
        .isEqualTo(Map.of("gitCommit", COMMIT));
    assertThat(p.buildDefinition().resolvedDependencies().get(1).uri())
        .isEqualTo("https://repo.maven.apache.org/maven2/x/y/1/y-1.jar");
    assertThat(JSON.writeValueAsString(p.buildDefinition().externalParameters()))
        .isEqualTo(
            "{\"source\":{\"uri\":\""
                + source
                + "\",\"digest\":{\"gitCommit\":\""
                + COMMIT
                + "\"}},"
                + "\"buildConfig\":{\"path\":\".provenant/build.yaml\",\"digest\":{\"sha256\":\""
                + CONFIG_SHA
                + "\"}}}");
    assertThat(p.buildDefinition().internalParameters().path("runner").asText())
        .isEqualTo("bubblewrap");
    assertThat(p.runDetails().builderId()).isEqualTo(w + "/generators/slsa3@v0.1.0");
    assertThat(p.runDetails().invocationId())
        .isEqualTo(w + "/projects/widget/builds/42/attempts/1");
    assertThat(p.runDetails().startedOn().toInstant())
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(p.runDetails().finishedOn().toInstant())
        .isEqualTo(Instant.parse("2026-01-02T03:09:00Z"));
    assertThat(p.runDetails().byproducts())
        .extracting(ProvenanceV1.ResourceDescriptor::name)
        .containsExactly("build.log", "widget-1.2.3.cdx.json");
    String payload = new String(v.envelope().orElseThrow().payload(), StandardCharsets.UTF_8);
    assertThat(payload)
        .contains("\"startedOn\":\"2026-01-02T03:04:05Z\"")
        .contains("\"finishedOn\":\"2026-01-02T03:09:00Z\"");
  }

  @Test
  void sigstoreJava_verifiesGeneratorBundleForEachSubject() throws Exception {
    // Two generations: sigstore-java 2.0.0 mis-reads a bundle for a log's entry 0 (see
    // ca/README.md).
    generate(request("42", COMMIT));
    Path bundle = dir.resolve("java.sigstore.json");
    Files.writeString(bundle, generate(request("42", COMMIT)).bundle());
    Path root = dir.resolve("trusted_root.json");
    Files.writeString(root, trustedRootJson);
    dev.sigstore.KeylessVerifier v =
        dev.sigstore.KeylessVerifier.builder()
            .trustedRootProvider(dev.sigstore.TrustedRootProvider.from(root))
            .build();
    dev.sigstore.VerificationOptions opts =
        dev.sigstore.VerificationOptions.builder()
            .addCertificateMatchers(
                dev.sigstore.VerificationOptions.CertificateMatcher.fulcio()
                    .subjectAlternativeName(
                        dev.sigstore.strings.StringMatcher.string(identity.builderId()))
                    .issuer(dev.sigstore.strings.StringMatcher.string(identity.issuer()))
                    .build())
            .build();
    dev.sigstore.bundle.Bundle b = dev.sigstore.bundle.Bundle.from(bundle, StandardCharsets.UTF_8);
    for (String content : List.of("tarball", "jar", "sbom")) {
      v.verify(Sha256.hash(content.getBytes(StandardCharsets.UTF_8)), b, opts);
    }
    assertThatThrownBy(
            () -> v.verify(Sha256.hash("not released".getBytes(StandardCharsets.UTF_8)), b, opts))
        .isInstanceOf(dev.sigstore.KeylessVerificationException.class);
  }

  @Test
  void verify_tamperedPayload_fails() throws Exception {
    ProvenanceGenerator.Result r = generate(request("42", COMMIT));
    ObjectNode b = (ObjectNode) JSON.readTree(r.bundle());
    ObjectNode env = (ObjectNode) b.get("dsseEnvelope");
    String payload =
        new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
    String forged = payload.replace(subjects().get(0).digest("sha256"), "0".repeat(64));
    assertThat(forged).isNotEqualTo(payload);
    env.put("payload", Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> verify(b.toString()))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isIn(Reason.SIGNATURE_INVALID, Reason.TLOG_BODY_MISMATCH));
  }

  @Test
  void generate_unknownBuild_tokenRefusedAndNothingSigned() {
    assertThatThrownBy(() -> generator.generate(request("999", COMMIT)))
        .isInstanceOfSatisfying(
            GeneratorException.class,
            e -> assertThat(e.reason()).isEqualTo(GeneratorException.Reason.TOKEN_REFUSED));
  }

  @Test
  void generate_requestCommitDiffersFromBuildRecord_factsMismatch() {
    assertThatThrownBy(() -> generator.generate(request("42", "f".repeat(40))))
        .isInstanceOfSatisfying(
            GeneratorException.class,
            e -> assertThat(e.reason()).isEqualTo(GeneratorException.Reason.FACTS_MISMATCH));
  }

  @Test
  void issuerSocket_unknownBuild_refusedUnknownBuild() {
    assertThatThrownBy(() -> new WorkloadTokenClient(issuer.socket()).token("nope", 1))
        .isInstanceOfSatisfying(
            TokenRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenRefusedException.Reason.UNKNOWN_BUILD));
  }

  @Test
  void issuerWeb_tokenRequestOverTcp_noEndpointAnswers() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String discovery = get(http, WorkloadIssuer.DISCOVERY_PATH).body();
    assertThat(JSON.readTree(discovery).get("issuer").asText()).isEqualTo(identity.issuer());
    // Nothing that could mint over the network is advertised or served.
    assertThat(JSON.readTree(discovery).has("token_endpoint")).isFalse();
    for (String path :
        List.of(
            "/token", "/.well-known/token", "/oauth/token", "/api/token?buildId=42&attempt=1")) {
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(identity.web() + path))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"buildId\":\"42\",\"attempt\":1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).as(path).isEqualTo(404);
      assertThat(post.body()).doesNotContain("eyJ");
    }
    HttpResponse<String> postJwks =
        http.send(
            HttpRequest.newBuilder(URI.create(identity.web() + WorkloadIssuer.JWKS_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{\"buildId\":\"42\",\"attempt\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(postJwks.statusCode()).isEqualTo(405);
    assertThat(
            JSON.readTree(get(http, WorkloadIssuer.JWKS_PATH).body()).path("keys").get(0).has("d"))
        .isFalse();
  }

  @Test
  void privateDirectories_issuerAndGenerator_ownerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("issuer"))))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("issuer").resolve("issuer-key.json"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(generator.socket().getParent())))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    dir.resolve("generator-config").resolve("config.json"))))
        .isEqualTo("rw-------");
  }

  /**
   * The sockets are filesystem sockets in private directories, not abstract ones: a sandbox whose
   * mount namespace does not include the platform's data directory cannot name them, even when it
   * shares the network. The same client outside the sandbox gets a token, so the refusal inside is
   * the isolation and not a broken client.
   */
  @Test
  void sandboxWithoutDataDir_sharedNetwork_cannotReachIssuerOrGeneratorSocket() throws Exception {
    Optional<Path> bwrap = onPath("bwrap");
    Optional<Path> socat = onPath("socat");
    dev.provenant.core.testing.Skip.unless(
        bwrap.isPresent() && socat.isPresent(),
        "bwrap and socat (scripts/test.d/10-sandbox.sh install provides them)");
    String req = "{\"buildId\":\"42\",\"attempt\":1}\n";
    String[] outside =
        run(List.of(socat.get().toString(), "-", "UNIX-CONNECT:" + issuer.socket()), req);
    assertThat(outside[1]).contains("\"token\"");
    for (Path sock : List.of(issuer.socket(), generator.socket())) {
      String[] inside =
          run(
              List.of(
                  bwrap.get().toString(),
                  "--ro-bind",
                  "/usr",
                  "/usr",
                  "--symlink",
                  "usr/lib",
                  "/lib",
                  "--symlink",
                  "usr/lib64",
                  "/lib64",
                  "--symlink",
                  "usr/bin",
                  "/bin",
                  "--proc",
                  "/proc",
                  "--dev",
                  "/dev",
                  "--tmpfs",
                  "/tmp",
                  "--unshare-all",
                  "--share-net",
                  "--die-with-parent",
                  socat.get().toString(),
                  "-",
                  "UNIX-CONNECT:" + sock),
              req);
      assertThat(inside[0]).as(sock.toString()).isNotEqualTo("0");
      assertThat(inside[1]).doesNotContain("token").doesNotContain("bundle");
      assertThat(inside[2]).contains("No such file or directory");
    }
  }

  static Optional<Path> onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, exe);
      if (!d.isEmpty() && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs {@code cmd} with {@code stdin}; returns exit code, stdout, stderr. */
  static String[] run(List<String> cmd, String stdin) throws Exception {
    Process p = new ProcessBuilder(cmd).start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new String[] {Integer.toString(p.exitValue()), out.get(), err.get()};
  }

  static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  static HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(identity.web() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
