package dev.provenant.cli;

import dev.provenant.oci.DockerConfig;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.sign.http.HttpTransport;
import java.util.List;
import java.util.Set;

/** The registry client the commands share: docker config credentials, the default transport. */
final class Registries {
  private Registries() {}

  /**
   * A client reading credentials from the docker config ({@code $DOCKER_CONFIG} or {@code
   * ~/.docker/config.json}, credential helpers included).
   *
   * @param insecure {@code host[:port]} values allowed over plain http besides loopback
   */
  static RegistryClient client(List<String> insecure) throws RegistryException {
    return RegistryClient.create(
        HttpTransport.defaults(),
        DockerConfig.load(),
        insecure == null ? Set.of() : Set.copyOf(insecure));
  }

  /**
   * The exit code for a registry failure: a registry that did not answer about the content (auth,
   * 5xx, unreachable) is {@link ExitCode#UNREACHABLE}, never "not found"; a 404 is {@link
   * ExitCode#NOT_FOUND}; content that does not match its digest is {@link ExitCode#INVALID}.
   */
  static ExitCode exitCode(RegistryException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> ExitCode.NOT_FOUND;
      case DIGEST_MISMATCH -> ExitCode.INVALID;
      case INSECURE_REFUSED -> ExitCode.USAGE;
      default -> ExitCode.UNREACHABLE;
    };
  }
}
