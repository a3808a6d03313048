package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.provenant.core.testing.Skip;
import dev.provenant.oci.CredentialStore;
import dev.provenant.oci.MediaTypes;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.verify.Reason;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * verify-image against a registry: the discovery paths the verdict names, and registry failures
 * (401, 5xx, no answer) as exit 6 with the registry's answer, never "no attestation".
 */
class VerifyImageRegistryTest {
  static final String BUILDER =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml";

  static String open() {
    String r = System.getenv("PROVENANT_TEST_REGISTRY_OPEN");
    Skip.unless(r != null, "a loopback docker-registry (scripts/test.d/45-registry.sh start)");
    return r;
  }

  static RegistryClient client() {
    return RegistryClient.create(HttpTransport.defaults(), CredentialStore.ANONYMOUS, Set.of());
  }

  /** A small unique image; returns its digest reference. */
  static Reference image(RegistryClient c, String registry) throws Exception {
    Reference repo =
        new Reference(
            registry, "verify/img-" + UUID.randomUUID().toString().substring(0, 8), "v1", null);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"id\":\"" + UUID.randomUUID() + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    String cd = c.pushBlob(repo, config, RegistryClient.DEFAULT_CHUNK);
    byte[] m =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + cd
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    return repo.withDigest(c.putManifest(repo, "v1", m, MediaTypes.OCI_MANIFEST));
  }

  static SlsaCorpusTest.Run verify(String image, String... flags) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "verify-image",
                "--source-uri",
                "github.com/slsa-framework/example-package",
                "--builder-id",
                BUILDER + "@v1.10.0"));
    a.addAll(List.of(flags));
    a.add(image);
    return SlsaCorpusTest.run(a);
  }

  @Test
  void imageWithoutAttestations_isNoAttestation_afterEveryPath() throws Exception {
    Reference img = image(client(), open());
    SlsaCorpusTest.Run r = verify(img.toString());
    assertThat(r.exit()).as(r.stderr()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(SlsaCorpusTest.reasonOf(r.stderr())).isEqualTo(Reason.NO_ATTESTATION);
    assertThat(r.stderr()).contains("tag-schema").contains(".att");
  }

  @Test
  void authRegistryAnonymous_isExit6WithTheRegistrysAnswer() {
    String basic = System.getenv("PROVENANT_TEST_REGISTRY_BASIC");
    Skip.unless(basic != null, "the Basic-auth registry (scripts/test.d/45-registry.sh start)");
    SlsaCorpusTest.Run r = verify(basic + "/private/image@sha256:" + "ab".repeat(32));
    assertThat(r.exit()).as(r.stderr()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(SlsaCorpusTest.reasonOf(r.stderr())).isEqualTo(Reason.REGISTRY_UNREACHABLE);
    assertThat(r.stderr()).contains("authentication required");
  }

  @Test
  void registryAnswering500_isExit6WithItsAnswer() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    s.createContext(
        "/",
        ex -> {
          byte[] b =
              "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"storage backend down\"}]}"
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(500, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    try {
      SlsaCorpusTest.Run r =
          verify("127.0.0.1:" + s.getAddress().getPort() + "/x/y@sha256:" + "cd".repeat(32));
      assertThat(r.exit()).as(r.stderr()).isEqualTo(ExitCode.UNREACHABLE.code());
      assertThat(SlsaCorpusTest.reasonOf(r.stderr())).isEqualTo(Reason.REGISTRY_UNREACHABLE);
      assertThat(r.stderr()).contains("storage backend down").contains("500");
    } finally {
      s.stop(0);
    }
  }

  @Test
  void registryNotListening_isExit6() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    SlsaCorpusTest.Run r = verify("127.0.0.1:" + port + "/x/y@sha256:" + "cd".repeat(32));
    assertThat(r.exit()).as(r.stderr()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(SlsaCorpusTest.reasonOf(r.stderr())).isEqualTo(Reason.REGISTRY_UNREACHABLE);
  }

  @Test
  void sigstoreBundleInTheReferrersTag_isFoundOnTheTagSchemaPath() throws Exception {
    RegistryClient c = client();
    Reference img = image(c, open());
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
                + "}],\"subject\":{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + img.digest()
                + "\",\"size\":1}}")
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
    c.putManifest(repo, img.digest().replace(':', '-'), index, MediaTypes.OCI_INDEX);
    SlsaCorpusTest.Run r = verify(img.toString());
    assertThat(r.stderr()).contains("found via tag-schema:sigstore-bundle");
    // The bundle is genuine but attests MODULE.bazel, not this image: verification runs, and fails.
    assertThat(r.exit())
        .as(r.stderr())
        .isNotIn(0, ExitCode.NOT_FOUND.code(), ExitCode.UNREACHABLE.code());
  }

  @Test
  void attestationManifestTamperedInStorage_isDigestMismatch() throws Exception {
    String storage = System.getenv("PROVENANT_TEST_REGISTRY_OPEN_STORAGE");
    Skip.unless(storage != null, "the open registry's storage dir (45-registry.sh)");
    RegistryClient c = client();
    Reference img = image(c, open());
    // A unique .att manifest (its own digest) whose stored bytes are then changed on disk.
    String empty =
        c.pushBlob(img, "{}".getBytes(StandardCharsets.UTF_8), RegistryClient.DEFAULT_CHUNK);
    byte[] att =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_EMPTY
                + "\",\"digest\":\""
                + empty
                + "\",\"size\":2},\"layers\":[],\"annotations\":{\"n\":\""
                + UUID.randomUUID()
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    String d =
        c.putManifest(img, img.digest().replace(':', '-') + ".att", att, MediaTypes.OCI_MANIFEST);
    Path stored =
        Path.of(
            storage, "docker/registry/v2/blobs/sha256", d.substring(7, 9), d.substring(7), "data");
    Files.writeString(
        stored, new String(att, StandardCharsets.UTF_8).replace("\"layers\":[]", "\"layers\": []"));
    SlsaCorpusTest.Run r = verify(img.toString());
    assertThat(r.exit()).as(r.stderr()).isEqualTo(ExitCode.INVALID.code());
    assertThat(SlsaCorpusTest.reasonOf(r.stderr())).isEqualTo(Reason.ARTIFACT_DIGEST_MISMATCH);
  }
}
