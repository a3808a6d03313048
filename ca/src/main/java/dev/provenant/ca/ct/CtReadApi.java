package dev.provenant.ca.ct;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.ca.cert.Signer;
import dev.provenant.ca.server.HttpExchange;
import dev.provenant.ca.server.HttpReply;
import dev.provenant.ca.server.HttpService;
import dev.provenant.core.ct.CtStructs;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogException;
import dev.provenant.log.TreeHead;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The read side of RFC 6962 §4 for the CA's CT log, so monitors and auditors can check that every
 * SCT the CA embedded became a leaf: {@code get-sth}, {@code get-proof-by-hash}, {@code
 * get-entries} (leaf_input only: the CA keeps no signed precertificate to put in extra_data).
 */
public final class CtReadApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ENTRIES = 256;

  private final LogEngine engine;
  private final Signer key;
  private volatile ObjectNode lastSth;

  /** Serves the log in {@code engine}, signing tree heads with {@code key}. */
  public CtReadApi(LogEngine engine, Signer key) {
    this.engine = Objects.requireNonNull(engine);
    this.key = Objects.requireNonNull(key);
  }

  /** Registers {@code /ct/v1/get-sth}, {@code get-proof-by-hash}, {@code get-entries}. */
  public void register(HttpService http) {
    http.route("GET", "/ct/v1/get-sth", x -> sth())
        .route("GET", "/ct/v1/get-proof-by-hash", this::proofByHash)
        .route("GET", "/ct/v1/get-entries", this::entries);
  }

  private HttpReply sth() {
    TreeHead h = engine.latest();
    ObjectNode cached = lastSth;
    if (cached != null && cached.path("tree_size").asLong(-1) == h.size()) {
      return HttpReply.json(200, cached.toString());
    }
    try {
      byte[] sig =
          key.sign(CtStructs.treeHeadSignatureInput(h.timestampMillis(), h.size(), h.rootHash()));
      byte[] ds = CtStructs.digitallySigned(CtStructs.HASH_SHA256, CtStructs.SIG_ECDSA, sig);
      ObjectNode o = JSON.createObjectNode();
      o.put("tree_size", h.size()).put("timestamp", h.timestampMillis());
      o.put("sha256_root_hash", Base64.getEncoder().encodeToString(h.rootHash()));
      o.put("tree_head_signature", Base64.getEncoder().encodeToString(ds));
      lastSth = o;
      return HttpReply.json(200, o.toString());
    } catch (GeneralSecurityException e) {
      return HttpReply.json(500, "{\"error\":\"cannot sign the tree head\"}");
    }
  }

  private HttpReply proofByHash(HttpExchange x) {
    try {
      byte[] hash = Base64s.decodeAny(x.param("hash").orElse(""));
      long size = Long.parseLong(x.param("tree_size").orElse("-1"));
      if (hash.length != 32 || size < 1 || size > engine.latest().size()) {
        return HttpReply.json(
            400, "{\"error\":\"need hash (32 bytes, base64) and 1 <= tree_size <= current size\"}");
      }
      OptionalLong idx = engine.indexOf(hash);
      if (idx.isEmpty() || idx.getAsLong() >= size) {
        return HttpReply.json(404, "{\"error\":\"leaf hash not found in a tree of that size\"}");
      }
      List<byte[]> proof = engine.inclusionProof(idx.getAsLong(), size);
      ObjectNode o = JSON.createObjectNode();
      o.put("leaf_index", idx.getAsLong());
      ArrayNode p = o.putArray("audit_path");
      proof.forEach(b -> p.add(Base64.getEncoder().encodeToString(b)));
      return HttpReply.json(200, o.toString());
    } catch (IllegalArgumentException e) {
      return HttpReply.json(400, "{\"error\":\"bad hash or tree_size\"}");
    } catch (LogException e) {
      return HttpReply.json(500, "{\"error\":\"log storage\"}");
    }
  }

  private HttpReply entries(HttpExchange x) {
    try {
      long start = Long.parseLong(x.param("start").orElse("-1"));
      long end = Long.parseLong(x.param("end").orElse("-1"));
      long size = engine.latest().size();
      if (start < 0 || end < start || start >= size) {
        return HttpReply.json(400, "{\"error\":\"need 0 <= start <= end and start < tree size\"}");
      }
      end = Math.min(Math.min(end, size - 1), start + MAX_ENTRIES - 1);
      ObjectNode o = JSON.createObjectNode();
      ArrayNode a = o.putArray("entries");
      for (long i = start; i <= end; i++) {
        a.addObject()
            .put("leaf_input", Base64.getEncoder().encodeToString(engine.entry(i).data()))
            .put("extra_data", "");
      }
      return HttpReply.json(200, o.toString());
    } catch (NumberFormatException e) {
      return HttpReply.json(400, "{\"error\":\"start and end must be numbers\"}");
    } catch (LogException e) {
      return HttpReply.json(500, "{\"error\":\"log storage\"}");
    }
  }
}
