package dev.provenant.platform.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** The CLI's client of the platform API ({@code provenant project ...}, {@code release ...}). */
public final class PlatformClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String web;
  private final String adminToken;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * @param adminToken the admin credential, or null for read-only use
   */
  public PlatformClient(String web, String adminToken) {
    this.web = web.endsWith("/") ? web.substring(0, web.length() - 1) : web;
    this.adminToken = adminToken;
  }

  /** A refusal or failure of the platform, with its HTTP status and error code. */
  public static final class PlatformException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    PlatformException(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  public JsonNode addProject(String name, java.util.List<String> maintainerKeys, String remote)
      throws IOException, PlatformException {
    return addProject(name, maintainerKeys, remote, null);
  }

  /**
   * Creates a project whose images the platform pushes to {@code imageRepository} ({@code
   * REGISTRY/REPO}, or null for none).
   */
  public JsonNode addProject(
      String name, java.util.List<String> maintainerKeys, String remote, String imageRepository)
      throws IOException, PlatformException {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    maintainerKeys.forEach(body.putArray("maintainers")::add);
    if (remote != null) {
      body.put("remote", remote);
    }
    if (imageRepository != null) {
      body.put("imageRepository", imageRepository);
    }
    return send("POST", "/api/v1/projects", body);
  }

  public JsonNode addMaintainer(String project, String key) throws IOException, PlatformException {
    return send(
        "POST",
        "/api/v1/projects/" + enc(project) + "/maintainers",
        JSON.createObjectNode().put("key", key));
  }

  public JsonNode removeMaintainer(String project, String fingerprint)
      throws IOException, PlatformException {
    return send(
        "DELETE", "/api/v1/projects/" + enc(project) + "/maintainers/" + enc(fingerprint), null);
  }

  /**
   * The release's SLSA assessment, computed by the platform from the stored files and its records.
   */
  public JsonNode assessment(String project, String tag) throws IOException, PlatformException {
    return send(
        "GET", "/api/v1/projects/" + enc(project) + "/releases/" + enc(tag) + "/assessment", null);
  }

  /**
   * Queues a rebuild of a released tag (admin), or gets the one already queued or running: the
   * rebuild's record ({@code RebuildRecordJson}).
   */
  public JsonNode queueRebuild(String project, String tag) throws IOException, PlatformException {
    return send("POST", rebuildsPath(project, tag), null);
  }

  /** One rebuild's record. */
  public JsonNode rebuild(String project, String tag, String id)
      throws IOException, PlatformException {
    return send("GET", rebuildsPath(project, tag) + "/" + enc(id), null);
  }

  private static String rebuildsPath(String project, String tag) {
    return "/api/v1/projects/" + enc(project) + "/releases/" + enc(tag) + "/rebuilds";
  }

  public JsonNode release(String project, String tag) throws IOException, PlatformException {
    return send("GET", "/api/v1/projects/" + enc(project) + "/releases/" + enc(tag), null);
  }

  /** Downloads {@code url} to {@code target} through a temp file (no partial file is left). */
  public void download(String url, Path target) throws IOException, PlatformException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build();
    HttpResponse<InputStream> r = call(req, HttpResponse.BodyHandlers.ofInputStream());
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new PlatformException(r.statusCode(), "DOWNLOAD", url + ": HTTP " + r.statusCode());
      }
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private JsonNode send(String method, String path, JsonNode body)
      throws IOException, PlatformException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(web + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (adminToken != null) {
      b.header("Authorization", "Bearer " + adminToken);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<byte[]> r = call(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode answer;
    try {
      answer = JSON.readTree(r.body());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new PlatformException(
          r.statusCode(),
          "MALFORMED_ANSWER",
          method + " " + path + ": HTTP " + r.statusCode() + " with a body that is not JSON");
    }
    if (r.statusCode() / 100 != 2) {
      throw new PlatformException(
          r.statusCode(),
          answer.path("error").asText("HTTP_" + r.statusCode()),
          answer.path("message").asText("HTTP " + r.statusCode()));
    }
    return answer;
  }

  private <T> HttpResponse<T> call(HttpRequest req, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.net.ConnectException e) {
      throw new IOException("platform unreachable at " + web + " (is `provenant up` running?)", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
