package dev.provenant.platform.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.testing.Skip;
import dev.provenant.oci.CredentialStore;
import dev.provenant.oci.Manifest;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.platform.image.ImageReleaseException.Reason;
import dev.provenant.sign.http.HttpTransport;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's push and attach against the loopback docker-registry
 * (scripts/test.d/45-registry.sh) and a registry port nobody listens on: the layout the container
 * release tests build with coreutils, tar and gzip (testdata/platform/mkimage.sh).
 */
class ImagePublisherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;
  private OciImage image;

  @BeforeEach
  void layout() throws Exception {
    Files.writeString(work.resolve("VERSION"), "9.9.9\n");
    Process p =
        new ProcessBuilder(
                "sh", Corpus.repositoryRoot().resolve("testdata/platform/mkimage.sh").toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    Path layout = work.resolve("out/image");
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(layout)) {
      s.filter(Files::isRegularFile).forEach(f -> files.put(layout.relativize(f).toString(), f));
    }
    image = OciLayoutReader.read(files, "out/image");
  }

  private static RegistryClient client() {
    return RegistryClient.create(HttpTransport.defaults(), CredentialStore.ANONYMOUS, Set.of());
  }

  private static String closedRegistry() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void push_multiPlatformLayout_registryServesTheIndexByDigestAndTag() throws Exception {
    String registry = System.getenv("PROVENANT_TEST_REGISTRY_OPEN");
    Skip.unless(registry != null, "a loopback registry (scripts/test.d/45-registry.sh)");
    String repo = registry + "/provenant-it/publisher-" + Long.toHexString(System.nanoTime());
    ImagePublisher publisher = ImagePublisher.withCosignAttestations(client());

    ImagePublisher.Pushed pushed = publisher.push(repo, image);
    publisher.tag(pushed, "v9.9.9");

    assertThat(pushed.image().toString()).isEqualTo(repo + "@" + image.digest());
    assertThat(pushed.subject().name()).isEqualTo(repo);
    assertThat(pushed.subject().digest("sha256")).isEqualTo(image.digest().substring(7));
    Manifest byTag = client().manifest(Reference.parse(repo + ":v9.9.9"));
    assertThat(byTag.digest()).isEqualTo(image.digest());
    assertThat(byTag.isIndex()).isTrue();
    assertThat(JSON.readTree(byTag.bytes()).path("manifests")).hasSize(2);
    // Each platform's manifest and blobs are there too.
    for (OciImage.Content m : image.manifests()) {
      assertThat(client().manifest(Reference.parse(repo + "@" + m.digest())).digest())
          .isEqualTo(m.digest());
    }
  }

  @Test
  void push_unreachableRegistry_isPushFailed() throws Exception {
    ImagePublisher publisher = ImagePublisher.withCosignAttestations(client());

    ImageReleaseException e =
        catchThrowableOfType(
            ImageReleaseException.class,
            () -> publisher.push(closedRegistry() + "/acme/widget", image));

    assertThat(e.reason()).isEqualTo(Reason.PUSH_FAILED);
    assertThat(e.getMessage()).contains("UNREACHABLE");
  }

  @Test
  void attach_registryUnreachable_isAttachFailed() throws Exception {
    ImagePublisher publisher = ImagePublisher.withCosignAttestations(client());
    ImagePublisher.Pushed gone =
        new ImagePublisher.Pushed(
            Reference.parse(closedRegistry() + "/acme/widget@" + image.digest()), image);
    // A real DSSE bundle with a certificate and a log entry with a SET (sigstore-conformance).
    byte[] bundle =
        Files.readAllBytes(
            Corpus.path(
                "sigstore-conformance/assets/bundle-verify/"
                    + "happy-path-intoto-in-dsse-v3/bundle.sigstore.json"));

    ImageReleaseException unreachable =
        catchThrowableOfType(ImageReleaseException.class, () -> publisher.attach(gone, bundle));
    ImageReleaseException notABundle =
        catchThrowableOfType(
            ImageReleaseException.class, () -> publisher.attach(gone, "{}".getBytes()));

    assertThat(unreachable.reason()).isEqualTo(Reason.ATTACH_FAILED);
    assertThat(unreachable.getMessage()).contains("UNREACHABLE");
    assertThat(notABundle.reason()).isEqualTo(Reason.ATTACH_FAILED);
  }
}
