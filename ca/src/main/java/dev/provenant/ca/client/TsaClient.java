package dev.provenant.ca.client;

import dev.provenant.ca.cert.Pem;
import dev.provenant.core.digest.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/** RFC 3161 client for a Sigstore timestamp authority URL (the full {@code .../api/v1/timestamp}). */
public final class TsaClient {
  private final String url;

  /** A client posting to {@code url}. */
  public TsaClient(String url) {
    this.url = url;
  }

  /**
   * Timestamps {@code signature} (its SHA-256 is the message imprint), as Sigstore clients do.
   *
   * @return the DER {@code TimeStampResp}, checked against the request (nonce, imprint, status)
   * @throws ServiceException if the TSA refuses or answers with a response that does not match
   */
  public byte[] timestamp(byte[] signature) throws ServiceException {
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(false);
    TimeStampRequest req =
        g.generate(NISTObjectIdentifiers.id_sha256, Sha256.hash(signature), new java.math.BigInteger(63, new java.security.SecureRandom()));
    try {
      byte[] body = Http.post("tsa", url, "application/timestamp-query", req.getEncoded());
      TimeStampResponse resp = new TimeStampResponse(body);
      resp.validate(req);
      if (resp.getTimeStampToken() == null) {
        throw new TSPException("no token: status " + resp.getStatus() + " " + resp.getStatusString());
      }
      return body;
    } catch (IOException | TSPException e) {
      throw new ServiceException("tsa", 200, "bad timestamp response: " + e.getMessage(), e);
    }
  }

  /**
   * The TSA's certificate chain ({@code <url>/certchain}), leaf first.
   *
   * @throws ServiceException if unreachable or not PEM
   */
  public List<X509Certificate> certChain() throws ServiceException {
    byte[] body = Http.get("tsa", Http.trimSlash(url) + "/certchain", "application/pem-certificate-chain");
    try {
      return Pem.certificates(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ServiceException("tsa", 200, "certchain is not PEM: " + e.getMessage(), e);
    }
  }
}
