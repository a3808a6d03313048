package dev.provenant.platform.rebuild;

import static dev.provenant.platform.web.JsonApi.error;
import static dev.provenant.platform.web.JsonApi.json;
import static dev.provenant.platform.web.JsonApi.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.build.RebuildRecordJson;
import dev.provenant.platform.web.AdminCredential;
import dev.provenant.platform.web.ApiError;
import dev.provenant.platform.web.JsonApi;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The rebuild part of the platform API (same error shape as the rest: {@code {"error": CODE,
 * "message": ...}}):
 *
 * <pre>
 * POST /api/v1/projects/NAME/releases/TAG/rebuilds       queue a rebuild, or get the one in progress (202)   admin
 * GET  /api/v1/projects/NAME/releases/TAG/rebuilds       {"rebuilds": [...]}, newest first
 * GET  /api/v1/projects/NAME/releases/TAG/rebuilds/ID    one rebuild ({@link RebuildRecordJson})
 * GET  /api/v1/projects/NAME/releases/TAG/rebuilds/ID/log the rebuild's build log (text)
 * </pre>
 *
 * Refusals: 401 UNAUTHORIZED (no or wrong admin token), 404 UNKNOWN_PROJECT / UNKNOWN_TAG /
 * UNKNOWN_REBUILD, 409 NOT_RELEASED / TAG_MOVED.
 */
public final class RebuildApi extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REBUILDS =
      Pattern.compile("/api/v1/projects/([^/]+)/releases/([^/]+)/rebuilds/?");
  private static final Pattern REBUILD =
      Pattern.compile("/api/v1/projects/([^/]+)/releases/([^/]+)/rebuilds/([^/]+)");
  private static final Pattern REBUILD_LOG =
      Pattern.compile("/api/v1/projects/([^/]+)/releases/([^/]+)/rebuilds/([^/]+)/log");

  private final RebuildRequests requests;
  private final AdminCredential admin;
  private final Function<String, Path> logs;

  /**
   * @param logs where the log of a rebuild (by id) is ({@link Rebuilder#logOf})
   */
  public RebuildApi(RebuildRequests requests, AdminCredential admin, Function<String, Path> logs) {
    this.requests = requests;
    this.admin = admin;
    this.logs = logs;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    Matcher m;
    try {
      if ((m = REBUILDS.matcher(path)).matches()) {
        String project = segment(m, 1);
        String tag = segment(m, 2);
        if (method.equals("POST")) {
          JsonApi.requireAdmin(
              admin, request, "queueing a rebuild needs the instance's admin credential");
          RebuildRecord r = requests.queue(project, tag);
          response.getHeaders().put(HttpHeader.LOCATION, path.replaceAll("/$", "") + "/" + r.id());
          return json(response, callback, 202, RebuildRecordJson.toJson(r));
        }
        if (method.equals("GET")) {
          ArrayNode a = JSON.createArrayNode();
          for (RebuildRecord r : requests.list(project, tag)) {
            a.add(RebuildRecordJson.toJson(r));
          }
          return json(response, callback, 200, JSON.createObjectNode().set("rebuilds", a));
        }
        return error(response, callback, 405, "NO_ROUTE", method + " " + path + " is not allowed");
      }
      if ((m = REBUILD_LOG.matcher(path)).matches() && method.equals("GET")) {
        // Found in the store first: the id names a file only once the store knows it.
        RebuildRecord r = requests.find(segment(m, 1), segment(m, 2), segment(m, 3));
        Path log = logs.apply(r.id());
        byte[] text = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(text), callback);
        return true;
      }
      if ((m = REBUILD.matcher(path)).matches()) {
        if (!method.equals("GET")) {
          return error(
              response, callback, 405, "NO_ROUTE", method + " " + path + " is not allowed");
        }
        return json(
            response,
            callback,
            200,
            RebuildRecordJson.toJson(requests.find(segment(m, 1), segment(m, 2), segment(m, 3))));
      }
      return false;
    } catch (ApiError e) {
      return error(response, callback, e);
    } catch (RebuildRefusedException e) {
      return error(response, callback, e.reason().httpStatus(), e.reason().name(), e.getMessage());
    } catch (IOException e) {
      return error(response, callback, 500, "STORAGE", e.getMessage());
    }
  }
}
