package dev.provenant.ca.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link OidcFetcher} over the JDK HTTP client, with timeouts and a body size cap. */
public final class HttpOidcFetcher implements OidcFetcher {
  private static final int MAX_BYTES = 512 * 1024;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  public byte[] fetch(URI uri) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted fetching " + uri, e);
    }
    try (InputStream in = resp.body()) {
      if (resp.statusCode() != 200) {
        throw new IOException("GET " + uri + ": HTTP " + resp.statusCode());
      }
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        throw new IOException("GET " + uri + ": body larger than " + MAX_BYTES + " bytes");
      }
      return b;
    }
  }
}
