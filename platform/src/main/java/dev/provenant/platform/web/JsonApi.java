package dev.provenant.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answers every part of the platform API shares ({@link PlatformApi}, the rebuild API): JSON
 * bodies, the error shape {@code {"error": CODE, "message": ...}}, the admin check and path
 * segments.
 */
public final class JsonApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonApi() {}

  /** Refuses with 401 UNAUTHORIZED unless the request carries the instance's admin token. */
  public static void requireAdmin(AdminCredential admin, Request request, String why)
      throws ApiError {
    if (!admin.admits(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
      throw new ApiError(401, "UNAUTHORIZED", why);
    }
  }

  /** Answers {@code body} as pretty-printed JSON with {@code status}; true (handled). */
  public static boolean json(Response response, Callback callback, int status, JsonNode body)
      throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(
        true,
        ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body)),
        callback);
    return true;
  }

  /** Answers an error: {@code {"error": code, "message": message}} with {@code status}. */
  public static boolean error(
      Response response, Callback callback, int status, String code, String message)
      throws IOException {
    return json(response, callback, status, errorBody(code, message));
  }

  /** Answers a refusal with its status, code and message. */
  public static boolean error(Response response, Callback callback, ApiError e) throws IOException {
    return error(response, callback, e.status(), e.code(), e.getMessage());
  }

  /** The error shape: {@code {"error": code, "message": message}}. */
  public static ObjectNode errorBody(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message);
  }

  /** Answers plain UTF-8 text. */
  public static boolean text(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  /** Group {@code g} of a path pattern, percent-decoded. */
  public static String segment(Matcher m, int g) {
    return URLDecoder.decode(m.group(g), StandardCharsets.UTF_8);
  }
}
