package dev.provenant.platform.web;

import static dev.provenant.platform.web.JsonApi.error;
import static dev.provenant.platform.web.JsonApi.json;
import static dev.provenant.platform.web.JsonApi.segment;
import static dev.provenant.platform.web.JsonApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.platform.build.BuildRecord;
import dev.provenant.platform.build.BuildRecordJson;
import dev.provenant.platform.build.BuildStatus;
import dev.provenant.platform.build.BuildStore;
import dev.provenant.platform.release.ReleaseFile;
import dev.provenant.platform.release.ReleaseImage;
import dev.provenant.platform.release.ReleaseManifest;
import dev.provenant.platform.release.ReleaseStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The platform's JSON API and file downloads:
 *
 * <pre>
 * GET    /healthz
 * GET    /api/v1/projects                              list
 * POST   /api/v1/projects                              {name, maintainers: [key text], remote?,
 *                                                        imageRepository?}                          admin
 * GET    /api/v1/projects/NAME                         project, maintainers' fingerprints, builds
 * POST   /api/v1/projects/NAME/maintainers             {key}                                      admin
 * DELETE /api/v1/projects/NAME/maintainers/FINGERPRINT                                            admin
 * GET    /api/v1/projects/NAME/releases/TAG            status, reason, files, provenance, sbom,
 *                                                        images (by digest, with their provenance)
 * GET    /api/v1/projects/NAME/builds                  every trigger: builds and refusals
 * GET    /releases/NAME/TAG/FILE                       a released file
 * </pre>
 */
public final class PlatformApi extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 256 * 1024;
  private static final Pattern PROJECT = Pattern.compile("/api/v1/projects/([^/]+)");
  private static final Pattern MAINTAINERS =
      Pattern.compile("/api/v1/projects/([^/]+)/maintainers");
  private static final Pattern MAINTAINER =
      Pattern.compile("/api/v1/projects/([^/]+)/maintainers/([^/]+)");
  private static final Pattern RELEASE =
      Pattern.compile("/api/v1/projects/([^/]+)/releases/([^/]+)");
  private static final Pattern BUILDS = Pattern.compile("/api/v1/projects/([^/]+)/builds");
  private static final Pattern FILE = Pattern.compile("/releases/([^/]+)/([^/]+)/([^/]+)");

  private final String baseUrl;
  private final ProjectDirectory projects;
  private final BuildStore builds;
  private final ReleaseStore releases;
  private final AdminCredential admin;

  /**
   * @param baseUrl the platform's public base URL ({@code {web}}), for download links
   */
  public PlatformApi(
      String baseUrl,
      ProjectDirectory projects,
      BuildStore builds,
      ReleaseStore releases,
      AdminCredential admin) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.projects = projects;
    this.builds = builds;
    this.releases = releases;
    this.admin = admin;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    try {
      if (path.equals("/healthz")) {
        return text(response, callback, 200, "ok\n");
      }
      Matcher m;
      if ((m = FILE.matcher(path)).matches() && method.equals("GET")) {
        return download(response, callback, segment(m, 1), segment(m, 2), segment(m, 3));
      }
      if (!path.startsWith("/api/v1/")) {
        return false;
      }
      JsonNode answer;
      int status = 200;
      if (path.equals("/api/v1/projects") && method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        for (ProjectDirectory.ProjectInfo p : projects.list()) {
          a.add(project(p));
        }
        answer = JSON.createObjectNode().set("projects", a);
      } else if (path.equals("/api/v1/projects") && method.equals("POST")) {
        requireAdmin(request);
        JsonNode body = body(request);
        List<String> keys = new ArrayList<>();
        for (JsonNode k : body.path("maintainers")) {
          keys.add(k.asText());
        }
        ProjectDirectory.Created c =
            projects.add(
                requiredText(body, "name"),
                keys,
                body.hasNonNull("remote") ? body.get("remote").asText() : null,
                body.hasNonNull("imageRepository") ? requiredText(body, "imageRepository") : null);
        ObjectNode o = project(c.project());
        o.put("pushUrl", c.pushUrl());
        answer = o;
        status = 201;
      } else if ((m = MAINTAINER.matcher(path)).matches() && method.equals("DELETE")) {
        requireAdmin(request);
        answer = project(projects.removeMaintainer(segment(m, 1), segment(m, 2)));
      } else if ((m = MAINTAINERS.matcher(path)).matches() && method.equals("POST")) {
        requireAdmin(request);
        answer = project(projects.addMaintainer(segment(m, 1), requiredText(body(request), "key")));
      } else if ((m = RELEASE.matcher(path)).matches() && method.equals("GET")) {
        answer = release(segment(m, 1), segment(m, 2));
      } else if ((m = BUILDS.matcher(path)).matches() && method.equals("GET")) {
        ArrayNode a = JSON.createArrayNode();
        for (BuildRecord r : builds.forProject(requireProject(segment(m, 1)).name())) {
          a.add(BuildRecordJson.toJson(r));
        }
        answer = JSON.createObjectNode().set("builds", a);
      } else if ((m = PROJECT.matcher(path)).matches() && method.equals("GET")) {
        answer = project(requireProject(segment(m, 1)));
      } else {
        throw new ApiError(405, "NO_ROUTE", method + " " + path + " is not part of the API");
      }
      return json(response, callback, status, answer);
    } catch (ApiError e) {
      return error(response, callback, e);
    } catch (IOException e) {
      return error(response, callback, 500, "STORAGE", e.getMessage());
    }
  }

  private ProjectDirectory.ProjectInfo requireProject(String name) throws ApiError, IOException {
    return projects.find(name).orElseThrow(() -> ApiError.notFound("no project " + name));
  }

  private ObjectNode release(String project, String tag) throws ApiError, IOException {
    requireProject(project);
    Optional<BuildRecord> r = builds.latest(project, tag);
    Optional<ReleaseManifest> published = releases.find(project, tag);
    if (r.isEmpty() && published.isEmpty()) {
      throw ApiError.notFound("no trigger of " + project + " " + tag);
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("project", project);
    o.put("tag", tag);
    BuildStatus status = published.isPresent() ? BuildStatus.RELEASED : r.get().status();
    if (status == BuildStatus.RELEASED && published.isEmpty()) {
      status = BuildStatus.BUILDING; // marked released, files a rename away: not yet visible
    }
    o.put("status", status.apiName());
    if (published.isPresent()) {
      ReleaseManifest mf = published.get();
      o.putNull("reason");
      o.put("buildId", mf.buildId());
      o.put("commit", mf.commit());
      o.put("publishedAt", mf.publishedAt().toString());
      ArrayNode files = o.putArray("files");
      for (ReleaseFile f : mf.files()) {
        files
            .addObject()
            .put("name", f.name())
            .put("sha256", f.sha256())
            .put("size", f.size())
            .put("url", fileUrl(project, tag, f.name()));
      }
      o.put("provenance", fileUrl(project, tag, mf.provenance()));
      o.put("sbom", fileUrl(project, tag, mf.sbom()));
      o.put("checksums", fileUrl(project, tag, mf.checksums()));
      if (!mf.images().isEmpty()) {
        ArrayNode imgs = o.putArray("images");
        for (ReleaseImage i : mf.images()) {
          ObjectNode io = imgs.addObject();
          io.put("reference", i.reference())
              .put("repository", i.repository())
              .put("digest", i.digest())
              .put("mediaType", i.mediaType());
          i.platforms().forEach(io.putArray("platforms")::add);
          io.put("provenance", fileUrl(project, tag, i.provenance()));
        }
      }
    } else {
      BuildRecord b = r.get();
      if (b.reason() == null) {
        o.putNull("reason");
      } else {
        o.put("reason", b.reason());
      }
      o.put("buildId", b.id());
      if (b.commit() != null) {
        o.put("commit", b.commit());
      }
    }
    r.ifPresent(b -> o.set("build", BuildRecordJson.toJson(b)));
    return o;
  }

  private String fileUrl(String project, String tag, String name) {
    return baseUrl + "/releases/" + project + "/" + tag + "/" + name;
  }

  private ObjectNode project(ProjectDirectory.ProjectInfo p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", p.name());
    o.put("id", p.id());
    o.put("sourceUri", p.sourceUri());
    ArrayNode ms = o.putArray("maintainers");
    for (ProjectDirectory.MaintainerInfo mt : p.maintainers()) {
      ms.addObject().put("kind", mt.kind()).put("fingerprint", mt.fingerprint());
    }
    if (p.watchedRemote() != null) {
      o.put("watchedRemote", p.watchedRemote());
    }
    if (p.imageRepository() != null) {
      o.put("imageRepository", p.imageRepository());
    }
    return o;
  }

  private boolean download(
      Response response, Callback callback, String project, String tag, String name)
      throws IOException {
    Optional<Path> f;
    try {
      f = releases.file(project, tag, name);
    } catch (IllegalArgumentException e) {
      f = Optional.empty();
    }
    if (f.isEmpty() || !Files.isRegularFile(f.get())) {
      return error(
          response,
          callback,
          404,
          "NOT_FOUND",
          "no released file " + project + "/" + tag + "/" + name);
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(f.get()));
    try (InputStream in = Files.newInputStream(f.get());
        OutputStream out = Content.Sink.asOutputStream(response)) {
      in.transferTo(out);
    }
    callback.succeeded();
    return true;
  }

  private void requireAdmin(Request request) throws ApiError {
    JsonApi.requireAdmin(
        admin, request, "project and maintainer changes need the instance's admin credential");
  }

  private static JsonNode body(Request request) throws ApiError, IOException {
    byte[] b;
    try (InputStream in = Content.Source.asInputStream(request)) {
      b = in.readNBytes(MAX_BODY + 1);
    }
    if (b.length > MAX_BODY) {
      throw new ApiError(413, "TOO_LARGE", "request body over " + MAX_BODY + " bytes");
    }
    try {
      JsonNode n = JSON.readTree(b);
      if (n == null || !n.isObject()) {
        throw ApiError.badRequest("expected a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
    }
  }

  private static String requiredText(JsonNode body, String field) throws ApiError {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiError.badRequest("expected a string field " + field);
    }
    return v.asText();
  }
}
