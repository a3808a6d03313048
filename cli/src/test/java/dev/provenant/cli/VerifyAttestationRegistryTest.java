package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Skip;
import dev.provenant.oci.CredentialStore;
import dev.provenant.oci.LayoutPusher;
import dev.provenant.oci.MediaTypes;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.verify.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code verify-attestation} (cosign's flags) against a loopback registry holding a real
 * slsa-github-generator image layout from the slsa-verifier corpus (cosign {@code .att}), and a
 * real Sigstore bundle attached as a referrer.
 */
class VerifyAttestationRegistryTest {
  static final String LAYOUT =
      "cli/slsa-verifier/testdata/gha_generic_container/v1.10.0/container_workflow_dispatch";
  static final String DIGEST =
      "sha256:e0a0a765d690a5104331cfbac88ebbbf01736c1f87aaa3cd455c516a5ea586a5";
  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final String GENERATOR =
      "^https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v";
  static String image;
  static Path layout;

  @BeforeAll
  static void push() throws Exception {
    String registry = System.getenv("PROVENANT_TEST_REGISTRY_OPEN");
    Skip.unless(
        registry != null, "a loopback docker-registry (scripts/test.d/45-registry.sh start)");
    layout = SlsaCorpusTest.corpus().resolve("testdata").resolve(LAYOUT);
    Reference repo =
        new Reference(
            registry, "attest/" + UUID.randomUUID().toString().substring(0, 8), "latest", null);
    LayoutPusher.push(client(), repo, layout, 1 << 16);
    image = repo.withDigest(DIGEST).toString();
  }

  static RegistryClient client() {
    return RegistryClient.create(HttpTransport.defaults(), CredentialStore.ANONYMOUS, Set.of());
  }

  static CapturedRun run(String... args) {
    return CapturedRun.of("verify-attestation", args);
  }

  /** The DSSE layer of the layout's attestation manifest, as stored. */
  static String layoutEnvelope() throws Exception {
    JsonNode index = new ObjectMapper().readTree(layout.resolve("index.json").toFile());
    for (JsonNode m : index.path("manifests")) {
      if (m.at("/annotations/kind").asText().equals("dev.cosignproject.cosign/atts")) {
        JsonNode att =
            new ObjectMapper()
                .readTree(
                    layout
                        .resolve("blobs/sha256/" + m.path("digest").asText().substring(7))
                        .toFile());
        return Files.readString(
            layout.resolve("blobs/sha256/" + att.at("/layers/0/digest").asText().substring(7)));
      }
    }
    throw new AssertionError("no attestation in " + layout);
  }

  @Test
  void genuineAttestation_verifies_andPrintsTheEnvelope() throws Exception {
    CapturedRun r =
        run(
            "--type",
            "slsaprovenance",
            "--certificate-identity-regexp",
            GENERATOR,
            "--certificate-oidc-issuer",
            GITHUB,
            image);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("found via cosign-att-tag");
    assertThat(r.out()).isEqualTo(layoutEnvelope().strip());
  }

  @Test
  void otherIdentity_isIdentityMismatch() {
    CapturedRun r =
        run(
            "--type",
            "slsaprovenance",
            "--certificate-identity-regexp",
            "^https://github.com/evil/",
            "--certificate-oidc-issuer",
            GITHUB,
            image);
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.POLICY_MISMATCH.code());
    assertThat(SlsaCorpusTest.reasonOf(r.err())).isEqualTo(Reason.IDENTITY_MISMATCH);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void otherIssuer_isIssuerMismatch() {
    CapturedRun r =
        run(
            "--type",
            "slsaprovenance",
            "--certificate-identity-regexp",
            GENERATOR,
            "--certificate-oidc-issuer",
            "https://accounts.google.com",
            image);
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.POLICY_MISMATCH.code());
    assertThat(SlsaCorpusTest.reasonOf(r.err())).isEqualTo(Reason.ISSUER_MISMATCH);
  }

  @Test
  void otherPredicateType_isNoAttestation() {
    CapturedRun r =
        run(
            "--type",
            "cyclonedx",
            "--certificate-identity-regexp",
            GENERATOR,
            "--certificate-oidc-issuer",
            GITHUB,
            image);
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err()).contains("https://cyclonedx.org/bom");
  }

  @Test
  void missingIdentityFlags_isUsage() {
    CapturedRun r = run("--type", "slsaprovenance", image);
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
  }

  @Test
  void sigstoreBundleReferrer_signatureVerifies_thenTheSubjectMustBeTheImage() throws Exception {
    RegistryClient c = client();
    Reference img = Reference.parse(image);
    Reference repo = img.withTag("x");
    byte[] bundle =
        Files.readAllBytes(
            SlsaCorpusTest.corpus()
                .resolve("testdata/cli/slsa-verifier/testdata/bcr/MODULE.bazel.intoto.jsonl"));
    String bd = c.pushBlob(repo, bundle, RegistryClient.DEFAULT_CHUNK);
    String empty =
        c.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8), RegistryClient.DEFAULT_CHUNK);
    byte[] art =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"artifactType\":\""
                + MediaTypes.SIGSTORE_BUNDLE_V03
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_EMPTY
                + "\",\"digest\":\""
                + empty
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
                + MediaTypes.SIGSTORE_BUNDLE_V03
                + "\",\"digest\":\""
                + bd
                + "\",\"size\":"
                + bundle.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    String ad = c.putManifest(repo, RegistryClient.digestOf(art), art, MediaTypes.OCI_MANIFEST);
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + ad
                + "\",\"size\":"
                + art.length
                + ",\"artifactType\":\""
                + MediaTypes.SIGSTORE_BUNDLE_V03
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    c.putManifest(repo, DIGEST.replace(':', '-'), index, MediaTypes.OCI_INDEX);
    try {
      CapturedRun r =
          run(
              "--type",
              "slsaprovenance1",
              "--certificate-identity-regexp",
              "^https://github.com/bazel-contrib/publish-to-bcr/",
              "--certificate-oidc-issuer",
              GITHUB,
              image);
      assertThat(r.err()).contains("found via tag-schema:sigstore-bundle");
      // Log entry, certificate, signature, identity and predicate type pass; the statement is about
      // MODULE.bazel, not this image.
      assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.POLICY_MISMATCH.code());
      assertThat(SlsaCorpusTest.reasonOf(r.err()))
          .as(r.err())
          .isEqualTo(Reason.SUBJECT_DIGEST_MISMATCH);
    } finally {
      // The other tests read this image through the .att tag: take the referrers tag away again.
      c.putManifest(
          repo,
          DIGEST.replace(':', '-'),
          ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}")
              .getBytes(StandardCharsets.UTF_8),
          MediaTypes.OCI_INDEX);
    }
  }
}
