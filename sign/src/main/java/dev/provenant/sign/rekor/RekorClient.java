package dev.provenant.sign.rekor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.x509.Certificates;
import dev.provenant.sign.PemBodies;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.http.HttpTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Rekor v1 REST client: proposes {@code hashedrekord} and {@code dsse} (0.0.1) entries and reads
 * the log's public key. Any Rekor v1 server works: Provenant's log or another instance.
 *
 * <p>SPEC: https://github.com/sigstore/rekor/blob/main/openapi.yaml ({@code createLogEntry}, {@code
 * getPublicKey}).
 */
public final class RekorClient {
  private static final String SERVICE = "rekor";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpTransport http;

  private RekorClient(String baseUrl, HttpTransport http) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = Objects.requireNonNull(http, "http");
  }

  /** A client for the log at {@code baseUrl} over the process-wide transport. */
  public static RekorClient create(String baseUrl) {
    return new RekorClient(baseUrl, HttpTransport.defaults());
  }

  /** A client for the log at {@code baseUrl} over {@code http}. */
  public static RekorClient create(String baseUrl, HttpTransport http) {
    return new RekorClient(baseUrl, http);
  }

  /**
   * Logs a {@code hashedrekord} 0.0.1 entry: a signature over an artifact's SHA-256 by the key of
   * {@code cert}.
   *
   * @throws ServiceException if the log refuses, is unreachable, or answers with no entry
   */
  public RekorEntry hashedRekord(byte[] sha256, byte[] signature, X509Certificate cert)
      throws ServiceException {
    ObjectNode e = JSON.createObjectNode();
    e.put("apiVersion", "0.0.1").put("kind", "hashedrekord");
    ObjectNode spec = e.putObject("spec");
    ObjectNode sig = spec.putObject("signature");
    sig.put("content", Base64.getEncoder().encodeToString(signature));
    sig.putObject("publicKey").put("content", pemB64(cert));
    spec.putObject("data")
        .putObject("hash")
        .put("algorithm", "sha256")
        .put("value", Hex.encode(sha256));
    return propose(e);
  }

  /**
   * Logs a {@code dsse} 0.0.1 entry for {@code envelopeJson}, verifiable by {@code cert}.
   *
   * @throws ServiceException if the log refuses, is unreachable, or answers with no entry
   */
  public RekorEntry dsse(String envelopeJson, X509Certificate cert) throws ServiceException {
    ObjectNode e = JSON.createObjectNode();
    e.put("apiVersion", "0.0.1").put("kind", "dsse");
    ObjectNode pc = e.putObject("spec").putObject("proposedContent");
    pc.put("envelope", envelopeJson);
    pc.putArray("verifiers").add(pemB64(cert));
    return propose(e);
  }

  /**
   * The log's public key, DER SubjectPublicKeyInfo ({@code GET /api/v1/log/publicKey}).
   *
   * @throws ServiceException if unreachable or not PEM
   */
  public byte[] publicKey() throws ServiceException {
    byte[] body =
        http.get(
            SERVICE,
            HttpTransport.uri(SERVICE, baseUrl + "/api/v1/log/publicKey"),
            "application/x-pem-file");
    return PemBodies.publicKey(SERVICE, body);
  }

  private RekorEntry propose(ObjectNode proposed) throws ServiceException {
    // Not idempotent: a lost response to a first POST that was integrated makes a retry answer 409.
    byte[] body =
        http.post(
            SERVICE,
            HttpTransport.uri(SERVICE, baseUrl + "/api/v1/log/entries"),
            "application/json",
            proposed.toString().getBytes(StandardCharsets.UTF_8),
            false);
    try {
      JsonNode r = JSON.readTree(body);
      Iterator<Map.Entry<String, JsonNode>> it = r.fields();
      if (!it.hasNext()) {
        throw new IOException("no entry in response");
      }
      Map.Entry<String, JsonNode> first = it.next();
      JsonNode entry = first.getValue();
      JsonNode decoded = JSON.readTree(Base64.getDecoder().decode(entry.path("body").asText()));
      String kind = decoded.path("kind").asText("");
      String version = decoded.path("apiVersion").asText("");
      if (kind.isEmpty()
          || version.isEmpty()
          || !entry.has("logIndex")
          || !entry.has("integratedTime")) {
        throw new IOException("entry lacks kind, apiVersion, logIndex or integratedTime");
      }
      return new RekorEntry(first.getKey(), entry, kind, version);
    } catch (IOException | IllegalArgumentException e) {
      throw new ServiceException(SERVICE, 201, "unexpected entry response: " + e.getMessage(), e);
    }
  }

  private static String pemB64(X509Certificate cert) {
    return Base64.getEncoder()
        .encodeToString(Certificates.toPem(cert).getBytes(StandardCharsets.UTF_8));
  }
}
