package dev.provenant.ca.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Shared JDK HTTP client with timeouts; responses bounded by the services' own limits. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

  private Http() {}

  static byte[] get(String service, String url, String accept) throws ServiceException {
    return send(service, HttpRequest.newBuilder(uri(service, url)).header("Accept", accept).GET());
  }

  static byte[] post(String service, String url, String contentType, byte[] body) throws ServiceException {
    return send(
        service,
        HttpRequest.newBuilder(uri(service, url)).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static URI uri(String service, String url) throws ServiceException {
    try {
      return URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ServiceException(service, 0, "bad URL " + url, e);
    }
  }

  private static byte[] send(String service, HttpRequest.Builder b) throws ServiceException {
    HttpRequest req = b.timeout(Duration.ofSeconds(30)).build();
    HttpResponse<byte[]> r;
    try {
      r = CLIENT.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ServiceException(service, 0, req.method() + " " + req.uri() + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(service, 0, "interrupted", e);
    }
    if (r.statusCode() / 100 != 2) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      throw new ServiceException(
          service, r.statusCode(),
          req.method() + " " + req.uri() + ": HTTP " + r.statusCode() + ": " + (body.length() > 500 ? body.substring(0, 500) : body).strip(),
          null);
    }
    return r.body();
  }

  static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
