package dev.provenant.sign.rekor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.InclusionProof;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.x509.Certificates;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.sign.rekor.RekorSearchException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Looks up Rekor v1 entries over its REST API (through {@link HttpTransport}): search by proposed
 * entries ({@code POST /api/v1/log/entries/retrieve}) and by artifact digest ({@code POST
 * /api/v1/index/retrieve}, then {@code GET /api/v1/log/entries/{uuid}}). It only fetches: every
 * entry it returns must still be verified (SET, proof, checkpoint, body).
 *
 * <p>SPEC: https://github.com/sigstore/rekor/blob/main/openapi.yaml
 */
public final class RekorSearch {
  /** The public-good Rekor. */
  public static final URI PUBLIC_GOOD = URI.create("https://rekor.sigstore.dev");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SERVICE = "rekor";

  private final URI base;
  private final HttpTransport http;

  private RekorSearch(URI base, HttpTransport http) {
    this.base = java.util.Objects.requireNonNull(base, "base");
    this.http = java.util.Objects.requireNonNull(http, "http");
  }

  /** A lookup against the Rekor at {@code base} (e.g. {@code https://rekor.sigstore.dev}). */
  public static RekorSearch create(URI base) {
    return new RekorSearch(base, HttpTransport.defaults());
  }

  /** A lookup against the Rekor at {@code base} over {@code http}. */
  public static RekorSearch create(URI base, HttpTransport http) {
    return new RekorSearch(base, http);
  }

  /** Where entries are looked up, for messages. */
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

  /**
   * The entries that log this envelope signed by this certificate (search by proposed intoto v0.0.1
   * and dsse v0.0.1 entries; a log that does not run that search is asked by payload hash).
   *
   * @param envelopeJson the envelope exactly as published
   * @throws RekorSearchException if nothing matches or the answer is malformed
   * @throws ServiceException if the log is unreachable or answers an error status
   */
  public List<TlogEntry> findByEnvelope(
      byte[] envelopeJson, DsseEnvelope envelope, X509Certificate leaf) throws ServiceException {
    JsonNode resp;
    try {
      resp = post("/api/v1/log/entries/retrieve", proposedEntries(envelopeJson, leaf));
    } catch (BadRequest e) {
      // Logs that do not search by proposed entries (this project's own) index DSSE entries by
      // payload hash, as Rekor does: find candidates there; the caller verifies each body.
      return findByIndexKey(
          "sha256:" + Hex.encode(dev.provenant.core.digest.Sha256.hash(envelope.payload())));
    }
    List<TlogEntry> out = new ArrayList<>();
    for (JsonNode m : resp) {
      out.addAll(entries(m));
    }
    return out;
  }

  /**
   * The entries whose index lists this artifact digest.
   *
   * @throws RekorSearchException if nothing matches or the answer is malformed
   * @throws ServiceException if the log is unreachable or answers an error status
   */
  public List<TlogEntry> findByArtifactDigest(String sha256Hex) throws ServiceException {
    return findByIndexKey("sha256:" + sha256Hex);
  }

  private List<TlogEntry> findByIndexKey(String hash) throws ServiceException {
    ObjectNode q = JSON.createObjectNode().put("hash", hash);
    JsonNode uuids;
    try {
      uuids = post("/api/v1/index/retrieve", q);
    } catch (BadRequest e) {
      throw new RekorSearchException(
          Reason.NOT_FOUND, e.status, "the log refused the index search: " + e.getMessage());
    }
    List<TlogEntry> out = new ArrayList<>();
    for (JsonNode u : uuids) {
      String uuid = u.asText();
      if (!uuid.matches("[0-9a-fA-F]{64,80}")) {
        throw new RekorSearchException(
            Reason.INVALID_ANSWER, 200, "expected a hex UUID, got " + uuid);
      }
      JsonNode m = get("/api/v1/log/entries/" + uuid);
      String got = m.size() == 1 ? m.fieldNames().next() : "";
      // UUIDs may carry a 16-hex tree id prefix; the entry is identified by the last 64.
      if (!tail64(got).equalsIgnoreCase(tail64(uuid))) {
        throw new RekorSearchException(
            Reason.INVALID_ANSWER,
            200,
            "log returned another entry: expected "
                + uuid
                + ", got "
                + (got.isEmpty() ? m.size() + " entries" : got));
      }
      out.addAll(entries(m));
    }
    return out;
  }

  private static String tail64(String uuid) {
    return uuid.length() > 64 ? uuid.substring(uuid.length() - 64) : uuid;
  }

  /** Converts a Rekor {@code {uuid: LogEntryAnon}} map. */
  static List<TlogEntry> entries(JsonNode m) throws RekorSearchException {
    List<TlogEntry> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = m.fields();
    while (it.hasNext()) {
      out.add(entry(it.next().getValue()));
    }
    return out;
  }

  /**
   * One entry as the Rekor v1 API returns it (the value under its UUID), parsed into a log entry.
   */
  public static TlogEntry entry(JsonNode e) throws RekorSearchException {
    try {
      byte[] body = Base64.getDecoder().decode(e.path("body").asText());
      JsonNode b = JSON.readTree(body);
      JsonNode v = e.path("verification");
      byte[] set =
          v.has("signedEntryTimestamp")
              ? Base64.getDecoder().decode(v.get("signedEntryTimestamp").asText())
              : null;
      InclusionProof proof = null;
      JsonNode p = v.path("inclusionProof");
      if (p.isObject()) {
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode h : p.path("hashes")) {
          hashes.add(Hex.decode(h.asText()));
        }
        proof =
            new InclusionProof(
                p.path("logIndex").asLong(),
                Hex.decode(p.path("rootHash").asText()),
                p.path("treeSize").asLong(),
                hashes,
                p.path("checkpoint").asText());
      }
      return new TlogEntry(
          e.path("logIndex").asLong(),
          Hex.decode(e.path("logID").asText()),
          b.path("kind").asText(),
          b.path("apiVersion").asText(),
          e.path("integratedTime").asLong(),
          set,
          proof,
          body);
    } catch (IOException | IllegalArgumentException ex) {
      throw new RekorSearchException(
          Reason.INVALID_ANSWER, 200, "unreadable log entry: " + ex.getMessage());
    }
  }

  /** HTTP 400 or 422: the log does not understand the query. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String m) {
      super(m);
      this.status = status;
    }
  }

  private JsonNode post(String path, JsonNode body) throws ServiceException, BadRequest {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("query does not serialize", e);
    }
    // Searches are reads: safe to retry.
    return send(HttpTransport.Call.post(base.resolve(path), "application/json", json, true));
  }

  private JsonNode get(String path) throws ServiceException {
    try {
      return send(HttpTransport.Call.get(base.resolve(path), "application/json"));
    } catch (BadRequest e) {
      throw new RekorSearchException(Reason.INVALID_ANSWER, e.status, "log refused " + path);
    }
  }

  private JsonNode send(HttpTransport.Call call) throws ServiceException, BadRequest {
    HttpTransport.Reply r = http.exchange(SERVICE, call);
    if (r.status() == 404) {
      throw new RekorSearchException(Reason.NOT_FOUND, 404, "not found at " + r.uri());
    }
    if (r.status() == 400 || r.status() == 422) {
      throw new BadRequest(r.status(), "HTTP " + r.status() + " from " + r.uri());
    }
    HttpTransport.requireOk(SERVICE, r);
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new RekorSearchException(Reason.INVALID_ANSWER, r.status(), "log answer is not JSON");
    }
  }
}
