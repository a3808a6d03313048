package dev.provenant.log.http;

import static dev.provenant.log.http.RekorV1Endpoints.API;

import dev.provenant.log.LogException;
import dev.provenant.log.rekor.RekorLog;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes of the log server: the Rekor v1 API ({@link RekorV1Endpoints}), the tlog-tiles read API
 * ({@link TileEndpoints}) and a health check. Failures become JSON error bodies ({@link Responses})
 * with a 4xx status for bad requests (nothing is written).
 */
final class LogHandler extends Handler.Abstract {
  private final RekorV1Endpoints rekor;
  private final TileEndpoints tiles;

  LogHandler(RekorLog log, Executor executor) {
    this.rekor = new RekorV1Endpoints(log, executor);
    this.tiles = new TileEndpoints(log.engine());
  }

  @Override
  public boolean handle(Request req, Response resp, Callback cb) {
    String path = Request.getPathInContext(req);
    String method = req.getMethod();
    try {
      if (path.equals("/healthz")) {
        Responses.text(resp, cb, 200, "ok\n", "no-cache");
      } else if (path.equals(API + "/log/entries") && method.equals("POST")) {
        rekor.create(req, resp, cb);
      } else if (path.equals(API + "/log/entries") && method.equals("GET")) {
        rekor.getByIndex(req, resp, cb);
      } else if (path.equals(API + "/log/entries/retrieve") && method.equals("POST")) {
        rekor.retrieve(req, resp, cb);
      } else if (path.startsWith(API + "/log/entries/") && method.equals("GET")) {
        rekor.getByUuid(path.substring((API + "/log/entries/").length()), resp, cb);
      } else if (path.equals(API + "/index/retrieve") && method.equals("POST")) {
        rekor.searchIndex(req, resp, cb);
      } else if (path.equals(API + "/log") && method.equals("GET")) {
        rekor.logInfo(resp, cb);
      } else if (path.equals(API + "/log/proof") && method.equals("GET")) {
        rekor.proof(req, resp, cb);
      } else if (path.equals(API + "/log/publicKey") && method.equals("GET")) {
        rekor.publicKey(resp, cb);
      } else if (path.equals("/checkpoint") && method.equals("GET")) {
        tiles.checkpoint(resp, cb);
      } else if (path.startsWith("/tile/") && method.equals("GET")) {
        tiles.tile(path.substring("/tile/".length()), resp, cb);
      } else {
        throw new HttpError(404, "NOT_FOUND", "no route for " + method + " " + path);
      }
    } catch (HttpError e) {
      if (e.status == 413) {
        // The body was not read to its end: tell the client not to reuse this connection, or
        // its next request would meet the closed socket.
        resp.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      Responses.error(resp, cb, e.status, e.reason, e.getMessage());
    } catch (LogException e) {
      Responses.logError(resp, cb, e);
    } catch (IOException | RuntimeException e) {
      Responses.error(resp, cb, 500, "INTERNAL", "internal error: " + e.getClass().getSimpleName());
    }
    return true;
  }
}
