package dev.provenant.ca.oidc;

import java.net.URI;
import java.util.Objects;

/**
 * One OIDC issuer the CA accepts tokens from.
 *
 * @param url the issuer URL exactly as it appears in the tokens' {@code iss} claim
 * @param type how its tokens map to certificate identities
 * @param audience the {@code aud} value tokens must carry for this CA ({@code sigstore} by default)
 */
public record TrustedIssuer(String url, IssuerType type, String audience) {
  /** Default audience, as for the public Fulcio. */
  public static final String DEFAULT_AUDIENCE = "sigstore";

  /** Checks that the URL is absolute http(s) without a query or fragment. */
  public TrustedIssuer {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(audience, "audience");
    URI u = URI.create(url);
    if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "issuer URL must have a host and no query or fragment: " + url);
    }
    // Discovery and JWKS are fetched from the issuer URL; over plain http anyone on the path could
    // swap the keys. Only an issuer on this machine (a loopback platform instance) may use it.
    if (!"https".equals(u.getScheme())
        && !("http".equals(u.getScheme()) && isLoopback(u.getHost()))) {
      throw new IllegalArgumentException(
          "issuer URL must be https, or http on a loopback host: " + url);
    }
    if (audience.isEmpty()) {
      throw new IllegalArgumentException("audience must not be empty");
    }
  }

  /**
   * Whether {@code host} names this machine without a DNS lookup: {@code localhost}, an IPv4
   * address in 127.0.0.0/8 or {@code ::1}.
   */
  static boolean isLoopback(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("^127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}$");
  }

  /** An issuer with the default audience. */
  public static TrustedIssuer of(String url, IssuerType type) {
    return new TrustedIssuer(url, type, DEFAULT_AUDIENCE);
  }

  /** The discovery document URL ({@code <issuer>/.well-known/openid-configuration}). */
  public URI discoveryUri() {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return URI.create(base + "/.well-known/openid-configuration");
  }
}
