package dev.provenant.ca.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.ca.cert.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Fulcio v2 REST client: {@code POST /api/v2/signingCert}, {@code GET /api/v2/trustBundle}. */
public final class FulcioClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;

  /** A client for the CA at {@code baseUrl}. */
  public FulcioClient(String baseUrl) {
    this.baseUrl = Http.trimSlash(baseUrl);
  }

  /**
   * Requests a certificate for {@code key}, proving possession with {@code proof} (a signature
   * over the token's subject or email).
   *
   * @return the chain, leaf first
   * @throws ServiceException if the CA refuses or returns something other than a chain
   */
  public List<X509Certificate> signingCert(String token, PublicKey key, byte[] proof) throws ServiceException {
    ObjectNode req = JSON.createObjectNode();
    req.putObject("credentials").put("oidcIdentityToken", token);
    ObjectNode pkr = req.putObject("publicKeyRequest");
    pkr.putObject("publicKey").put("algorithm", key.getAlgorithm().equals("EC") ? "ECDSA" : key.getAlgorithm())
        .put("content", Pem.encode("PUBLIC KEY", key.getEncoded()));
    pkr.put("proofOfPossession", Base64.getEncoder().encodeToString(proof));
    byte[] body =
        Http.post("fulcio", baseUrl + "/api/v2/signingCert", "application/json", req.toString().getBytes(StandardCharsets.UTF_8));
    try {
      JsonNode r = JSON.readTree(body);
      JsonNode sc = r.has("signedCertificateEmbeddedSct") ? r.get("signedCertificateEmbeddedSct") : r.path("signedCertificateDetachedSct");
      List<X509Certificate> out = new ArrayList<>();
      for (JsonNode c : sc.path("chain").path("certificates")) {
        out.addAll(Pem.certificates(c.asText()));
      }
      if (out.isEmpty()) {
        throw new IOException("response has no certificate chain");
      }
      return out;
    } catch (IOException e) {
      throw new ServiceException("fulcio", 200, "unexpected signingCert response: " + e.getMessage(), e);
    }
  }

  /**
   * The CA's chains ({@code GET /api/v2/trustBundle}), each intermediate(s) then root.
   *
   * @throws ServiceException if unreachable or malformed
   */
  public List<List<X509Certificate>> trustBundle() throws ServiceException {
    byte[] body = Http.get("fulcio", baseUrl + "/api/v2/trustBundle", "application/json");
    try {
      List<List<X509Certificate>> out = new ArrayList<>();
      for (JsonNode chain : JSON.readTree(body).path("chains")) {
        List<X509Certificate> certs = new ArrayList<>();
        for (JsonNode c : chain.path("certificates")) {
          certs.addAll(Pem.certificates(c.asText()));
        }
        out.add(certs);
      }
      if (out.isEmpty()) {
        throw new IOException("no chains");
      }
      return out;
    } catch (IOException e) {
      throw new ServiceException("fulcio", 200, "unexpected trustBundle response: " + e.getMessage(), e);
    }
  }

  /**
   * The CT log public key this CA embeds SCTs from ({@code GET /api/v1/ctlog/publicKey}, a
   * Provenant extension).
   *
   * @throws ServiceException if unreachable or malformed
   */
  public byte[] ctLogPublicKey() throws ServiceException {
    byte[] body = Http.get("fulcio", baseUrl + "/api/v1/ctlog/publicKey", "text/plain");
    try {
      return Pem.decodeAll(new String(body, StandardCharsets.UTF_8)).get(0).getContent();
    } catch (IOException e) {
      throw new ServiceException("fulcio", 200, "CT public key is not PEM: " + e.getMessage(), e);
    }
  }
}
