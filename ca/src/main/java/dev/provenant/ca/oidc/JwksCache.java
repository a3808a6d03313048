package dev.provenant.ca.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.Refusal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One issuer's signing keys: discovery document and JWKS fetched on first use, kept for a
 * time-to-live, refetched when a token names an unknown key id (key rotation) but at most once per
 * refetch interval, so a flood of tokens with made-up key ids cannot turn the CA into a request
 * amplifier against the issuer.
 *
 * <p>Fails closed: when a refresh fails the old keys are not used any longer than their TTL,
 * because a key the issuer removed must stop verifying tokens.
 */
final class JwksCache {
  private final TrustedIssuer issuer;
  private final OidcFetcher fetcher;
  private final Duration ttl;
  private final Duration refetchInterval;

  private URI jwksUri;
  private JWKSet keys;
  private Instant fetchedAt = Instant.MIN;
  private Instant lastAttempt = Instant.MIN;
  private int fetches;

  JwksCache(TrustedIssuer issuer, OidcFetcher fetcher, Duration ttl, Duration refetchInterval) {
    this.issuer = Objects.requireNonNull(issuer);
    this.fetcher = Objects.requireNonNull(fetcher);
    this.ttl = Objects.requireNonNull(ttl);
    this.refetchInterval = Objects.requireNonNull(refetchInterval);
  }

  /**
   * The key for {@code kid} (or the only key when the token names none).
   *
   * @throws IssuanceException {@link Refusal#SIGNING_KEY_UNKNOWN} if the issuer does not publish
   *     it, {@link Refusal#ISSUER_UNREACHABLE} if the keys cannot be fetched
   */
  synchronized JWK find(String kid, Instant now) throws IssuanceException {
    if (keys == null || !now.isBefore(fetchedAt.plus(ttl))) {
      refresh(now);
    }
    JWK k = lookup(kid);
    if (k == null && !now.isBefore(lastAttempt.plus(refetchInterval))) {
      // Unknown key id: the issuer may have rotated since our last fetch.
      refresh(now);
      k = lookup(kid);
    }
    if (k == null) {
      throw new IssuanceException(
          Refusal.SIGNING_KEY_UNKNOWN,
          "issuer "
              + issuer.url()
              + " does not publish signing key: expected one of "
              + keys.getKeys().stream().map(JWK::getKeyID).toList()
              + ", got kid "
              + kid);
    }
    return k;
  }

  /** How many times the JWKS was fetched (for tests of the rate limit). */
  synchronized int fetchCount() {
    return fetches;
  }

  private JWK lookup(String kid) {
    if (kid == null) {
      List<JWK> all = keys.getKeys();
      return all.size() == 1 ? all.get(0) : null;
    }
    return keys.getKeyByKeyId(kid);
  }

  private void refresh(Instant now) throws IssuanceException {
    lastAttempt = now;
    try {
      if (jwksUri == null) {
        jwksUri = discover();
      }
      byte[] body = fetcher.fetch(jwksUri);
      fetches++;
      JWKSet set = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
      keys = set.toPublicJWKSet();
      fetchedAt = now;
    } catch (IOException | ParseException | IllegalArgumentException e) {
      // Rediscover next time: the jwks_uri may have moved.
      jwksUri = null;
      keys = null;
      throw new IssuanceException(
          Refusal.ISSUER_UNREACHABLE,
          "cannot fetch signing keys of " + issuer.url() + ": " + e.getMessage(),
          e);
    }
  }

  private URI discover() throws IOException, ParseException {
    byte[] body = fetcher.fetch(issuer.discoveryUri());
    Map<String, Object> doc = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
    // OpenID Connect Discovery 1.0 §4.3: "The issuer value returned MUST be identical to the
    // Issuer URL that was used as the prefix to /.well-known/openid-configuration".
    String iss = JSONObjectUtils.getString(doc, "issuer");
    if (!issuer.url().equals(iss)) {
      throw new IOException(
          "discovery document issuer mismatch: expected " + issuer.url() + ", got " + iss);
    }
    URI u = JSONObjectUtils.getURI(doc, "jwks_uri");
    if (u == null) {
      throw new IOException("discovery document has no jwks_uri");
    }
    return u;
  }
}
