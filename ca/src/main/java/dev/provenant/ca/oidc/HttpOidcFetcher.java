package dev.provenant.ca.oidc;

import dev.provenant.sign.http.HttpPolicy;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.sign.http.TransportException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link OidcFetcher} over Provenant's one HTTP transport ({@link HttpTransport}, module {@code
 * sign}), so the CA's requests to issuers follow the same policy as every other client: timeouts,
 * redirects only within one scheme and at most {@link HttpPolicy#maxRedirects()}, a body cap, and
 * bounded retries of these idempotent GETs.
 */
public final class HttpOidcFetcher implements OidcFetcher {
  /**
   * The largest discovery document or key set read. Both are a few KiB; the cap keeps an issuer
   * from making the CA buffer a large body on a token's behalf.
   */
  public static final long MAX_BYTES = 512 * 1024;

  /**
   * The CA's policy: the defaults with a short connect and response wait, since a token's request
   * waits for the fetch, and the body cap above.
   */
  public static final HttpPolicy POLICY =
      HttpPolicy.defaults()
          .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
          .withMaxResponseBytes(MAX_BYTES);

  private final HttpTransport transport;

  /** A fetcher with its own transport following {@link #POLICY}. */
  public HttpOidcFetcher() {
    this(HttpTransport.create(POLICY));
  }

  /** A fetcher over {@code transport}. */
  public HttpOidcFetcher(HttpTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * GETs {@code uri} as JSON.
   *
   * @throws IOException with the transport's {@link TransportException} as its cause when no 200
   *     arrives: unreachable, timed out, a non-200 status, a refused redirect or a body over the
   *     cap
   */
  @Override
  public byte[] fetch(URI uri) throws IOException {
    HttpTransport.Reply r;
    try {
      r = transport.exchange("oidc", HttpTransport.Call.get(uri, "application/json"));
    } catch (TransportException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (r.status() != 200) {
      throw new IOException("GET " + r.uri() + ": expected HTTP 200, got " + r.status());
    }
    return r.body();
  }
}
