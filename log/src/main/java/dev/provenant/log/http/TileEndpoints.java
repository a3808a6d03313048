package dev.provenant.log.http;

import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEntry;
import dev.provenant.log.LogException;
import dev.provenant.log.TreeHead;
import dev.provenant.log.rekor.EntryKinds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The C2SP tlog-tiles read API: {@code /checkpoint}, hash tiles {@code /tile/<L>/<N>[.p/<W>]} and
 * entry bundles {@code /tile/entries/<N>[.p/<W>]}, served from the engine's latest tree head.
 */
final class TileEndpoints {
  private final LogEngine engine;

  TileEndpoints(LogEngine engine) {
    this.engine = engine;
  }

  /** {@code GET /checkpoint}: the latest signed checkpoint note. */
  void checkpoint(Response resp, Callback cb) {
    Responses.text(resp, cb, 200, engine.latest().signedCheckpoint(), "no-cache");
  }

  /**
   * {@code GET /tile/<rest>}.
   *
   * @throws HttpError 400 for a path that is no tile, 404 for a tile beyond the tree, 422 for an
   *     entry bundle holding an entry too large for its 16-bit length prefix
   * @throws IOException if a tree hash cannot be read
   */
  void tile(String rest, Response resp, Callback cb) throws HttpError, IOException, LogException {
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
          throw new HttpError(
              422,
              "ENTRY_TOO_LARGE",
              "entry "
                  + i
                  + " is "
                  + d.length
                  + " bytes; tlog-tiles entry bundles encode at most "
                  + EntryKinds.MAX_BODY_BYTES
                  + " bytes per entry (fetch it with GET /api/v1/log/entries?logIndex="
                  + i
                  + ")");
        }
        out.write(d.length >> 8);
        out.write(d.length);
        out.write(d, 0, d.length);
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
    resp.getHeaders()
        .put(HttpHeader.CACHE_CONTROL, full ? "public, max-age=31536000, immutable" : "no-cache");
    Responses.write(resp, cb, 200, body);
  }
}
