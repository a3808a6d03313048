package dev.provenant.ca.identity;

import dev.provenant.ca.cert.FulcioExtensions;
import java.util.List;
import java.util.Objects;

/**
 * What a certificate says about its holder: the one subject alternative name, the Fulcio
 * extensions, and the strings a proof of possession may sign.
 *
 * @param sanKind whether the SAN is an email address or a URI
 * @param san the SAN value
 * @param extensions the Fulcio extension values
 * @param challenges the values accepted as the signed proof-of-possession challenge: Fulcio's
 *     principal name first, then the token {@code sub} (what sigstore-js signs for issuers it does
 *     not special-case)
 */
public record Principal(
    SanKind sanKind, String san, FulcioExtensions extensions, List<String> challenges) {
  /** The kind of subject alternative name. */
  public enum SanKind {
    /** rfc822Name. */
    EMAIL,
    /** uniformResourceIdentifier. */
    URI
  }

  /** Validates and copies. */
  public Principal {
    Objects.requireNonNull(sanKind, "sanKind");
    Objects.requireNonNull(extensions, "extensions");
    if (san == null || san.isEmpty()) {
      throw new IllegalArgumentException("SAN must not be empty");
    }
    challenges = List.copyOf(challenges);
    if (challenges.isEmpty()) {
      throw new IllegalArgumentException("at least one proof-of-possession challenge is needed");
    }
  }
}
