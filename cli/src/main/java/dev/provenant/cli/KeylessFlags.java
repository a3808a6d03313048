package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.IdentityPolicy;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * cosign's keyless identity flags ({@code --certificate-identity[-regexp]}, {@code
 * --certificate-oidc-issuer[-regexp]}) as one identity policy; {@code verify-bundle} and {@code
 * verify-attestation} read them alike.
 */
final class KeylessFlags {
  private KeylessFlags() {}

  /**
   * The policy the flags name; null arguments are flags not given.
   *
   * @throws VerificationException USAGE for a missing or doubled flag or a bad regular expression
   */
  static IdentityPolicy policy(
      String identity, String identityRegexp, String issuer, String issuerRegexp)
      throws VerificationException {
    if (identity == null && identityRegexp == null) {
      throw usage(
          "--certificate-identity or --certificate-identity-regexp is required for keyless verification");
    }
    if (identity != null && identityRegexp != null) {
      throw usage("give only one of --certificate-identity and --certificate-identity-regexp");
    }
    if (issuer == null && issuerRegexp == null) {
      throw usage("--certificate-oidc-issuer or --certificate-oidc-issuer-regexp is required");
    }
    try {
      if (identity != null && issuerRegexp == null) {
        return IdentityPolicy.exact(identity, issuer);
      }
      String sanRegex = identity != null ? "^" + Pattern.quote(identity) + "$" : identityRegexp;
      return IdentityPolicy.regex(sanRegex, issuer, issuerRegexp);
    } catch (PatternSyntaxException e) {
      throw usage("invalid regular expression: " + e.getDescription());
    }
  }

  private static VerificationException usage(String message) {
    return new VerificationException("usage", Reason.USAGE, message);
  }
}
