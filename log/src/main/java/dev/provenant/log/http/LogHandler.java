package dev.provenant.log.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PemFormatException;
import dev.provenant.log.AppendResult;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEntry;
import dev.provenant.log.LogException;
import dev.provenant.log.TreeHead;
import dev.provenant.log.rekor.EntryException;
import dev.provenant.log.rekor.EntryKinds;
import dev.provenant.log.rekor.RekorLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;

import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Routes of the log server. Errors are JSON {@code {"code", "message", "reason"}} with a 4xx
 * status for bad requests (nothing is written), as Rekor answers {@code {"code", "message"}}.
 */
final class LogHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v1";
  private static final int MAX_RETRIEVE = 10;

  private final RekorLog log;
  private final LogEngine engine;
  private final Executor executor;

  LogHandler(RekorLog log, Executor executor) {
    this.log = log;
    this.engine = log.engine();
    this.executor = executor;
  }

  /** A request failure with an HTTP status and a stable reason code. */
  static final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;

    HttpError(int status, String reason, String message) {
      super(message);
      this.status = status;
      this.reason = reason;
    }
  }

  @Override
  public boolean handle(Request req, Response resp, Callback cb) {
    String path = Request.getPathInContext(req);
    String method = req.getMethod();
    try {
      if (path.equals("/healthz")) {
        text(resp, cb, 200, "ok\n", "no-cache");
      } else if (path.equals(API + "/log/entries") && method.equals("POST")) {
        create(req, resp, cb);
      } else if (path.equals(API + "/log/entries") && method.equals("GET")) {
        getByIndex(req, resp, cb);
      } else if (path.equals(API + "/log/entries/retrieve") && method.equals("POST")) {
        retrieve(req, resp, cb);
      } else if (path.startsWith(API + "/log/entries/") && method.equals("GET")) {
        getByUuid(path.substring((API + "/log/entries/").length()), resp, cb);
      } else if (path.equals(API + "/index/retrieve") && method.equals("POST")) {
        searchIndex(req, resp, cb);
      } else if (path.equals(API + "/log") && method.equals("GET")) {
        json(resp, cb, 200, log.logInfo());
      } else if (path.equals(API + "/log/proof") && method.equals("GET")) {
        proof(req, resp, cb);
      } else if (path.equals(API + "/log/publicKey") && method.equals("GET")) {
        resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-pem-file");
        write(resp, cb, 200, log.key().publicKeyPem().getBytes(StandardCharsets.US_ASCII));
      } else if (path.equals("/checkpoint") && method.equals("GET")) {
        text(resp, cb, 200, engine.latest().signedCheckpoint(), "no-cache");
      } else if (path.startsWith("/tile/") && method.equals("GET")) {
        tile(path.substring("/tile/".length()), resp, cb);
      } else {
        throw new HttpError(404, "NOT_FOUND", "no route for " + method + " " + path);
      }
    } catch (HttpError e) {
      if (e.status == 413) {
        // The body was not read to its end: tell the client not to reuse this connection, or
        // its next request would meet the closed socket.
        resp.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      error(resp, cb, e.status, e.reason, e.getMessage());
    } catch (LogException e) {
      logError(resp, cb, e);
    } catch (IOException | RuntimeException e) {
      error(resp, cb, 500, "INTERNAL", "internal error: " + e.getClass().getSimpleName());
    }
    return true;
  }

  // ------------------------------------------------------------------ Rekor v1

  private void create(Request req, Response resp, Callback cb) throws HttpError, IOException {
    byte[] body = readBody(req, EntryKinds.MAX_REQUEST_BYTES);
    RekorLog.Accepted a;
    try {
      a = log.submit(body);
    } catch (EntryException e) {
      int status = e.reason() == EntryException.Reason.TOO_LARGE
          || e.reason() == EntryException.Reason.ENTRY_TOO_LARGE ? 413 : 400;
      throw new HttpError(status, e.reason().name(), e.getMessage());
    }
    byte[] entry = a.body();
    // Build the response (SET signature, proof) off the sequencer thread, on a pool sized to the
    // cores: the sequencer completes a whole batch at once, and a small pool takes those tasks
    // without waking one idle thread per entry.
    a.appended().whenCompleteAsync((r, ex) -> {
      try {
        if (ex != null) {
          Throwable c = ex instanceof CompletionException ? ex.getCause() : ex;
          if (c instanceof LogException le) {
            logError(resp, cb, le);
          } else {
            error(resp, cb, 500, "INTERNAL", "append failed");
          }
          return;
        }
        String uuid = Hex.encode(r.leafHash());
        resp.getHeaders().put(HttpHeader.LOCATION, API + "/log/entries/" + uuid);
        resp.getHeaders().put(HttpHeader.ETAG, uuid);
        if (r.duplicate()) {
          ObjectNode err = errorBody(409, "DUPLICATE",
              "An equivalent entry already exists in the transparency log with UUID " + uuid);
          json(resp, cb, 409, err);
        } else {
          json(resp, cb, 201, log.responseFor(r, entry));
        }
      } catch (LogException le) {
        logError(resp, cb, le);
      } catch (RuntimeException re) {
        error(resp, cb, 500, "INTERNAL", "internal error");
      }
    }, executor);
  }

  private void getByIndex(Request req, Response resp, Callback cb) throws HttpError, LogException {
    Fields q = Request.extractQueryParameters(req);
    long index = nonNegative(q.getValue("logIndex"), "logIndex");
    if (index >= engine.latest().size()) {
      throw new HttpError(404, "NOT_FOUND", "no entry at logIndex " + index);
    }
    json(resp, cb, 200, log.entryByIndex(index));
  }

  private void getByUuid(String uuid, Response resp, Callback cb) throws HttpError, LogException {
    OptionalLong idx = log.indexOfUuid(uuid);
    if (idx.isEmpty()) {
      if (!uuid.matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{80}")) {
        throw new HttpError(400, "MALFORMED", "entry UUID must be 64 or 80 hex characters");
      }
      throw new HttpError(404, "NOT_FOUND", "no entry with UUID " + uuid);
    }
    json(resp, cb, 200, log.entryByIndex(idx.getAsLong()));
  }

  private void retrieve(Request req, Response resp, Callback cb)
      throws HttpError, IOException, LogException {
    JsonNode q = readJson(req);
    Set<Long> indices = new LinkedHashSet<>();
    JsonNode uuids = q.get("entryUUIDs");
    JsonNode idxs = q.get("logIndexes");
    if ((uuids == null || uuids.isNull()) && (idxs == null || idxs.isNull())) {
      throw new HttpError(400, "MALFORMED", "need entryUUIDs or logIndexes");
    }
    int count = (uuids == null || !uuids.isArray() ? 0 : uuids.size())
        + (idxs == null || !idxs.isArray() ? 0 : idxs.size());
    if (count > MAX_RETRIEVE) {
      throw new HttpError(400, "TOO_MANY", "at most " + MAX_RETRIEVE + " entries per request");
    }
    if (uuids != null && !uuids.isNull()) {
      if (!uuids.isArray()) {
        throw new HttpError(400, "MALFORMED", "entryUUIDs must be an array");
      }
      for (JsonNode u : uuids) {
        if (!u.isTextual()) {
          throw new HttpError(400, "MALFORMED", "entryUUIDs must be strings");
        }
        log.indexOfUuid(u.asText()).ifPresent(indices::add);
      }
    }
    if (idxs != null && !idxs.isNull()) {
      if (!idxs.isArray()) {
        throw new HttpError(400, "MALFORMED", "logIndexes must be an array");
      }
      for (JsonNode i : idxs) {
        if (!i.canConvertToLong() || !i.isIntegralNumber() || i.asLong() < 0) {
          throw new HttpError(400, "MALFORMED", "logIndexes must be non-negative integers");
        }
        if (i.asLong() < engine.latest().size()) {
          indices.add(i.asLong());
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (long i : indices) {
      if (out.size() > 1) {
        out.write(',');
      }
      out.write(log.entryByIndex(i));
    }
    out.write(']');
    json(resp, cb, 200, out.toByteArray());
  }

  private void searchIndex(Request req, Response resp, Callback cb)
      throws HttpError, IOException, LogException {
    JsonNode q = readJson(req);
    String key;
    if (q.hasNonNull("hash")) {
      String h = q.get("hash").asText().toLowerCase(Locale.ROOT);
      if (!h.contains(":")) {
        h = "sha256:" + h;
      }
      if (!h.matches("(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})")) {
        throw new HttpError(400, "MALFORMED", "hash must be sha256:<64 hex>, sha384 or sha512");
      }
      key = h;
    } else if (q.hasNonNull("publicKey")) {
      JsonNode pk = q.get("publicKey");
      byte[] content;
      try {
        content = Base64.getDecoder().decode(pk.path("content").asText());
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, "MALFORMED", "publicKey.content must be base64");
      }
      key = Hex.encode(Sha256.hash(canonicalKeyPem(content)));
    } else if (q.hasNonNull("email")) {
      key = q.get("email").asText().toLowerCase(Locale.ROOT);
    } else {
      throw new HttpError(400, "MALFORMED", "need hash, publicKey or email");
    }
    ArrayNode out = JSON.createArrayNode();
    for (long i : engine.search(key, 1000)) {
      out.add(Hex.encode(Rfc6962.leafHash(engine.entry(i).data())));
    }
    json(resp, cb, 200, out);
  }

  private static byte[] canonicalKeyPem(byte[] content) {
    // Search keys use the canonical PEM (as EntryKinds indexes it); re-encode whatever PEM the
    // client sent, block by block.
    try {
      StringBuilder sb = new StringBuilder();
      for (Pem.Block b : Pem.decodeAll(new String(content, StandardCharsets.UTF_8))) {
        sb.append(Pem.encode(b.label(), b.der()));
      }
      return sb.toString().getBytes(StandardCharsets.US_ASCII);
    } catch (PemFormatException e) {
      return content;
    }
  }

  private void proof(Request req, Response resp, Callback cb) throws HttpError, LogException {
    Fields q = Request.extractQueryParameters(req);
    String first = q.getValue("firstSize");
    long firstSize = first == null ? 1 : nonNegative(first, "firstSize");
    long lastSize = nonNegative(q.getValue("lastSize"), "lastSize");
    long size = engine.latest().size();
    if (firstSize > lastSize || lastSize > size) {
      throw new HttpError(400, "OUT_OF_RANGE",
          "need firstSize <= lastSize <= " + size + ", got " + firstSize + ", " + lastSize);
    }
    json(resp, cb, 200, log.consistency(firstSize, lastSize));
  }

  // ------------------------------------------------------------------ tlog-tiles

  private void tile(String rest, Response resp, Callback cb) throws HttpError, IOException, LogException {
    Tiles.TileRef t = Tiles.parse(rest);
    if (t == null) {
      throw new HttpError(400, "MALFORMED", "not a tile path: /tile/" + rest);
    }
    TreeHead head = engine.latest();
    long size = head.size();
    long first = t.index() * Tiles.WIDTH;
    if (t.level() < 0) {
      if (first + t.width() > size || t.index() > Long.MAX_VALUE / Tiles.WIDTH) {
        throw new HttpError(404, "NOT_FOUND", "entry bundle beyond the tree");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (long i = first; i < first + t.width(); i++) {
        LogEntry e = engine.entry(i);
        byte[] d = e.data();
        if (d.length > EntryKinds.MAX_BODY_BYTES) {
          // Submissions through the API are capped so this cannot happen; a leaf appended to the
          // engine directly (or by an older version) can be larger and has no bundle encoding.
          throw new HttpError(422, "ENTRY_TOO_LARGE", "entry " + i + " is " + d.length
              + " bytes; tlog-tiles entry bundles encode at most " + EntryKinds.MAX_BODY_BYTES
              + " bytes per entry (fetch it with GET /api/v1/log/entries?logIndex=" + i + ")");
        }
        out.write(d.length >> 8);
        out.write(d.length);
        out.write(d);
      }
      tileResponse(resp, cb, out.toByteArray(), t.width() == Tiles.WIDTH);
      return;
    }
    int treeLevel = t.level() * Tiles.HEIGHT;
    long nodes = size >>> treeLevel;
    if (t.index() > Long.MAX_VALUE / Tiles.WIDTH || first + t.width() > nodes) {
      throw new HttpError(404, "NOT_FOUND", "tile beyond the tree");
    }
    byte[] out = new byte[t.width() * Rfc6962.HASH_SIZE];
    for (int i = 0; i < t.width(); i++) {
      byte[] h = engine.hashes().hash(treeLevel, first + i);
      System.arraycopy(h, 0, out, i * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
    }
    tileResponse(resp, cb, out, t.width() == Tiles.WIDTH);
  }

  private static void tileResponse(Response resp, Callback cb, byte[] body, boolean full) {
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    // Full tiles never change; partial tiles are replaced by wider ones as the log grows.
    resp.getHeaders().put(HttpHeader.CACHE_CONTROL,
        full ? "public, max-age=31536000, immutable" : "no-cache");
    write(resp, cb, 200, body);
  }

  // ------------------------------------------------------------------ helpers

  private static long nonNegative(String v, String name) throws HttpError {
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

  /**
   * Oversize bodies are read and discarded up to this many bytes before the 413 goes out: a
   * server that answers and closes while the client is still sending makes the kernel reset the
   * connection, and the client then loses the answer. Beyond it the connection is simply closed.
   */
  private static final long DRAIN_LIMIT = 16L << 20;

  private static byte[] readBody(Request req, int limit) throws HttpError, IOException {
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

  private static JsonNode readJson(Request req) throws HttpError, IOException {
    byte[] b = readBody(req, 64 * 1024);
    try {
      JsonNode n = JSON.readTree(b);
      if (n == null || !n.isObject()) {
        throw new HttpError(400, "MALFORMED", "request must be a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HttpError(400, "MALFORMED", "request is not valid JSON");
    }
  }

  private static ObjectNode errorBody(int status, String reason, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("code", status);
    o.put("message", message);
    o.put("reason", reason);
    return o;
  }

  private static void error(Response resp, Callback cb, int status, String reason, String message) {
    json(resp, cb, status, errorBody(status, reason, message));
  }

  private static void logError(Response resp, Callback cb, LogException e) {
    switch (e.reason()) {
      case OUT_OF_RANGE -> error(resp, cb, 400, e.reason().name(), e.getMessage());
      case TOO_LARGE -> error(resp, cb, 413, e.reason().name(), e.getMessage());
      case UNAVAILABLE -> error(resp, cb, 503, e.reason().name(), e.getMessage());
      case SIGNING -> error(resp, cb, 500, e.reason().name(), "signing failure");
      default -> error(resp, cb, 500, e.reason().name(), "storage failure");
    }
  }

  private static void json(Response resp, Callback cb, int status, JsonNode body) {
    try {
      json(resp, cb, status, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      cb.failed(e);
    }
  }

  private static void json(Response resp, Callback cb, int status, byte[] body) {
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    write(resp, cb, status, body);
  }

  private static void text(Response resp, Callback cb, int status, String body, String cache) {
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    resp.getHeaders().put(HttpHeader.CACHE_CONTROL, cache);
    write(resp, cb, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Response resp, Callback cb, int status, byte[] body) {
    resp.setStatus(status);
    resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    resp.write(true, ByteBuffer.wrap(body), cb);
  }

}
