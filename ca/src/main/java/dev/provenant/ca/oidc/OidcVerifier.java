package dev.provenant.ca.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.Refusal;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies OIDC identity tokens from a fixed set of trusted issuers: signature under the issuer's
 * published key, {@code iss}, {@code aud}, and {@code exp}/{@code nbf}/{@code iat} within a bounded
 * clock skew. Only the issuer is read before the signature is checked (to pick the keys); every
 * other claim is trusted only after it.
 *
 * <p>Security guarantees: a returned {@link VerifiedToken} was signed by a key that its issuer
 * published within the JWKS time-to-live, with an asymmetric algorithm from {@link #ALLOWED_ALGS}.
 */
public final class OidcVerifier {
  /** Asymmetric JWS algorithms accepted; HMAC and {@code none} never are. */
  public static final Set<JWSAlgorithm> ALLOWED_ALGS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);

  private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
  private final Map<String, JwksCache> caches = new HashMap<>();
  private final Clock clock;
  private final Duration skew;
  private final DefaultJWSVerifierFactory verifierFactory = new DefaultJWSVerifierFactory();

  /**
   * @param trusted the issuers to accept
   * @param fetcher how discovery documents and JWKS are fetched
   * @param clock the time source for validity checks and caching
   * @param skew the clock skew allowed on {@code exp}, {@code nbf} and {@code iat}
   * @param jwksTtl how long fetched keys are used before they are fetched again
   * @param refetchInterval the minimum time between two fetches triggered by unknown key ids
   */
  public OidcVerifier(
      List<TrustedIssuer> trusted,
      OidcFetcher fetcher,
      Clock clock,
      Duration skew,
      Duration jwksTtl,
      Duration refetchInterval) {
    this.clock = Objects.requireNonNull(clock);
    this.skew = Objects.requireNonNull(skew);
    if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes, got " + skew);
    }
    for (TrustedIssuer t : trusted) {
      issuers.put(t.url(), t);
      caches.put(t.url(), new JwksCache(t, fetcher, jwksTtl, refetchInterval));
    }
  }

  /** A verifier with production defaults: 60 s skew, 10 min JWKS TTL, 30 s refetch interval. */
  public static OidcVerifier create(List<TrustedIssuer> trusted) {
    return new OidcVerifier(
        trusted,
        new HttpOidcFetcher(),
        Clock.systemUTC(),
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30));
  }

  /** The configured issuers, in configuration order. */
  public List<TrustedIssuer> issuers() {
    return List.copyOf(issuers.values());
  }

  /** How many JWKS fetches were made for {@code issuerUrl} (0 if unknown). */
  public int jwksFetchCount(String issuerUrl) {
    JwksCache c = caches.get(issuerUrl);
    return c == null ? 0 : c.fetchCount();
  }

  /**
   * Verifies {@code token}.
   *
   * @throws IssuanceException with {@link Refusal#TOKEN_MISSING}, {@link Refusal#TOKEN_MALFORMED},
   *     {@link Refusal#ISSUER_UNKNOWN}, {@link Refusal#ISSUER_UNREACHABLE}, {@link
   *     Refusal#SIGNING_KEY_UNKNOWN}, {@link Refusal#TOKEN_SIGNATURE_INVALID}, {@link
   *     Refusal#TOKEN_EXPIRED}, {@link Refusal#TOKEN_NOT_YET_VALID}, {@link
   *     Refusal#TOKEN_ISSUED_IN_FUTURE} or {@link Refusal#AUDIENCE_MISMATCH}
   */
  public VerifiedToken verify(String token) throws IssuanceException {
    if (token == null || token.isBlank()) {
      throw new IssuanceException(Refusal.TOKEN_MISSING, "no OIDC identity token in the request");
    }
    SignedJWT jwt;
    JWTClaimsSet unverified;
    try {
      jwt = SignedJWT.parse(token.strip());
      unverified = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new IssuanceException(
          Refusal.TOKEN_MALFORMED, "not a signed JWT: " + e.getMessage(), e);
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALLOWED_ALGS.contains(alg)) {
      throw new IssuanceException(
          Refusal.TOKEN_MALFORMED,
          "token algorithm not accepted: expected one of RS*/PS*/ES*/EdDSA, got " + alg);
    }
    String iss = unverified.getIssuer();
    TrustedIssuer issuer = iss == null ? null : issuers.get(iss);
    if (issuer == null) {
      throw new IssuanceException(
          Refusal.ISSUER_UNKNOWN,
          "token issuer is not trusted: expected one of " + issuers.keySet() + ", got " + iss);
    }
    Instant now = clock.instant();
    JWK jwk = caches.get(iss).find(jwt.getHeader().getKeyID(), now);
    verifySignature(jwt, jwk, alg);

    JWTClaimsSet claims = unverified;
    Date exp = claims.getExpirationTime();
    if (exp == null || now.isAfter(exp.toInstant().plus(skew))) {
      throw new IssuanceException(
          Refusal.TOKEN_EXPIRED,
          "token expired: expected exp >= "
              + now.minus(skew)
              + ", got "
              + (exp == null ? "none" : exp.toInstant()));
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
      throw new IssuanceException(
          Refusal.TOKEN_NOT_YET_VALID,
          "token not valid yet: expected nbf <= " + now.plus(skew) + ", got " + nbf.toInstant());
    }
    Date iat = claims.getIssueTime();
    if (iat == null || iat.toInstant().isAfter(now.plus(skew))) {
      throw new IssuanceException(
          Refusal.TOKEN_ISSUED_IN_FUTURE,
          "token issued in the future: expected iat <= "
              + now.plus(skew)
              + ", got "
              + (iat == null ? "none" : iat.toInstant()));
    }
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(issuer.audience())) {
      throw new IssuanceException(
          Refusal.AUDIENCE_MISMATCH,
          "token audience: expected " + issuer.audience() + ", got " + aud);
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isEmpty()) {
      throw new IssuanceException(Refusal.TOKEN_MALFORMED, "token has no sub claim");
    }
    Map<String, Object> all = new LinkedHashMap<>();
    claims
        .toJSONObject()
        .forEach(
            (k, v) -> {
              if (v != null) {
                all.put(k, v);
              }
            });
    return new VerifiedToken(issuer, sub, exp.toInstant(), all);
  }

  private void verifySignature(SignedJWT jwt, JWK jwk, JWSAlgorithm alg) throws IssuanceException {
    try {
      if (!(jwk instanceof AsymmetricJWK ajwk)) {
        throw new IssuanceException(
            Refusal.TOKEN_SIGNATURE_INVALID, "issuer key " + jwk.getKeyID() + " is not asymmetric");
      }
      if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(alg)) {
        throw new IssuanceException(
            Refusal.TOKEN_SIGNATURE_INVALID,
            "key "
                + jwk.getKeyID()
                + " algorithm: expected "
                + jwk.getAlgorithm()
                + ", got "
                + alg);
      }
      Key key = ajwk.toPublicKey();
      JWSVerifier v = verifierFactory.createJWSVerifier(jwt.getHeader(), key);
      if (!jwt.verify(v)) {
        throw new IssuanceException(
            Refusal.TOKEN_SIGNATURE_INVALID,
            "token signature does not verify under key " + jwk.getKeyID());
      }
    } catch (JOSEException e) {
      throw new IssuanceException(
          Refusal.TOKEN_SIGNATURE_INVALID,
          "token signature cannot be checked with key " + jwk.getKeyID() + ": " + e.getMessage(),
          e);
    }
  }
}
