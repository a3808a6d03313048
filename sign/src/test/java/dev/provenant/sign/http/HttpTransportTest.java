package dev.provenant.sign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.provenant.sign.http.TransportException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport against a real HTTP server on loopback (the JDK's com.sun.net.httpserver): each
 * policy rule is driven by what the server answers, and counted on the server side.
 */
class HttpTransportTest {
  /** Fast backoff so retry tests take milliseconds; Retry-After capped at 2 s. */
  static final HttpPolicy FAST =
      HttpPolicy.defaults()
          .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(2))
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));

  HttpServer server;
  ExecutorService pool;
  final AtomicInteger hits = new AtomicInteger();

  /** Scripted answers, one per request; the last one repeats. */
  final Deque<Answer> script = new ArrayDeque<>();

  record Answer(
      int status,
      String body,
      String headerName,
      String headerValue,
      long delayMillis,
      boolean chunked) {
    static Answer of(int status, String body) {
      return new Answer(status, body, null, null, 0, false);
    }

    static Answer header(int status, String name, String value) {
      return new Answer(status, "", name, value, 0, false);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newCachedThreadPool();
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  void handle(HttpExchange ex) throws IOException {
    hits.incrementAndGet();
    ex.getRequestBody().readAllBytes();
    Answer a;
    synchronized (script) {
      a = script.size() > 1 ? script.poll() : script.peek();
    }
    if (a.delayMillis() > 0) {
      try {
        Thread.sleep(a.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (a.headerName() != null) {
      ex.getResponseHeaders().add(a.headerName(), a.headerValue());
    }
    byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), a.chunked() ? 0 : (b.length == 0 ? -1 : b.length));
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void answer(Answer... answers) {
    script.clear();
    script.addAll(java.util.List.of(answers));
  }

  @Test
  void get_503Then200_retriesAndReturnsTheBody() throws Exception {
    answer(Answer.of(503, "busy"), Answer.of(503, "busy"), Answer.of(200, "ok"));
    HttpTransport.Reply r =
        HttpTransport.create(FAST).exchange("test", HttpTransport.Call.get(url("/x"), "*/*"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("ok");
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(hits.get()).isEqualTo(3);
  }

  @Test
  void get_always503_givesUpAfterMaxAttempts() {
    answer(Answer.of(503, "busy"));
    HttpTransport t = HttpTransport.create(FAST.withMaxAttempts(3));
    assertThatThrownBy(() -> t.get("test", url("/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.attempts()).isEqualTo(3);
            });
    assertThat(hits.get()).isEqualTo(3);
  }

  @Test
  void get_404_isNotRetried() {
    answer(Answer.of(404, "no"));
    assertThatThrownBy(() -> HttpTransport.create(FAST).get("test", url("/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void post_notIdempotent_503_isNotRetried() {
    answer(Answer.of(503, "busy"), Answer.of(201, "created"));
    assertThatThrownBy(
            () ->
                HttpTransport.create(FAST)
                    .post("test", url("/x"), "application/json", new byte[] {'{', '}'}, false))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void post_idempotent_502_isRetried() throws Exception {
    answer(Answer.of(502, "gateway"), Answer.of(200, "done"));
    byte[] b =
        HttpTransport.create(FAST)
            .post("test", url("/x"), "application/json", new byte[] {'{', '}'}, true);
    assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("done");
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void get_429WithRetryAfter_waitsTheAskedSeconds() throws Exception {
    answer(Answer.header(429, "Retry-After", "1"), Answer.of(200, "ok"));
    long t0 = System.nanoTime();
    byte[] b = HttpTransport.create(FAST).get("test", url("/x"), "*/*");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("ok");
    // The computed backoff is at most 5 ms: a wait of about a second is the server's Retry-After.
    assertThat(ms).isBetween(950L, 1900L);
  }

  @Test
  void get_retryAfterBeyondCap_waitsOnlyTheCap() throws Exception {
    answer(Answer.header(503, "Retry-After", "3600"), Answer.of(200, "ok"));
    HttpTransport t =
        HttpTransport.create(
            FAST.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(300)));
    long t0 = System.nanoTime();
    t.get("test", url("/x"), "*/*");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).isBetween(290L, 2000L);
  }

  @Test
  void get_bodyLargerThanCap_throwsResponseTooLarge() {
    answer(Answer.of(200, "x".repeat(2000)));
    assertThatThrownBy(
            () ->
                HttpTransport.create(FAST.withMaxResponseBytes(1000)).get("test", url("/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE));
  }

  @Test
  void get_chunkedBodyLargerThanCap_throwsResponseTooLarge() {
    answer(new Answer(200, "y".repeat(5000), null, null, 0, true));
    assertThatThrownBy(
            () ->
                HttpTransport.create(FAST.withMaxResponseBytes(1000)).get("test", url("/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE));
  }

  @Test
  void get_bodyExactlyAtCap_isRead() throws Exception {
    answer(Answer.of(200, "z".repeat(1000)));
    assertThat(HttpTransport.create(FAST.withMaxResponseBytes(1000)).get("test", url("/x"), "*/*"))
        .hasSize(1000);
  }

  @Test
  void get_redirectToHttps_isRefused() {
    answer(
        Answer.header(
            302, "Location", "https://127.0.0.1:" + server.getAddress().getPort() + "/y"));
    assertThatThrownBy(() -> HttpTransport.create(FAST).get("test", url("/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REDIRECT_REFUSED));
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void get_sameSchemeRedirect_isFollowed() throws Exception {
    answer(Answer.header(301, "Location", "/moved"), Answer.of(200, "here"));
    HttpTransport.Reply r =
        HttpTransport.create(FAST).exchange("test", HttpTransport.Call.get(url("/x"), "*/*"));
    assertThat(r.text()).isEqualTo("here");
    assertThat(r.uri().getPath()).isEqualTo("/moved");
  }

  @Test
  void get_redirectLoop_stopsAtTheCap() {
    answer(Answer.header(307, "Location", "/again"));
    assertThatThrownBy(() -> HttpTransport.create(FAST).get("test", url("/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_REDIRECTS));
    assertThat(hits.get()).isEqualTo(FAST.maxRedirects() + 1);
  }

  @Test
  void post_302_isRefusedRatherThanTurnedIntoGet() {
    answer(Answer.header(302, "Location", "/elsewhere"), Answer.of(200, "ok"));
    assertThatThrownBy(
            () ->
                HttpTransport.create(FAST)
                    .post("test", url("/x"), "text/plain", new byte[] {1}, true))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REDIRECT_REFUSED));
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void get_slowServer_throwsTimeoutAfterEachAttempt() {
    answer(new Answer(200, "late", null, null, 3000, false));
    HttpTransport t =
        HttpTransport.create(
            FAST.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)).withMaxAttempts(2));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> t.get("test", url("/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
              assertThat(e.status()).isZero();
              assertThat(e.attempts()).isEqualTo(2);
            });
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500L);
  }

  @Test
  void get_nothingListening_throwsUnreachableAfterRetries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                HttpTransport.create(FAST.withMaxAttempts(2))
                    .get("test", URI.create("http://127.0.0.1:" + port + "/x"), "*/*"))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
              assertThat(e.attempts()).isEqualTo(2);
            });
  }

  @Test
  void uri_notHttp_throwsBadUrl() {
    assertThatThrownBy(() -> HttpTransport.uri("test", "ftp://example.com/x"))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_URL));
    assertThatThrownBy(() -> HttpTransport.uri("test", "not a url"))
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_URL));
  }

  /** A second origin (another port) that records the Authorization header it receives. */
  String redirectTarget(java.util.List<String> seen) throws IOException {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext(
        "/",
        ex -> {
          seen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          byte[] b = "moved".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
          }
        });
    other.start();
    others.add(other);
    return "http://127.0.0.1:" + other.getAddress().getPort() + "/blob";
  }

  final java.util.List<HttpServer> others = new java.util.ArrayList<>();

  @AfterEach
  void stopOthers() {
    others.forEach(o -> o.stop(0));
  }

  @Test
  void redirect_toAnotherOrigin_dropsAuthorization() throws Exception {
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    answer(Answer.header(307, "Location", redirectTarget(seen)));
    HttpTransport t = HttpTransport.create(FAST);
    HttpTransport.Reply r =
        t.exchange(
            "test",
            HttpTransport.Call.get(url("/v2/x/blobs/d"), "*/*")
                .withHeader("Authorization", "Bearer secret-token"));
    assertThat(r.text()).isEqualTo("moved");
    assertThat(seen).containsExactly("null");
  }

  @Test
  void redirect_sameOrigin_keepsAuthorization() throws Exception {
    java.util.List<String> auth = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.removeContext("/");
    server.createContext(
        "/",
        ex -> {
          auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          if (ex.getRequestURI().getPath().equals("/a")) {
            ex.getResponseHeaders().add("Location", "/b");
            ex.sendResponseHeaders(307, -1);
          } else {
            ex.sendResponseHeaders(200, -1);
          }
          ex.close();
        });
    HttpTransport.create(FAST)
        .exchange(
            "test",
            HttpTransport.Call.get(url("/a"), "*/*").withHeader("Authorization", "Bearer t"));
    assertThat(auth).containsExactly("Bearer t", "Bearer t");
  }

  @Test
  void head_returnsStatusAndHeadersWithoutBody() throws Exception {
    answer(Answer.header(200, "Docker-Content-Digest", "sha256:00"));
    HttpTransport.Reply r =
        HttpTransport.create(FAST)
            .exchange(
                "test",
                new HttpTransport.Call(
                    "HEAD", url("/v2/x/blobs/d"), java.util.Map.of(), null, true));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Docker-Content-Digest")).contains("sha256:00");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void call_headWithBody_orUnknownMethod_isRejected() {
    assertThatThrownBy(
            () -> new HttpTransport.Call("HEAD", url("/"), java.util.Map.of(), new byte[1], true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new HttpTransport.Call("TRACE", url("/"), java.util.Map.of(), null, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
