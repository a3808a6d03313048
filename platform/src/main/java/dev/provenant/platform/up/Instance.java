package dev.provenant.platform.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code DIR/instance.json}: where a running instance answers and where its trust material lies.
 * Written by {@code provenant up}, read by the CLI's platform commands and by consumers.
 *
 * @param web the platform's base URL (API, pages, workload OIDC issuer)
 * @param git base URL of the hosted repositories ({@code {web}/git})
 * @param log the transparency log (Rekor v1 API)
 * @param ca the keyless CA (Fulcio v2 API), also the timestamp authority
 * @param oidc the workload OIDC issuer (the platform's base URL)
 * @param trustedRoot path of the instance's trusted_root.json
 * @param signingConfig path of its signing_config.json
 * @param builders path of the builders file naming this instance's builder
 * @param builderId the builder id its releases carry
 * @param adminCredential path of the admin token file (mode 0600)
 */
public record Instance(
    String web,
    String git,
    String log,
    String ca,
    String oidc,
    Path trustedRoot,
    Path signingConfig,
    Path builders,
    String builderId,
    Path adminCredential) {
  public static final String FILE = "instance.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("web", web);
    o.put("git", git);
    o.put("log", log);
    o.put("ca", ca);
    o.put("oidc", oidc);
    o.put("trustedRoot", trustedRoot.toString());
    o.put("signingConfig", signingConfig.toString());
    o.put("builders", builders.toString());
    o.put("builderId", builderId);
    o.put("adminCredential", adminCredential.toString());
    return o;
  }

  /** Writes {@code file} atomically (readers never see half a file). */
  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads an instance file; every field is required, with a message naming the missing one. */
  public static Instance read(Path file) throws IOException {
    JsonNode o;
    try {
      o = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new IOException(
          "instance file not found: " + file + " (written by `provenant up --data DIR`)");
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(file + ": malformed JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IOException(file + ": expected a JSON object");
    }
    Path dir = file.toAbsolutePath().getParent();
    return new Instance(
        req(o, "web", file),
        req(o, "git", file),
        req(o, "log", file),
        req(o, "ca", file),
        req(o, "oidc", file),
        dir.resolve(req(o, "trustedRoot", file)),
        dir.resolve(req(o, "signingConfig", file)),
        dir.resolve(req(o, "builders", file)),
        req(o, "builderId", file),
        dir.resolve(req(o, "adminCredential", file)));
  }

  private static String req(JsonNode o, String k, Path file) throws IOException {
    JsonNode v = o.get(k);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IOException(file + ": expected field " + k + ", got none");
    }
    return v.asText();
  }
}
