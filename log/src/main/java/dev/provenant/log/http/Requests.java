package dev.provenant.log.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reading request bodies and query parameters, with the log's limits; failures are {@link
 * HttpError}s.
 */
final class Requests {
  /** Largest JSON body of the query endpoints (retrieve, index search). */
  static final int MAX_QUERY_BYTES = 64 * 1024;

  /**
   * Oversize bodies are read and discarded up to this many bytes before the 413 goes out: a server
   * that answers and closes while the client is still sending makes the kernel reset the
   * connection, and the client then loses the answer. Beyond it the connection is simply closed.
   */
  private static final long DRAIN_LIMIT = 16L << 20;

  private Requests() {}

  /**
   * The whole body, at most {@code limit} bytes.
   *
   * @throws HttpError 413 {@code TOO_LARGE} if the body is longer
   */
  static byte[] body(Request req, int limit) throws HttpError, IOException {
    long declared = req.getLength();
    if (declared > limit) {
      if (declared <= DRAIN_LIMIT) {
        drain(req, DRAIN_LIMIT);
      }
      throw new HttpError(413, "TOO_LARGE", "request body exceeds " + limit + " bytes");
    }
    try (InputStream in = Content.Source.asInputStream(req)) {
      byte[] b = in.readNBytes(limit + 1);
      if (b.length > limit) {
        drainStream(in, DRAIN_LIMIT - b.length);
        throw new HttpError(413, "TOO_LARGE", "request body exceeds " + limit + " bytes");
      }
      return b;
    }
  }

  /**
   * The body as a JSON object, at most {@link #MAX_QUERY_BYTES}.
   *
   * @throws HttpError 400 {@code MALFORMED} if it is not a JSON object, 413 if too large
   */
  static JsonNode jsonObject(Request req) throws HttpError, IOException {
    byte[] b = body(req, MAX_QUERY_BYTES);
    try {
      JsonNode n = Responses.JSON.readTree(b);
      if (n == null || !n.isObject()) {
        throw new HttpError(400, "MALFORMED", "request must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "MALFORMED", "request is not valid JSON");
    }
  }

  /**
   * A required query parameter holding a non-negative 64-bit integer.
   *
   * @throws HttpError 400 {@code MALFORMED} if it is missing, not decimal digits or too large
   */
  static long nonNegative(String v, String name) throws HttpError {
    if (v == null) {
      throw new HttpError(400, "MALFORMED", name + " is required");
    }
    if (!v.matches("[0-9]{1,19}")) {
      throw new HttpError(400, "MALFORMED", name + " must be a non-negative integer");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "MALFORMED", name + " is out of range");
    }
  }

  private static void drain(Request req, long max) throws IOException {
    try (InputStream in = Content.Source.asInputStream(req)) {
      drainStream(in, max);
    }
  }

  private static void drainStream(InputStream in, long max) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long total = 0;
    int n;
    while (total < max && (n = in.read(sink, 0, (int) Math.min(sink.length, max - total))) > 0) {
      total += n;
    }
  }
}
