package dev.provenant.platform.up;

import dev.provenant.oci.CredentialStore;
import dev.provenant.oci.DockerConfig;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.platform.image.ImagePublisher;
import dev.provenant.sign.http.HttpTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The registry access of an instance's image releases: the platform's own credentials, never the
 * build's. They come from {@code DIR/registry-auth/config.json} (a docker config: {@code
 * DOCKER_CONFIG=DIR/registry-auth docker login REGISTRY}, or skopeo/podman's {@code --authfile}),
 * else from the docker config of the user running the platform ({@code $DOCKER_CONFIG} or {@code
 * ~/.docker}). The data directory is never mounted into a sandbox.
 */
final class ImageRegistries {
  /** The docker config directory inside the data directory. */
  static final String AUTH_DIR = "registry-auth";

  private ImageRegistries() {}

  /**
   * The publisher for the instance in {@code dir}.
   *
   * @throws RegistryException CREDENTIALS if a docker config exists but cannot be read
   */
  static ImagePublisher publisher(Path dir) throws RegistryException {
    Path own = dir.resolve(AUTH_DIR).resolve("config.json");
    CredentialStore credentials = Files.exists(own) ? DockerConfig.load(own) : DockerConfig.load();
    RegistryClient client = RegistryClient.create(HttpTransport.defaults(), credentials, Set.of());
    return ImagePublisher.withCosignAttestations(client);
  }
}
