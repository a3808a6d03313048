package dev.provenant.log.http;

import static dev.provenant.log.http.Responses.error;
import static dev.provenant.log.http.Responses.json;
import static dev.provenant.log.http.Responses.logError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PemFormatException;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogException;
import dev.provenant.log.rekor.EntryException;
import dev.provenant.log.rekor.EntryKinds;
import dev.provenant.log.rekor.RekorLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The Rekor v1 REST endpoints under {@value #API}: submit an entry, read entries by index or UUID,
 * search the index, log info, consistency proofs and the log's public key.
 */
final class RekorV1Endpoints {
  /** Path prefix of the Rekor v1 API. */
  static final String API = "/api/v1";

  private static final int MAX_RETRIEVE = 10;

  private final RekorLog log;
  private final LogEngine engine;
  private final Executor executor;

  /**
   * @param executor builds submission responses once the sequencer has integrated the entry
   */
  RekorV1Endpoints(RekorLog log, Executor executor) {
    this.log = log;
    this.engine = log.engine();
    this.executor = executor;
  }

  /** {@code POST /api/v1/log/entries}: 201 with the entry, 409 if it is already logged. */
  void create(Request req, Response resp, Callback cb) throws HttpError, IOException {
    byte[] body = Requests.body(req, EntryKinds.MAX_REQUEST_BYTES);
    RekorLog.Accepted a;
    try {
      a = log.submit(body);
    } catch (EntryException e) {
      int status =
          e.reason() == EntryException.Reason.TOO_LARGE
                  || e.reason() == EntryException.Reason.ENTRY_TOO_LARGE
              ? 413
              : 400;
      throw new HttpError(status, e.reason().name(), e.getMessage());
    }
    byte[] entry = a.body();
    // Build the response (SET signature, proof) off the sequencer thread, on a pool sized to the
    // cores: the sequencer completes a whole batch at once, and a small pool takes those tasks
    // without waking one idle thread per entry.
    a.appended()
        .whenCompleteAsync(
            (r, ex) -> {
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
                  ObjectNode err =
                      Responses.errorBody(
                          409,
                          "DUPLICATE",
                          "An equivalent entry already exists in the transparency log with UUID "
                              + uuid);
                  json(resp, cb, 409, err);
                } else {
                  json(resp, cb, 201, log.responseFor(r, entry));
                }
              } catch (LogException le) {
                logError(resp, cb, le);
              } catch (RuntimeException re) {
                error(resp, cb, 500, "INTERNAL", "internal error");
              }
            },
            executor);
  }

  /** {@code GET /api/v1/log/entries?logIndex=N}. */
  void getByIndex(Request req, Response resp, Callback cb) throws HttpError, LogException {
    Fields q = Request.extractQueryParameters(req);
    long index = Requests.nonNegative(q.getValue("logIndex"), "logIndex");
    if (index >= engine.latest().size()) {
      throw new HttpError(404, "NOT_FOUND", "no entry at logIndex " + index);
    }
    json(resp, cb, 200, log.entryByIndex(index));
  }

  /** {@code GET /api/v1/log/entries/<uuid>}. */
  void getByUuid(String uuid, Response resp, Callback cb) throws HttpError, LogException {
    OptionalLong idx = log.indexOfUuid(uuid);
    if (idx.isEmpty()) {
      if (!uuid.matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{80}")) {
        throw new HttpError(400, "MALFORMED", "entry UUID must be 64 or 80 hex characters");
      }
      throw new HttpError(404, "NOT_FOUND", "no entry with UUID " + uuid);
    }
    json(resp, cb, 200, log.entryByIndex(idx.getAsLong()));
  }

  /** {@code POST /api/v1/log/entries/retrieve}: entries by UUIDs and/or indices. */
  void retrieve(Request req, Response resp, Callback cb)
      throws HttpError, IOException, LogException {
    JsonNode q = Requests.jsonObject(req);
    Set<Long> indices = new LinkedHashSet<>();
    JsonNode uuids = q.get("entryUUIDs");
    JsonNode idxs = q.get("logIndexes");
    if ((uuids == null || uuids.isNull()) && (idxs == null || idxs.isNull())) {
      throw new HttpError(400, "MALFORMED", "need entryUUIDs or logIndexes");
    }
    int count =
        (uuids == null || !uuids.isArray() ? 0 : uuids.size())
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

  /** {@code POST /api/v1/index/retrieve}: UUIDs of entries by artifact hash, key or email. */
  void searchIndex(Request req, Response resp, Callback cb)
      throws HttpError, IOException, LogException {
    JsonNode q = Requests.jsonObject(req);
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
    ArrayNode out = Responses.JSON.createArrayNode();
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

  /** {@code GET /api/v1/log}: tree size, root hash and signed tree head. */
  void logInfo(Response resp, Callback cb) {
    json(resp, cb, 200, log.logInfo());
  }

  /** {@code GET /api/v1/log/proof?firstSize=&lastSize=}: a consistency proof. */
  void proof(Request req, Response resp, Callback cb) throws HttpError, LogException {
    Fields q = Request.extractQueryParameters(req);
    String first = q.getValue("firstSize");
    long firstSize = first == null ? 1 : Requests.nonNegative(first, "firstSize");
    long lastSize = Requests.nonNegative(q.getValue("lastSize"), "lastSize");
    long size = engine.latest().size();
    if (firstSize > lastSize || lastSize > size) {
      throw new HttpError(
          400,
          "OUT_OF_RANGE",
          "need firstSize <= lastSize <= " + size + ", got " + firstSize + ", " + lastSize);
    }
    json(resp, cb, 200, log.consistency(firstSize, lastSize));
  }

  /** {@code GET /api/v1/log/publicKey}: the log's key as PEM. */
  void publicKey(Response resp, Callback cb) {
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-pem-file");
    Responses.write(resp, cb, 200, log.key().publicKeyPem().getBytes(StandardCharsets.US_ASCII));
  }
}
