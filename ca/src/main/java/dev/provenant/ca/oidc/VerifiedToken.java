package dev.provenant.ca.oidc;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An identity token whose signature, issuer, audience and validity window have been checked.
 *
 * @param issuer the trusted issuer that signed it
 * @param subject the {@code sub} claim
 * @param expiresAt the {@code exp} claim
 * @param claims all claims, as parsed JSON values (String, Boolean, Number, List, Map)
 */
public record VerifiedToken(
    TrustedIssuer issuer, String subject, Instant expiresAt, Map<String, Object> claims) {
  /** Copies the claims. */
  public VerifiedToken {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(expiresAt, "expiresAt");
    claims = Map.copyOf(claims);
  }

  /**
   * A claim as a string: strings as they are, numbers in their plain decimal form (GitHub sends
   * {@code run_id} as a string, other issuers may send a number), anything else absent.
   */
  public Optional<String> stringClaim(String name) {
    Object v = claims.get(name);
    if (v instanceof String s) {
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
    if (v instanceof Long || v instanceof Integer) {
      return Optional.of(String.valueOf(v));
    }
    return Optional.empty();
  }

  /** A boolean claim, accepting the strings "true"/"false" that some issuers send. */
  public Optional<Boolean> booleanClaim(String name) {
    Object v = claims.get(name);
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    if ("true".equals(v)) {
      return Optional.of(true);
    }
    if ("false".equals(v)) {
      return Optional.of(false);
    }
    return Optional.empty();
  }
}
