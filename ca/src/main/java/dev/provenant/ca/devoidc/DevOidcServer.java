package dev.provenant.ca.devoidc;

import dev.provenant.ca.server.HttpExchange;
import dev.provenant.ca.server.HttpReply;
import dev.provenant.ca.server.HttpService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HTTP front of {@link DevOidcIssuer}: {@code /.well-known/openid-configuration}, {@code /jwks},
 * {@code GET /token?sub=S&aud=A[&alg=RS256|ES256][&profile=P][&ttl=SECONDS][&CLAIM=VALUE...]}
 * (returns the bare JWT) and {@code POST /rotate}. Loopback-only unless the caller explicitly
 * allows otherwise.
 */
public final class DevOidcServer implements AutoCloseable {
  private static final Set<String> CONTROL = Set.of("alg", "profile", "ttl");
  private final HttpService http;
  private final DevOidcIssuer issuer;

  private DevOidcServer(HttpService http, DevOidcIssuer issuer) {
    this.http = http;
    this.issuer = issuer;
  }

  /**
   * Starts a dev issuer on {@code host:port}; its issuer URL is its base URL unless {@code
   * issuerUrl} is given.
   *
   * @param allowNonLoopback only for an isolated test network; never in production
   * @throws IOException if it cannot bind or read its keys
   */
  public static DevOidcServer start(String host, int port, Path dataDir, String issuerUrl, boolean allowNonLoopback)
      throws IOException {
    HttpService http = HttpService.create(host, port, allowNonLoopback);
    // The issuer URL depends on the bound port, so bind first and add routes after.
    http.start();
    try {
      DevOidcIssuer iss =
          new DevOidcIssuer(issuerUrl != null ? issuerUrl : http.baseUrl(), dataDir, Clock.systemUTC());
      DevOidcServer s = new DevOidcServer(http, iss);
      http.route("GET", "/.well-known/openid-configuration", x -> HttpReply.json(200, iss.discoveryJson()))
          .route("GET", "/jwks", x -> HttpReply.json(200, iss.jwksJson()))
          .route("GET", "/token", s::token)
          .route("POST", "/rotate", x -> s.rotate())
          .route("GET", "/healthz", x -> HttpReply.text(200, "ok\n"));
      return s;
    } catch (IOException | RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /** The issuer. */
  public DevOidcIssuer issuer() {
    return issuer;
  }

  /** The base URL. */
  public String baseUrl() {
    return http.baseUrl();
  }

  /** Blocks until stopped. */
  public void join() throws InterruptedException {
    http.join();
  }

  private HttpReply token(HttpExchange x) {
    try {
      Map<String, Object> overrides = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : x.query().entrySet()) {
        if (CONTROL.contains(e.getKey()) || e.getValue().isEmpty()) {
          continue;
        }
        List<String> v = e.getValue();
        overrides.put(e.getKey(), v.size() > 1 ? v : typed(e.getKey(), v.get(0)));
      }
      String profile = x.param("profile").orElse(overrides.containsKey("email") ? "none" : "email");
      if (!overrides.containsKey("sub") && profile.equals("none")) {
        return HttpReply.text(400, "sub is required\n");
      }
      overrides.putIfAbsent("aud", "sigstore");
      Map<String, Object> claims = TokenProfiles.claims(profile, issuer.issuerUrl(), overrides);
      long ttl = Long.parseLong(x.param("ttl").orElse("600"));
      return HttpReply.text(200, issuer.mint(claims, x.param("alg").orElse("RS256"), Duration.ofSeconds(ttl)));
    } catch (IllegalArgumentException e) {
      return HttpReply.text(400, e.getMessage() + "\n");
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

  private HttpReply rotate() {
    try {
      issuer.rotate();
      return HttpReply.json(200, "{\"kids\":" + com.nimbusds.jose.util.JSONArrayUtils.toJSONString(issuer.keyIds()) + "}");
    } catch (IOException e) {
      return HttpReply.text(500, "cannot save rotated keys: " + e.getMessage() + "\n");
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
