package dev.provenant.platform.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.platform.oidc.PlatformIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The generator process's settings, read from the file named by {@code --config}:
 *
 * <pre>{@code
 * {"platformUrl":"http://127.0.0.1:8080", "builderVersion":"v0.1.0",
 *  "socket":"<private dir>/generator.sock", "issuerSocket":"<issuer's private dir>/issuer.sock",
 *  "caUrl":"http://127.0.0.1:8600", "rekorUrl":"http://127.0.0.1:8700",
 *  "tsaUrl":"http://127.0.0.1:8600/api/v1/timestamp"}
 * }</pre>
 *
 * @param identity the platform instance (issuer URL, builder version)
 * @param socket where the generator listens; its directory is made 0700
 * @param issuerSocket the workload issuer's minting socket
 * @param caUrl the CA
 * @param rekorUrl the transparency log (Rekor v1 API)
 * @param tsaUrl the timestamp authority, or null
 */
public record GeneratorConfig(
    PlatformIdentity identity,
    Path socket,
    Path issuerSocket,
    String caUrl,
    String rekorUrl,
    String tsaUrl) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks presence. */
  public GeneratorConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(issuerSocket, "issuerSocket");
    Objects.requireNonNull(caUrl, "caUrl");
    Objects.requireNonNull(rekorUrl, "rekorUrl");
  }

  /**
   * Reads a config file.
   *
   * @throws IOException if it cannot be read or a field is missing or invalid
   */
  public static GeneratorConfig read(Path file) throws IOException {
    JsonNode n = JSON.readTree(Files.readAllBytes(file));
    try {
      return new GeneratorConfig(
          new PlatformIdentity(
              text(n, "platformUrl"), n.path("builderVersion").asText(PlatformIdentity.VERSION)),
          Path.of(text(n, "socket")),
          Path.of(text(n, "issuerSocket")),
          text(n, "caUrl"),
          text(n, "rekorUrl"),
          n.hasNonNull("tsaUrl") ? text(n, "tsaUrl") : null);
    } catch (IllegalArgumentException e) {
      throw new IOException("generator config " + file + ": " + e.getMessage(), e);
    }
  }

  /** This config as the JSON {@link #read} reads (the platform writes it). */
  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("platformUrl", identity.web())
        .put("builderVersion", identity.version())
        .put("socket", socket.toAbsolutePath().toString())
        .put("issuerSocket", issuerSocket.toAbsolutePath().toString())
        .put("caUrl", caUrl)
        .put("rekorUrl", rekorUrl);
    if (tsaUrl != null) {
      o.put("tsaUrl", tsaUrl);
    }
    return o;
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(f + ": expected a non-empty string");
    }
    return v.asText();
  }
}
