package dev.provenant.sign.http;

import dev.provenant.sign.http.TransportException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one HTTP transport of Provenant's clients (JDK {@link HttpClient}), with one {@link
 * HttpPolicy}:
 *
 * <ul>
 *   <li>connect and response timeouts ({@link Reason#TIMEOUT});
 *   <li>redirects followed by this class, not the JDK: at most {@code maxRedirects}, never to
 *       another scheme (neither https to http nor http to https), and a POST is only redirected by
 *       307/308 (same method and body) or 303 (to GET);
 *   <li>bodies read up to {@code maxResponseBytes} ({@link Reason#RESPONSE_TOO_LARGE} beyond);
 *   <li>for idempotent requests only, bounded retries on 429, 502, 503, 504, connection errors and
 *       timeouts, waiting {@code Retry-After} when the server sends one (capped at {@code
 *       maxRetryAfter}), else an exponential backoff with jitter.
 * </ul>
 *
 * <p>RFC 9110 §9.2.2: "A request method is considered idempotent if the intended effect on the
 * server of multiple identical requests with that method is the same as the effect for a single
 * such request." GET is; a POST is retried only when its {@link Call} says so.
 *
 * <p>Thread-safe; share one instance (one connection pool) per process.
 */
public final class HttpTransport {
  private static final String USER_AGENT = "provenant";
  private static volatile HttpTransport shared;

  private final HttpPolicy policy;
  private final HttpClient client;

  private HttpTransport(HttpPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(policy.connectTimeout())
            // Redirects are followed below, where the scheme rule and the count cap apply.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A transport with its own connection pool following {@code policy}. */
  public static HttpTransport create(HttpPolicy policy) {
    return new HttpTransport(policy);
  }

  /** The process-wide transport with {@link HttpPolicy#defaults()}. */
  public static HttpTransport defaults() {
    HttpTransport t = shared;
    if (t == null) {
      synchronized (HttpTransport.class) {
        t = shared;
        if (t == null) {
          t = new HttpTransport(HttpPolicy.defaults());
          shared = t;
        }
      }
    }
    return t;
  }

  /** The policy this transport follows. */
  public HttpPolicy policy() {
    return policy;
  }

  /**
   * One request.
   *
   * @param method {@code GET}, {@code HEAD}, {@code POST}, {@code PUT}, {@code PATCH} or {@code
   *     DELETE} (the OCI distribution API needs all of them)
   * @param uri absolute http(s) URL
   * @param headers request headers (Accept, Content-Type ...)
   * @param body the POST body, or null for GET
   * @param idempotent whether sending it twice has the effect of sending it once (retries allowed)
   */
  public record Call(
      String method, URI uri, Map<String, String> headers, byte[] body, boolean idempotent) {
    /** Validates and copies. */
    public Call {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      headers = Map.copyOf(headers);
      body = body == null ? null : body.clone();
      if (!Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
        throw new IllegalArgumentException(
            "method: expected GET, HEAD, POST, PUT, PATCH or DELETE, got " + method);
      }
      if ((method.equals("GET") || method.equals("HEAD")) && body != null) {
        throw new IllegalArgumentException("a " + method + " has no body");
      }
      if (method.equals("POST") && body == null) {
        throw new IllegalArgumentException("a POST has a body");
      }
    }

    /** A GET (idempotent). */
    public static Call get(URI uri, String accept) {
      return new Call("GET", uri, Map.of("Accept", accept), null, true);
    }

    /** This call with one more header (e.g. {@code Authorization}). */
    public Call withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Call(method, uri, h, body, idempotent);
    }

    /**
     * A POST.
     *
     * @param idempotent true only if the server's effect of two identical POSTs is that of one (a
     *     search, a certificate or timestamp request), false for e.g. appending to a log
     */
    public static Call post(URI uri, String contentType, byte[] body, boolean idempotent) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", contentType);
      h.put("Accept", "application/json, */*;q=0.5");
      return new Call("POST", uri, h, body, idempotent);
    }

    @Override
    public byte[] body() {
      return body == null ? null : body.clone();
    }
  }

  /**
   * The final response of an exchange.
   *
   * @param status the HTTP status
   * @param body the body, at most {@link HttpPolicy#maxResponseBytes()} long
   * @param uri where it came from (after redirects)
   * @param headers the response headers
   * @param attempts how many times the request was sent
   */
  public record Reply(int status, byte[] body, URI uri, HttpHeaders headers, int attempts) {
    /** Copies. */
    public Reply {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status / 100 == 2;
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** A header's first value. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  /**
   * GETs {@code uri} and returns the body of a 2xx response.
   *
   * @throws TransportException if no 2xx response arrives within the policy
   */
  public byte[] get(String service, URI uri, String accept) throws TransportException {
    return requireOk(service, exchange(service, Call.get(uri, accept)));
  }

  /**
   * POSTs {@code body} and returns the body of a 2xx response.
   *
   * @param idempotent see {@link Call#post}
   * @throws TransportException if no 2xx response arrives within the policy
   */
  public byte[] post(String service, URI uri, String contentType, byte[] body, boolean idempotent)
      throws TransportException {
    return requireOk(service, exchange(service, Call.post(uri, contentType, body, idempotent)));
  }

  /** The reply's body if it is 2xx. */
  public static byte[] requireOk(String service, Reply r) throws TransportException {
    if (!r.ok()) {
      String text = r.text().strip();
      throw new TransportException(
          service,
          Reason.HTTP_STATUS,
          r.status(),
          r.attempts(),
          r.uri()
              + ": expected HTTP 2xx, got "
              + r.status()
              + (text.isEmpty()
                  ? ""
                  : ": " + (text.length() > 500 ? text.substring(0, 500) + "..." : text)),
          r.body(),
          null);
    }
    return r.body();
  }

  /** Parses {@code url} as an absolute http(s) URI. */
  public static URI uri(String service, String url) throws TransportException {
    try {
      URI u = new URI(url);
      check(service, u);
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new TransportException(service, Reason.BAD_URL, 0, 0, "not a URL: " + url, null, e);
    }
  }

  private static void check(String service, URI u) throws TransportException {
    String s = u.getScheme();
    if (s == null
        || !(s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https"))
        || u.getHost() == null) {
      throw new TransportException(
          service, Reason.BAD_URL, 0, 0, "expected an absolute http(s) URL, got " + u, null, null);
    }
  }

  /**
   * Sends {@code call} under the policy and returns the final response, whatever its status: a
   * retryable status that outlasts the attempts is returned, not thrown.
   *
   * @param service which service, for messages ({@code fulcio}, {@code rekor} ...)
   * @throws TransportException if no response arrives (reason UNREACHABLE, TIMEOUT, INTERRUPTED),
   *     the body is too large, or a redirect is refused
   */
  public Reply exchange(String service, Call call) throws TransportException {
    check(service, call.uri());
    int attempt = 0;
    while (true) {
      attempt++;
      Reply r;
      try {
        r = followRedirects(service, call, attempt);
      } catch (TransportException e) {
        boolean transientFailure = e.reason() == Reason.UNREACHABLE || e.reason() == Reason.TIMEOUT;
        if (!transientFailure || !call.idempotent() || attempt >= policy.maxAttempts()) {
          throw e;
        }
        pause(service, attempt, backoff(attempt));
        continue;
      }
      if (retryable(r.status()) && call.idempotent() && attempt < policy.maxAttempts()) {
        Optional<Duration> asked = retryAfter(r);
        pause(service, attempt, asked.isPresent() ? asked.get() : backoff(attempt));
        continue;
      }
      return r;
    }
  }

  /** 429 Too Many Requests and the gateway/unavailable 5xx say "not processed, try later". */
  static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** {@code initialBackoff * 2^(attempt-1)}, capped, then jittered into its upper half. */
  Duration backoff(int attempt) {
    long base = policy.initialBackoff().toMillis();
    long cap = policy.maxBackoff().toMillis();
    long d = attempt >= 32 ? cap : Math.min(cap, base << (attempt - 1));
    if (d <= 1) {
      return Duration.ofMillis(d);
    }
    return Duration.ofMillis(d / 2 + ThreadLocalRandom.current().nextLong(d - d / 2 + 1));
  }

  /**
   * RFC 9110 §10.2.3 Retry-After: "either an HTTP-date or a number of seconds to delay"; capped at
   * {@link HttpPolicy#maxRetryAfter()}. Empty when absent or unreadable.
   */
  Optional<Duration> retryAfter(Reply r) {
    Optional<String> h = r.header("Retry-After");
    if (h.isEmpty()) {
      return Optional.empty();
    }
    String v = h.get().strip();
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException e) {
      try {
        d =
            Duration.between(
                Instant.now(),
                ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException | ArithmeticException ex) {
        return Optional.empty();
      }
    } catch (ArithmeticException e) {
      d = policy.maxRetryAfter();
    }
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    return Optional.of(d.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : d);
  }

  private static void pause(String service, int attempts, Duration d) throws TransportException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(
          service, Reason.INTERRUPTED, 0, attempts, "interrupted while backing off", null, e);
    }
  }

  private Reply followRedirects(String service, Call call, int attempt) throws TransportException {
    URI uri = call.uri();
    String method = call.method();
    byte[] body = call.body();
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    for (int hops = 0; ; hops++) {
      HttpResponse<InputStream> resp = send(service, method, uri, headers, body, attempt);
      int status = resp.statusCode();
      if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
        if (method.equals("HEAD")) {
          // RFC 9110 §9.3.2: a HEAD response has no content; its Content-Length is the GET's.
          close(resp);
          return new Reply(status, new byte[0], uri, resp.headers(), attempt);
        }
        return new Reply(status, read(service, uri, resp, attempt), uri, resp.headers(), attempt);
      }
      close(resp);
      if (hops >= policy.maxRedirects()) {
        throw new TransportException(
            service,
            Reason.TOO_MANY_REDIRECTS,
            status,
            attempt,
            method
                + " "
                + call.uri()
                + ": expected at most "
                + policy.maxRedirects()
                + " redirects, got more",
            null,
            null);
      }
      String loc = resp.headers().firstValue("Location").orElse(null);
      URI next;
      try {
        next = loc == null ? null : uri.resolve(loc);
      } catch (IllegalArgumentException e) {
        next = null;
      }
      if (next == null || next.getScheme() == null) {
        throw new TransportException(
            service,
            Reason.REDIRECT_REFUSED,
            status,
            attempt,
            uri + ": HTTP " + status + " without a usable Location (" + loc + ")",
            null,
            null);
      }
      if (!next.getScheme().equalsIgnoreCase(uri.getScheme())) {
        throw new TransportException(
            service,
            Reason.REDIRECT_REFUSED,
            status,
            attempt,
            uri
                + ": redirect to another scheme refused: expected "
                + uri.getScheme()
                + ", got "
                + next,
            null,
            null);
      }
      if (status == 303) {
        method = "GET";
        body = null;
      } else if ((status == 301 || status == 302)
          && !method.equals("GET")
          && !method.equals("HEAD")) {
        throw new TransportException(
            service,
            Reason.REDIRECT_REFUSED,
            status,
            attempt,
            uri
                + ": HTTP "
                + status
                + " would turn "
                + method
                + " into GET; only 307/308 may redirect it",
            null,
            null);
      }
      if (!sameOrigin(uri, next)) {
        // Credentials are for the origin that asked for them: a registry redirecting a blob to
        // object storage must not receive the registry's token there.
        headers.remove("Authorization");
      }
      uri = next;
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && effectivePort(a) == effectivePort(b);
  }

  private static int effectivePort(URI u) {
    return u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private HttpResponse<InputStream> send(
      String service, String method, URI uri, Map<String, String> headers, byte[] body, int attempt)
      throws TransportException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(policy.requestTimeout())
            .header("User-Agent", USER_AGENT);
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new TransportException(
          service, Reason.TIMEOUT, 0, attempt, method + " " + uri + ": " + e.getMessage(), null, e);
    } catch (IOException e) {
      throw new TransportException(
          service, Reason.UNREACHABLE, 0, attempt, method + " " + uri + ": " + e, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(
          service, Reason.INTERRUPTED, 0, attempt, method + " " + uri + ": interrupted", null, e);
    }
  }

  private byte[] read(String service, URI uri, HttpResponse<InputStream> resp, int attempt)
      throws TransportException {
    long max = policy.maxResponseBytes();
    long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > max) {
      close(resp);
      throw tooLarge(service, uri, resp.statusCode(), attempt, "Content-Length " + declared);
    }
    try (InputStream in = resp.body()) {
      byte[] b = in.readNBytes((int) max + 1);
      if (b.length > max) {
        throw tooLarge(service, uri, resp.statusCode(), attempt, "more");
      }
      return b;
    } catch (HttpTimeoutException e) {
      throw new TransportException(
          service,
          Reason.TIMEOUT,
          0,
          attempt,
          uri + ": reading the body: " + e.getMessage(),
          null,
          e);
    } catch (IOException e) {
      throw new TransportException(
          service, Reason.UNREACHABLE, 0, attempt, uri + ": reading the body: " + e, null, e);
    }
  }

  private TransportException tooLarge(
      String service, URI uri, int status, int attempt, String got) {
    return new TransportException(
        service,
        Reason.RESPONSE_TOO_LARGE,
        status,
        attempt,
        uri + ": expected a body of at most " + policy.maxResponseBytes() + " bytes, got " + got,
        null,
        null);
  }

  private static void close(HttpResponse<InputStream> resp) {
    try {
      resp.body().close();
    } catch (IOException e) {
      // the connection is dropped either way
    }
  }
}
