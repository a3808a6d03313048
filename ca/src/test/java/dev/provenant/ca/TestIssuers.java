package dev.provenant.ca;

import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcFetcher;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.testkit.oidc.DevOidcIssuer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process dev issuer served to a verifier through a fetcher that counts its calls. */
public final class TestIssuers {
  public static final String URL = "https://issuer.test";

  public final MutableClock clock;
  public final DevOidcIssuer issuer;
  public final AtomicInteger fetches = new AtomicInteger();

  public TestIssuers(MutableClock clock) throws IOException {
    this.clock = clock;
    this.issuer = new DevOidcIssuer(URL, null, clock);
  }

  public OidcFetcher fetcher() {
    return uri -> {
      fetches.incrementAndGet();
      String s = uri.toString();
      if (s.equals(URL + "/.well-known/openid-configuration")) {
        return issuer.discoveryJson().getBytes(StandardCharsets.UTF_8);
      }
      if (s.equals(URL + "/jwks")) {
        return issuer.jwksJson().getBytes(StandardCharsets.UTF_8);
      }
      throw new IOException("404 " + uri);
    };
  }

  public OidcVerifier verifier(IssuerType type) {
    return new OidcVerifier(
        List.of(TrustedIssuer.of(URL, type)),
        fetcher(),
        clock,
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30));
  }

  public String token(Map<String, Object> claims) {
    return issuer.mint(claims, "ES256", Duration.ofMinutes(10));
  }

  public String email(String address) {
    return token(
        Map.of("sub", "user-123", "aud", "sigstore", "email", address, "email_verified", true));
  }

  static URI uri(String s) {
    return URI.create(s);
  }
}
