package dev.provenant.ca.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.provenant.sign.http.TransportException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CA fetches issuers' documents through sign's one transport and policy: a 200 body is
 * returned, anything else is an {@link IOException} whose cause is the transport's typed failure.
 */
class HttpOidcFetcherTest {
  HttpServer server;
  final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks", ex -> answer(ex, 200, "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/huge", ex -> answer(ex, 200, new byte[(int) HttpOidcFetcher.MAX_BYTES + 1]));
    server.createContext("/gone", ex -> answer(ex, 404, new byte[0]));
    server.createContext("/accepted", ex -> answer(ex, 202, new byte[0]));
    server.createContext(
        "/to-https",
        ex -> {
          ex.getResponseHeaders().add("Location", "https://127.0.0.1:1/jwks");
          answer(ex, 302, new byte[0]);
        });
    server.start();
  }

  private void answer(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body)
      throws IOException {
    hits.incrementAndGet();
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void fetch_200_returnsTheBody() throws IOException {
    assertThat(new String(new HttpOidcFetcher().fetch(url("/jwks")), StandardCharsets.UTF_8))
        .isEqualTo("{\"keys\":[]}");
  }

  @Test
  void fetch_bodyOverTheCap_failsAsResponseTooLarge() {
    assertThatThrownBy(() -> new HttpOidcFetcher().fetch(url("/huge")))
        .isInstanceOf(IOException.class)
        .cause()
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.reason()).isEqualTo(TransportException.Reason.RESPONSE_TOO_LARGE));
  }

  @Test
  void fetch_404_failsOnceWithoutRetry() {
    assertThatThrownBy(() -> new HttpOidcFetcher().fetch(url("/gone")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("404");
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void fetch_2xxOtherThan200_fails() {
    assertThatThrownBy(() -> new HttpOidcFetcher().fetch(url("/accepted")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected HTTP 200, got 202");
  }

  @Test
  void fetch_redirectToAnotherScheme_isRefusedByTheTransport() {
    assertThatThrownBy(() -> new HttpOidcFetcher().fetch(url("/to-https")))
        .isInstanceOf(IOException.class)
        .cause()
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.reason()).isEqualTo(TransportException.Reason.REDIRECT_REFUSED));
  }
}
