package dev.provenant.verify.slsa.rekor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.InclusionProof;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.TlogLookup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Looks up Rekor v1 entries over its REST API (JDK HttpClient): search by proposed entries
 * ({@code POST /api/v1/log/entries/retrieve}) and by artifact digest
 * ({@code POST /api/v1/index/retrieve}, then {@code GET /api/v1/log/entries/{uuid}}). It only
 * fetches: every entry it returns must still be verified (SET, proof, checkpoint, body).
 *
 * <p>SPEC: https://github.com/sigstore/rekor/blob/main/openapi.yaml
 */
public final class RekorSearch implements TlogLookup {
  /** The public-good Rekor. */
  public static final URI PUBLIC_GOOD = URI.create("https://rekor.sigstore.dev");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  private RekorSearch(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  /** A lookup against the Rekor at {@code base} (e.g. {@code https://rekor.sigstore.dev}). */
  public static RekorSearch create(URI base) {
    return new RekorSearch(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
        .followRedirects(HttpClient.Redirect.NEVER).build());
  }

  @Override
  public String describe() {
    return base.toString();
  }

  /** The proposed intoto v0.0.1 and dsse v0.0.1 entries Rekor matches the envelope against. */
  static ObjectNode proposedEntries(byte[] envelopeJson, X509Certificate leaf) {
    String pem = Certificates.toPem(leaf);
    String pemB64 = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    String envelope = new String(envelopeJson, StandardCharsets.UTF_8);
    ObjectNode q = JSON.createObjectNode();
    ArrayNode entries = q.putArray("entries");
    ObjectNode intoto = entries.addObject();
    intoto.put("kind", "intoto");
    intoto.put("apiVersion", "0.0.1");
    ObjectNode spec = intoto.putObject("spec");
    spec.putObject("content").put("envelope", envelope);
    spec.put("publicKey", pemB64);
    ObjectNode dsse = entries.addObject();
    dsse.put("kind", "dsse");
    dsse.put("apiVersion", "0.0.1");
    ObjectNode pc = dsse.putObject("spec").putObject("proposedContent");
    pc.put("envelope", envelope);
    pc.putArray("verifiers").add(pemB64);
    return q;
  }

  @Override
  public List<TlogEntry> findByEnvelope(byte[] envelopeJson, DsseEnvelope envelope, X509Certificate leaf)
      throws VerificationException {
    JsonNode resp;
    try {
      resp = post("/api/v1/log/entries/retrieve", proposedEntries(envelopeJson, leaf));
    } catch (BadRequest e) {
      // Logs that do not search by proposed entries (this project's own) index DSSE entries by
      // payload hash, as Rekor does: find candidates there; the caller verifies each body.
      return findByIndexKey("sha256:" + Hex.encode(dev.provenant.core.digest.Sha256.hash(envelope.payload())));
    }
    List<TlogEntry> out = new ArrayList<>();
    for (JsonNode m : resp) {
      out.addAll(entries(m));
    }
    return out;
  }

  @Override
  public List<TlogEntry> findByArtifactDigest(String sha256Hex) throws VerificationException {
    return findByIndexKey("sha256:" + sha256Hex);
  }

  private List<TlogEntry> findByIndexKey(String hash) throws VerificationException {
    ObjectNode q = JSON.createObjectNode().put("hash", hash);
    JsonNode uuids;
    try {
      uuids = post("/api/v1/index/retrieve", q);
    } catch (BadRequest e) {
      throw new VerificationException("tlog.search", Reason.TLOG_ENTRY_NOT_FOUND, "the log refused the index search: "
          + e.getMessage());
    }
    List<TlogEntry> out = new ArrayList<>();
    for (JsonNode u : uuids) {
      String uuid = u.asText();
      if (!uuid.matches("[0-9a-fA-F]{64,80}")) {
        throw new VerificationException("tlog.search", Reason.TLOG_ENTRY_INVALID, "log returned a malformed UUID",
            "hex UUID", uuid);
      }
      JsonNode m = get("/api/v1/log/entries/" + uuid);
      String got = m.size() == 1 ? m.fieldNames().next() : "";
      // UUIDs may carry a 16-hex tree id prefix; the entry is identified by the last 64.
      if (!tail64(got).equalsIgnoreCase(tail64(uuid))) {
        throw new VerificationException("tlog.search", Reason.TLOG_ENTRY_INVALID, "log returned another entry", uuid,
            got.isEmpty() ? m.size() + " entries" : got);
      }
      out.addAll(entries(m));
    }
    return out;
  }

  private static String tail64(String uuid) {
    return uuid.length() > 64 ? uuid.substring(uuid.length() - 64) : uuid;
  }

  /** Converts a Rekor {@code {uuid: LogEntryAnon}} map. */
  static List<TlogEntry> entries(JsonNode m) throws VerificationException {
    List<TlogEntry> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = m.fields();
    while (it.hasNext()) {
      out.add(entry(it.next().getValue()));
    }
    return out;
  }

  /**
   * One entry as the Rekor v1 API returns it (the value under its UUID), parsed into a log entry.
   *
   * @throws VerificationException TLOG_ENTRY_INVALID when it cannot be read
   */
  public static TlogEntry entry(JsonNode e) throws VerificationException {
    try {
      byte[] body = Base64.getDecoder().decode(e.path("body").asText());
      JsonNode b = JSON.readTree(body);
      JsonNode v = e.path("verification");
      byte[] set = v.has("signedEntryTimestamp") ? Base64.getDecoder().decode(v.get("signedEntryTimestamp").asText()) : null;
      InclusionProof proof = null;
      JsonNode p = v.path("inclusionProof");
      if (p.isObject()) {
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode h : p.path("hashes")) {
          hashes.add(Hex.decode(h.asText()));
        }
        proof = new InclusionProof(p.path("logIndex").asLong(), Hex.decode(p.path("rootHash").asText()),
            p.path("treeSize").asLong(), hashes, p.path("checkpoint").asText());
      }
      return new TlogEntry(e.path("logIndex").asLong(), Hex.decode(e.path("logID").asText()), b.path("kind").asText(),
          b.path("apiVersion").asText(), e.path("integratedTime").asLong(), set, proof, body);
    } catch (IOException | IllegalArgumentException ex) {
      throw new VerificationException("tlog.search", Reason.TLOG_ENTRY_INVALID, "unreadable log entry: " + ex.getMessage());
    }
  }

  /** HTTP 400: the log does not understand the query. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String m) {
      super(m);
    }
  }

  private JsonNode post(String path, JsonNode body) throws VerificationException, BadRequest {
    try {
      return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("query does not serialize", e);
    }
  }

  private JsonNode get(String path) throws VerificationException {
    try {
      return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
          .header("Accept", "application/json").GET().build());
    } catch (BadRequest e) {
      throw new VerificationException("tlog.search", Reason.TLOG_ENTRY_INVALID, "log refused " + path);
    }
  }


  private JsonNode send(HttpRequest req) throws VerificationException, BadRequest {
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new VerificationException("tlog.search", Reason.LOG_UNREACHABLE, "cannot reach " + req.uri() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerificationException("tlog.search", Reason.LOG_UNREACHABLE, "interrupted");
    }
    if (resp.statusCode() == 404) {
      throw new VerificationException("tlog.search", Reason.TLOG_ENTRY_NOT_FOUND, "not found at " + req.uri());
    }
    if (resp.statusCode() == 400 || resp.statusCode() == 422) {
      throw new BadRequest("HTTP " + resp.statusCode() + " from " + req.uri());
    }
    if (resp.statusCode() / 100 != 2) {
      throw new VerificationException("tlog.search", Reason.LOG_UNREACHABLE, "log answered HTTP " + resp.statusCode(),
          "2xx", String.valueOf(resp.statusCode()));
    }
    try {
      return JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new VerificationException("tlog.search", Reason.TLOG_ENTRY_INVALID, "log answer is not JSON");
    }
  }
}
