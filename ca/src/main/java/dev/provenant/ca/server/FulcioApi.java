package dev.provenant.ca.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.ca.AuditLog;
import dev.provenant.ca.CertificateAuthority;
import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.IssuedCertificate;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.SigningRequest;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.tsa.TimestampAuthority;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.x509.Certificates;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;

/**
 * The CA's HTTP API: Fulcio v2 REST ({@code /api/v2/signingCert}, {@code trustBundle}, {@code
 * configuration}) as its gRPC gateway serves it, the timestamp authority ({@code
 * /api/v1/timestamp}, {@code /api/v1/timestamp/certchain}) and the CT log key ({@code
 * /api/v1/ctlog/publicKey}). Errors use the gateway's JSON shape {@code {code, message}} plus a
 * machine-readable {@code reason}.
 */
public final class FulcioApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CertificateAuthority ca;
  private final TimestampAuthority tsa;
  private final AuditLog audit;

  /** Serves {@code ca} and {@code tsa}, auditing TSA requests to {@code audit}. */
  public FulcioApi(CertificateAuthority ca, TimestampAuthority tsa, AuditLog audit) {
    this.ca = Objects.requireNonNull(ca);
    this.tsa = Objects.requireNonNull(tsa);
    this.audit = Objects.requireNonNull(audit);
  }

  /** Registers every route on {@code http}. */
  public void register(HttpService http) {
    http.route("POST", "/api/v2/signingCert", this::signingCert)
        .route("GET", "/api/v2/trustBundle", x -> trustBundle())
        .route("GET", "/api/v2/configuration", x -> configuration())
        .route("POST", "/api/v1/timestamp", this::timestamp)
        .route("GET", "/api/v1/timestamp/certchain", x -> tsaChain())
        .route("GET", "/api/v1/ctlog/publicKey", x -> ctKey());
  }

  /** {@code POST /api/v2/signingCert}. */
  public HttpReply signingCert(HttpExchange x) {
    SigningRequest req;
    try {
      req = parseSigningRequest(x);
    } catch (IssuanceException e) {
      audit.refused(x.remoteAddress(), "signingCert", e.refusal(), e.getMessage());
      return error(e);
    }
    try {
      IssuedCertificate c = ca.issue(req, x.remoteAddress());
      ObjectNode root = JSON.createObjectNode();
      ArrayNode certs =
          root.putObject("signedCertificateEmbeddedSct")
              .putObject("chain")
              .putArray("certificates");
      c.pemChain().forEach(certs::add);
      return HttpReply.json(201, root.toString());
    } catch (IssuanceException e) {
      return error(e);
    }
  }

  /**
   * Decodes a {@code signingCert} request body (and its bearer header).
   *
   * @throws IssuanceException {@link Refusal#REQUEST_MALFORMED}, {@link Refusal#TOKEN_MISSING} or
   *     {@link Refusal#PUBLIC_KEY_INVALID}
   */
  public static SigningRequest parseSigningRequest(HttpExchange x) throws IssuanceException {
    JsonNode body;
    try {
      body = JSON.readTree(x.body());
    } catch (IOException e) {
      throw new IssuanceException(
          Refusal.REQUEST_MALFORMED, "body is not JSON: " + e.getMessage(), e);
    }
    if (body == null || !body.isObject()) {
      throw new IssuanceException(Refusal.REQUEST_MALFORMED, "body must be a JSON object");
    }
    String token = body.path("credentials").path("oidcIdentityToken").asText("");
    if (token.isEmpty()) {
      // The gateway also takes the token from the Authorization header.
      token =
          x.header("authorization")
              .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
              .map(h -> h.substring(7))
              .orElse("");
    }
    if (token.isEmpty()) {
      throw new IssuanceException(
          Refusal.TOKEN_MISSING, "no credentials.oidcIdentityToken and no bearer token");
    }
    JsonNode pkr = body.path("publicKeyRequest");
    JsonNode csr = body.path("certificateSigningRequest");
    try {
      if (pkr.isObject() && !csr.isMissingNode()) {
        throw new IssuanceException(
            Refusal.REQUEST_MALFORMED,
            "give publicKeyRequest or certificateSigningRequest, not both");
      }
      if (pkr.isObject()) {
        String content = pkr.path("publicKey").path("content").asText("");
        String pop = pkr.path("proofOfPossession").asText("");
        if (content.isEmpty()) {
          throw new IssuanceException(
              Refusal.PUBLIC_KEY_INVALID, "publicKeyRequest.publicKey.content is empty");
        }
        return SigningRequest.ofPublicKey(token, content, Base64s.decodeAny(pop));
      }
      if (csr.isTextual() && !csr.asText().isEmpty()) {
        return SigningRequest.ofCsr(token, Base64s.decodeAny(csr.asText()));
      }
    } catch (IllegalArgumentException e) {
      throw new IssuanceException(
          Refusal.REQUEST_MALFORMED, "a bytes field is not base64: " + e.getMessage(), e);
    }
    throw new IssuanceException(
        Refusal.REQUEST_MALFORMED, "expected publicKeyRequest or certificateSigningRequest");
  }

  private HttpReply trustBundle() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode certs = root.putArray("chains").addObject().putArray("certificates");
    for (X509Certificate c : ca.chain()) {
      certs.add(Certificates.toPem(c));
    }
    return HttpReply.json(200, root.toString());
  }

  private HttpReply configuration() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode issuers = root.putArray("issuers");
    for (TrustedIssuer t : ca.verifier().issuers()) {
      ObjectNode o = issuers.addObject();
      o.put("issuerUrl", t.url());
      o.put("audience", t.audience());
      o.put("challengeClaim", t.type() == IssuerType.EMAIL ? "email" : "sub");
      o.put("issuerType", t.type().configName());
    }
    return HttpReply.json(200, root.toString());
  }

  /** {@code POST /api/v1/timestamp}: DER {@code application/timestamp-query} or JSON. */
  public HttpReply timestamp(HttpExchange x) {
    String ct = x.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    try {
      TimestampAuthority.Result r;
      if (ct.startsWith("application/json")) {
        JsonNode body;
        try {
          body = JSON.readTree(x.body());
        } catch (IOException e) {
          throw new IssuanceException(
              Refusal.TIMESTAMP_REQUEST_INVALID, "body is not JSON: " + e.getMessage(), e);
        }
        if (body == null || !body.isObject()) {
          throw new IssuanceException(
              Refusal.TIMESTAMP_REQUEST_INVALID, "body must be a JSON object");
        }
        JsonNode n = body.path("nonce");
        BigInteger nonce =
            n.isNumber() ? n.bigIntegerValue() : n.isTextual() ? new BigInteger(n.asText()) : null;
        r =
            tsa.timestampJson(
                body.path("artifactHash").asText(null),
                body.path("hashAlgorithm").asText(null),
                nonce,
                // Sigstore's timestamp-authority defaults "certificates" to false in its JSON form.
                body.path("certificates").asBoolean(false));
      } else {
        r = tsa.timestampDer(x.body());
      }
      if (r.serial() == null) {
        audit.refused(
            x.remoteAddress(),
            "timestamp",
            Refusal.TIMESTAMP_REQUEST_INVALID,
            "rejected in-protocol (PKIStatus)");
        return new HttpReply(400, "application/timestamp-reply", r.response());
      }
      audit.timestamped(
          x.remoteAddress(),
          ct.startsWith("application/json") ? "json" : "der",
          r.serial().toString(16));
      return new HttpReply(201, "application/timestamp-reply", r.response());
    } catch (IssuanceException e) {
      audit.refused(x.remoteAddress(), "timestamp", e.refusal(), e.getMessage());
      return error(e);
    } catch (NumberFormatException e) {
      audit.refused(
          x.remoteAddress(),
          "timestamp",
          Refusal.TIMESTAMP_REQUEST_INVALID,
          "nonce is not a number");
      return error(
          new IssuanceException(Refusal.TIMESTAMP_REQUEST_INVALID, "nonce is not a number"));
    }
  }

  private HttpReply tsaChain() {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : tsa.chain()) {
      sb.append(Certificates.toPem(c));
    }
    return HttpReply.text(200, sb.toString());
  }

  private HttpReply ctKey() {
    return HttpReply.text(200, Pem.encode("PUBLIC KEY", ca.ctLog().publicKey().getEncoded()));
  }

  /** The gateway-shaped error reply for {@code e}. */
  static HttpReply error(IssuanceException e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("code", e.refusal().grpcCode());
    o.put("message", e.getMessage());
    o.put("reason", e.refusal().name());
    o.putArray("details");
    return HttpReply.json(e.refusal().httpStatus(), o.toString());
  }
}
