package dev.provenant.sign.tsa;

import dev.provenant.core.digest.Sha256;
import dev.provenant.sign.PemBodies;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.http.HttpTransport;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * RFC 3161 client for a Sigstore timestamp authority URL (the full {@code .../api/v1/timestamp}).
 */
public final class TsaClient {
  private static final String SERVICE = "tsa";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final String url;
  private final HttpTransport http;

  private TsaClient(String url, HttpTransport http) {
    this.url = Objects.requireNonNull(url, "url");
    this.http = Objects.requireNonNull(http, "http");
  }

  /** A client posting to {@code url} over the process-wide transport. */
  public static TsaClient create(String url) {
    return new TsaClient(url, HttpTransport.defaults());
  }

  /** A client posting to {@code url} over {@code http}. */
  public static TsaClient create(String url, HttpTransport http) {
    return new TsaClient(url, http);
  }

  /**
   * Timestamps {@code signature} (its SHA-256 is the message imprint), as Sigstore clients do.
   * Retried under the transport policy: a repeated request only yields another timestamp.
   *
   * @return the DER {@code TimeStampResp}, checked against the request (nonce, imprint, status)
   * @throws ServiceException if the TSA refuses, is unreachable, or answers with a response that
   *     does not match the request
   */
  public byte[] timestamp(byte[] signature) throws ServiceException {
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(false);
    TimeStampRequest req =
        g.generate(
            NISTObjectIdentifiers.id_sha256, Sha256.hash(signature), new BigInteger(63, RANDOM));
    byte[] der;
    try {
      der = req.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("a generated TimeStampReq encodes", e);
    }
    URI u = HttpTransport.uri(SERVICE, url);
    byte[] body = http.post(SERVICE, u, "application/timestamp-query", der, true);
    try {
      TimeStampResponse resp = new TimeStampResponse(body);
      resp.validate(req);
      if (resp.getTimeStampToken() == null) {
        throw new TSPException(
            "no token: status " + resp.getStatus() + " " + resp.getStatusString());
      }
      return body;
    } catch (IOException | TSPException e) {
      throw new ServiceException(SERVICE, 200, "bad timestamp response: " + e.getMessage(), e);
    }
  }

  /**
   * The TSA's certificate chain ({@code <url>/certchain}), leaf first.
   *
   * @throws ServiceException if unreachable or not PEM
   */
  public List<X509Certificate> certChain() throws ServiceException {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    byte[] body =
        http.get(
            SERVICE,
            HttpTransport.uri(SERVICE, base + "/certchain"),
            "application/pem-certificate-chain");
    return PemBodies.certificates(SERVICE, body);
  }
}
