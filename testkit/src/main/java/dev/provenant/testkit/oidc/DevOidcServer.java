package dev.provenant.testkit.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * HTTP front of {@link DevOidcIssuer}: {@code /.well-known/openid-configuration}, {@code /jwks},
 * {@code GET /token?sub=S&aud=A[&alg=RS256|ES256][&profile=P][&ttl=SECONDS][&CLAIM=VALUE...]}
 * (returns the bare JWT) and {@code POST /rotate}. Loopback-only unless the caller explicitly
 * allows otherwise.
 */
public final class DevOidcServer implements AutoCloseable {
  private static final Set<String> CONTROL = Set.of("alg", "profile", "ttl");
  private final HttpServer http;
  private final DevOidcIssuer issuer;
  private final String baseUrl;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private DevOidcServer(HttpServer http, DevOidcIssuer issuer, String baseUrl) {
    this.http = http;
    this.issuer = issuer;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts a dev issuer on {@code host:port} (port 0 picks a free one); its issuer URL is its base
   * URL unless {@code issuerUrl} is given. Anyone who reaches it can mint any identity, so it binds
   * loopback addresses only.
   *
   * @throws IllegalArgumentException if {@code host} is not a loopback address or not resolvable
   * @throws IOException if it cannot bind or read its keys
   */
  public static DevOidcServer start(String host, int port, Path dataDir, String issuerUrl)
      throws IOException {
    InetAddress addr;
    try {
      addr = InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve listen host " + host, e);
    }
    if (!addr.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "refusing to listen on non-loopback address "
              + host
              + " (the development issuer is loopback only)");
    }
    HttpServer http = HttpServer.create(new InetSocketAddress(addr, port), 16);
    // The issuer URL depends on the bound port, so bind first and make the issuer after.
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    String base = "http://" + hostPart + ":" + http.getAddress().getPort();
    try {
      DevOidcIssuer iss =
          new DevOidcIssuer(issuerUrl != null ? issuerUrl : base, dataDir, Clock.systemUTC());
      DevOidcServer s = new DevOidcServer(http, iss, base);
      http.createContext("/", s::handle);
      http.start();
      return s;
    } catch (IOException | RuntimeException e) {
      http.stop(0);
      throw e;
    }
  }

  /** The issuer. */
  public DevOidcIssuer issuer() {
    return issuer;
  }

  /** The base URL. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Blocks until stopped. */
  public void join() throws InterruptedException {
    stopped.await();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String route = x.getRequestMethod() + " " + x.getRequestURI().getPath();
      Reply r;
      switch (route) {
        case "GET /.well-known/openid-configuration":
          r = new Reply(200, "application/json", issuer.discoveryJson());
          break;
        case "GET /jwks":
          r = new Reply(200, "application/json", issuer.jwksJson());
          break;
        case "GET /token":
          r = token(query(x.getRequestURI().getRawQuery()));
          break;
        case "POST /rotate":
          r = rotate();
          break;
        case "GET /healthz":
          r = Reply.text(200, "ok\n");
          break;
        default:
          r = Reply.text(404, "not found\n");
      }
      byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", r.contentType());
      x.sendResponseHeaders(r.status(), body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A reply: status, content type, body. */
  private record Reply(int status, String contentType, String body) {
    static Reply text(int status, String text) {
      return new Reply(status, "text/plain; charset=utf-8", text);
    }
  }

  /** The query parameters of a raw query string, each name with its values in order. */
  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, n -> new ArrayList<>()).add(v);
    }
    return q;
  }

  private static String first(Map<String, List<String>> q, String name, String otherwise) {
    List<String> v = q.get(name);
    return v == null || v.isEmpty() ? otherwise : v.get(0);
  }

  private Reply token(Map<String, List<String>> query) {
    try {
      Map<String, Object> overrides = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : query.entrySet()) {
        if (CONTROL.contains(e.getKey()) || e.getValue().isEmpty()) {
          continue;
        }
        List<String> v = e.getValue();
        overrides.put(e.getKey(), v.size() > 1 ? v : typed(e.getKey(), v.get(0)));
      }
      String profile = first(query, "profile", overrides.containsKey("email") ? "none" : "email");
      if (!overrides.containsKey("sub") && profile.equals("none")) {
        return Reply.text(400, "sub is required\n");
      }
      overrides.putIfAbsent("aud", "sigstore");
      Map<String, Object> claims = TokenProfiles.claims(profile, issuer.issuerUrl(), overrides);
      long ttl = Long.parseLong(first(query, "ttl", "600"));
      return Reply.text(
          200, issuer.mint(claims, first(query, "alg", "RS256"), Duration.ofSeconds(ttl)));
    } catch (IllegalArgumentException e) {
      return Reply.text(400, e.getMessage() + "\n");
    }
  }

  private static Object typed(String name, String v) {
    if ("true".equals(v) || "false".equals(v)) {
      return Boolean.valueOf(v);
    }
    if ((name.equals("iat") || name.equals("exp") || name.equals("nbf")) && v.matches("-?\\d+")) {
      return Long.valueOf(v);
    }
    return v;
  }

  private Reply rotate() {
    try {
      issuer.rotate();
      return new Reply(
          200,
          "application/json",
          "{\"kids\":" + com.nimbusds.jose.util.JSONArrayUtils.toJSONString(issuer.keyIds()) + "}");
    } catch (IOException e) {
      return Reply.text(500, "cannot save rotated keys: " + e.getMessage() + "\n");
    }
  }

  @Override
  public void close() {
    http.stop(0);
    stopped.countDown();
  }
}
