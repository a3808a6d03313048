package dev.provenant.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.oci.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Credentials the way the docker CLI stores them in {@code config.json}: a per-registry {@code
 * credHelpers} entry wins, then the global {@code credsStore}, then the inline {@code auths} entry
 * ({@code auth} = base64 of {@code user:password}, or {@code username}/{@code password}, or {@code
 * identitytoken}). A helper is the program {@code docker-credential-<name>}, run as {@code get}
 * with the server on stdin, answering {@code {"Username":..,"Secret":..}}.
 *
 * <p>SPEC: https://github.com/docker/docker-credential-helpers (protocol) and docker's
 * cli/config/configfile.
 */
public final class DockerConfig implements CredentialStore {
  private static final String HUB_KEY = "https://index.docker.io/v1/";
  private static final long HELPER_TIMEOUT_SECONDS = 30;

  private final JsonNode config;
  private final Path file;
  private final Path helperDir;

  private DockerConfig(JsonNode config, Path file, Path helperDir) {
    this.config = config;
    this.file = file;
    this.helperDir = helperDir;
  }

  /**
   * Reads {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}; a missing file is
   * an empty configuration.
   *
   * @throws RegistryException CREDENTIALS if the file exists but is unreadable or not JSON
   */
  public static DockerConfig load() throws RegistryException {
    String dir = System.getenv("DOCKER_CONFIG");
    Path base =
        dir != null && !dir.isEmpty()
            ? Path.of(dir)
            : Path.of(System.getProperty("user.home"), ".docker");
    return load(base.resolve("config.json"));
  }

  /**
   * Reads a config.json; a missing file is an empty configuration.
   *
   * @throws RegistryException CREDENTIALS if the file exists but is unreadable or not JSON
   */
  public static DockerConfig load(Path file) throws RegistryException {
    return load(file, null);
  }

  /**
   * Reads a config.json whose credential helpers are looked up in {@code helperDir} (null: on the
   * PATH, as docker does).
   *
   * @throws RegistryException CREDENTIALS if the file exists but is unreadable or not JSON
   */
  public static DockerConfig load(Path file, Path helperDir) throws RegistryException {
    if (!Files.exists(file)) {
      // The node factory, not the mapper: a run that needs no JSON (a digest from a registry that
      // names its manifest's media type) never builds Jackson's ObjectMapper (bench/registry).
      return new DockerConfig(JsonNodeFactory.instance.objectNode(), file, helperDir);
    }
    try {
      return new DockerConfig(GoJson.parse(Files.readAllBytes(file)), file, helperDir);
    } catch (IOException | JsonFormatException e) {
      throw new RegistryException(Reason.CREDENTIALS, 0, file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Credentials> lookup(String registry) throws RegistryException {
    boolean hub =
        registry.equals("docker.io")
            || registry.equals("index.docker.io")
            || registry.equals("registry-1.docker.io");
    String helper = config.path("credHelpers").path(registry).asText("");
    if (helper.isEmpty()) {
      helper = config.path("credsStore").asText("");
    }
    if (!helper.isEmpty()) {
      Optional<Credentials> c = runHelper(helper, hub ? HUB_KEY : registry);
      if (c.isPresent()) {
        return c;
      }
    }
    Iterator<Map.Entry<String, JsonNode>> it = config.path("auths").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (matches(e.getKey(), registry, hub)) {
        return Optional.of(inline(e.getKey(), e.getValue()));
      }
    }
    return Optional.empty();
  }

  /**
   * An {@code auths} key matches as written, with a scheme, or with a path ({@code
   * https://host/v1/}).
   */
  static boolean matches(String key, String registry, boolean hub) {
    if (hub && (key.equals(HUB_KEY) || key.equals("index.docker.io") || key.equals("docker.io"))) {
      return true;
    }
    String k = key.replaceFirst("^https?://", "");
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    return k.equalsIgnoreCase(registry);
  }

  private Credentials inline(String key, JsonNode entry) throws RegistryException {
    String token = entry.path("identitytoken").asText("");
    String auth = entry.path("auth").asText("");
    String user = entry.path("username").asText("");
    String pass = entry.path("password").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            Reason.CREDENTIALS, 0, file + ": auths[" + key + "].auth is not base64", e);
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new RegistryException(
            Reason.CREDENTIALS,
            0,
            file + ": auths[" + key + "].auth: expected base64 of user:password, got no colon",
            null);
      }
      user = decoded.substring(0, colon);
      pass = decoded.substring(colon + 1);
    }
    if (!token.isEmpty()) {
      return new Credentials(user.isEmpty() ? "<token>" : user, token, true);
    }
    return Credentials.basic(user, pass);
  }

  private Optional<Credentials> runHelper(String helper, String server) throws RegistryException {
    if (!helper.matches("[A-Za-z0-9_.-]+")) {
      throw new RegistryException(
          Reason.CREDENTIALS,
          0,
          file + ": credential helper name: expected [A-Za-z0-9_.-]+, got " + helper,
          null);
    }
    String program = "docker-credential-" + helper;
    String command = helperDir == null ? program : helperDir.resolve(program).toString();
    try {
      Process p =
          new ProcessBuilder(List.of(command, "get"))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(server.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out;
      try (InputStream o = p.getInputStream()) {
        out = o.readNBytes(1 << 20);
      }
      if (!p.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RegistryException(
            Reason.CREDENTIALS,
            0,
            program + " get: no answer within " + HELPER_TIMEOUT_SECONDS + " s",
            null);
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        // The helper protocol's "not found" answer: go on without credentials from it.
        if (text.contains("credentials not found")) {
          return Optional.empty();
        }
        throw new RegistryException(
            Reason.CREDENTIALS, 0, program + " get: exit " + p.exitValue() + ": " + text, null);
      }
      JsonNode j = GoJson.parse(out);
      String user = j.path("Username").asText("");
      String secret = j.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Credentials(user, secret, user.equals("<token>")));
    } catch (IOException | JsonFormatException e) {
      throw new RegistryException(Reason.CREDENTIALS, 0, program + " get: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Reason.CREDENTIALS, 0, program + " get: interrupted", e);
    }
  }
}
