package dev.provenant.sign.fulcio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.x509.Certificates;
import dev.provenant.sign.PemBodies;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.http.HttpTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Fulcio v2 REST client: {@code POST /api/v2/signingCert}, {@code GET /api/v2/trustBundle}, and
 * Provenant's {@code GET /api/v1/ctlog/publicKey}.
 *
 * <p>SPEC: https://github.com/sigstore/fulcio/blob/main/fulcio.proto (HTTP mapping of
 * CreateSigningCertificate and GetTrustBundle).
 */
public final class FulcioClient {
  private static final String SERVICE = "fulcio";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpTransport http;

  private FulcioClient(String baseUrl, HttpTransport http) {
    this.baseUrl = trimSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.http = Objects.requireNonNull(http, "http");
  }

  /** A client for the CA at {@code baseUrl} over the process-wide transport. */
  public static FulcioClient create(String baseUrl) {
    return new FulcioClient(baseUrl, HttpTransport.defaults());
  }

  /** A client for the CA at {@code baseUrl} over {@code http}. */
  public static FulcioClient create(String baseUrl, HttpTransport http) {
    return new FulcioClient(baseUrl, http);
  }

  /**
   * Requests a certificate for {@code key}, proving possession with {@code proof} (a signature over
   * the token's email or subject). Retried under the transport policy: a repeated request only
   * yields another certificate for the same key and identity.
   *
   * @param token the OIDC identity token (a JWT)
   * @return the chain, leaf first
   * @throws ServiceException if the CA refuses, is unreachable, or returns something other than a
   *     chain
   */
  public List<X509Certificate> signingCert(String token, PublicKey key, byte[] proof)
      throws ServiceException {
    ObjectNode req = JSON.createObjectNode();
    req.putObject("credentials").put("oidcIdentityToken", token);
    ObjectNode pkr = req.putObject("publicKeyRequest");
    pkr.putObject("publicKey")
        .put("algorithm", key.getAlgorithm().equals("EC") ? "ECDSA" : key.getAlgorithm())
        .put("content", Pem.encode("PUBLIC KEY", key.getEncoded()));
    pkr.put("proofOfPossession", Base64.getEncoder().encodeToString(proof));
    byte[] body =
        http.post(
            SERVICE,
            HttpTransport.uri(SERVICE, baseUrl + "/api/v2/signingCert"),
            "application/json",
            req.toString().getBytes(StandardCharsets.UTF_8),
            true);
    try {
      JsonNode r = JSON.readTree(body);
      JsonNode sc =
          r.has("signedCertificateEmbeddedSct")
              ? r.get("signedCertificateEmbeddedSct")
              : r.path("signedCertificateDetachedSct");
      List<X509Certificate> out = new ArrayList<>();
      for (JsonNode c : sc.path("chain").path("certificates")) {
        out.addAll(Certificates.fromPem(c.asText()));
      }
      if (out.isEmpty()) {
        throw new IOException("response has no certificate chain");
      }
      return out;
    } catch (IOException | CertificateException e) {
      throw new ServiceException(
          SERVICE, 200, "unexpected signingCert response: " + e.getMessage(), e);
    }
  }

  /**
   * The CA's chains ({@code GET /api/v2/trustBundle}), each intermediate(s) then root.
   *
   * @throws ServiceException if unreachable or malformed
   */
  public List<List<X509Certificate>> trustBundle() throws ServiceException {
    byte[] body =
        http.get(
            SERVICE,
            HttpTransport.uri(SERVICE, baseUrl + "/api/v2/trustBundle"),
            "application/json");
    try {
      List<List<X509Certificate>> out = new ArrayList<>();
      for (JsonNode chain : JSON.readTree(body).path("chains")) {
        List<X509Certificate> certs = new ArrayList<>();
        for (JsonNode c : chain.path("certificates")) {
          certs.addAll(Certificates.fromPem(c.asText()));
        }
        out.add(certs);
      }
      if (out.isEmpty()) {
        throw new IOException("no chains");
      }
      return out;
    } catch (IOException | CertificateException e) {
      throw new ServiceException(
          SERVICE, 200, "unexpected trustBundle response: " + e.getMessage(), e);
    }
  }

  /**
   * The CT log public key this CA embeds SCTs from, DER SubjectPublicKeyInfo ({@code GET
   * /api/v1/ctlog/publicKey}, a Provenant extension).
   *
   * @throws ServiceException if unreachable or not PEM
   */
  public byte[] ctLogPublicKey() throws ServiceException {
    byte[] body =
        http.get(
            SERVICE, HttpTransport.uri(SERVICE, baseUrl + "/api/v1/ctlog/publicKey"), "text/plain");
    return PemBodies.publicKey(SERVICE, body);
  }

  /** {@code url} without a trailing slash. */
  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
