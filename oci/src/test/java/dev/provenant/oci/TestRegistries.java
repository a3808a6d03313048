package dev.provenant.oci;

import dev.provenant.core.testing.Skip;
import dev.provenant.sign.http.HttpPolicy;
import dev.provenant.sign.http.HttpTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** The loopback registries scripts/test.d/45-registry.sh starts, from $PROVENANT_TEST_ENV. */
final class TestRegistries {
  private TestRegistries() {}

  static String env(String name) {
    String v = System.getenv(name);
    Skip.unless(
        v != null && !v.isEmpty(),
        name + " (start the registries: scripts/test.d/45-registry.sh start)");
    return v;
  }

  /** A transport that gives up fast: the registries are local. */
  static HttpTransport transport() {
    return HttpTransport.create(
        HttpPolicy.defaults()
            .withMaxAttempts(2)
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
  }

  static RegistryClient anonymous() {
    return RegistryClient.create(transport(), CredentialStore.ANONYMOUS, Set.of());
  }

  static RegistryClient with(Credentials c) {
    return RegistryClient.create(transport(), registry -> java.util.Optional.of(c), Set.of());
  }

  /** A fresh repository name, so tests do not see each other's content. */
  static Reference repo(String registry, String prefix) {
    return new Reference(
        registry,
        "test/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
        "latest",
        null);
  }

  /**
   * A minimal OCI image (empty config, one layer) pushed to {@code repo}; returns the manifest
   * bytes.
   */
  static byte[] pushImage(RegistryClient c, Reference repo, String layerText)
      throws RegistryException {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
    String cd = c.pushBlob(repo, config, RegistryClient.DEFAULT_CHUNK);
    String ld = c.pushBlob(repo, layer, RegistryClient.DEFAULT_CHUNK);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + cd
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + ld
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    c.putManifest(repo, repo.tag(), manifest, MediaTypes.OCI_MANIFEST);
    return manifest;
  }
}
