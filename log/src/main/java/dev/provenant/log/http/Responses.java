package dev.provenant.log.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.log.LogException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writing complete responses. Errors are JSON {@code {"code", "message", "reason"}}, as Rekor
 * answers {@code {"code", "message"}} plus a stable reason code.
 */
final class Responses {
  /** The JSON reader and writer of the HTTP layer. */
  static final ObjectMapper JSON = new ObjectMapper();

  private Responses() {}

  /** The error body for {@code status}. */
  static ObjectNode errorBody(int status, String reason, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("code", status);
    o.put("message", message);
    o.put("reason", reason);
    return o;
  }

  /** Answers with an error body. */
  static void error(Response resp, Callback cb, int status, String reason, String message) {
    json(resp, cb, status, errorBody(status, reason, message));
  }

  /**
   * Answers a failed log operation: the caller's mistakes are 4xx, an unavailable log 503, and
   * storage or signing failures 500 without their detail.
   */
  static void logError(Response resp, Callback cb, LogException e) {
    switch (e.reason()) {
      case OUT_OF_RANGE -> error(resp, cb, 400, e.reason().name(), e.getMessage());
      case TOO_LARGE -> error(resp, cb, 413, e.reason().name(), e.getMessage());
      case UNAVAILABLE -> error(resp, cb, 503, e.reason().name(), e.getMessage());
      case SIGNING -> error(resp, cb, 500, e.reason().name(), "signing failure");
      default -> error(resp, cb, 500, e.reason().name(), "storage failure");
    }
  }

  /** Answers with a JSON tree. */
  static void json(Response resp, Callback cb, int status, JsonNode body) {
    try {
      json(resp, cb, status, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      cb.failed(e);
    }
  }

  /** Answers with JSON bytes written elsewhere (stored entries, Rekor responses). */
  static void json(Response resp, Callback cb, int status, byte[] body) {
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    write(resp, cb, status, body);
  }

  /** Answers with UTF-8 text and the given {@code Cache-Control}. */
  static void text(Response resp, Callback cb, int status, String body, String cache) {
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    resp.getHeaders().put(HttpHeader.CACHE_CONTROL, cache);
    write(resp, cb, status, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers with {@code body} as it is; content headers are the caller's. */
  static void write(Response resp, Callback cb, int status, byte[] body) {
    resp.setStatus(status);
    resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    resp.write(true, ByteBuffer.wrap(body), cb);
  }
}
