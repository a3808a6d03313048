package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.IdentityPolicy;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/**
 * cosign's keyless identity flags ({@code --certificate-identity[-regexp]}, {@code
 * --certificate-oidc-issuer[-regexp]}), declared once as a picocli mixin, and the one identity
 * policy they name; {@code verify-bundle} and {@code verify-attestation} mix them in.
 */
final class KeylessFlags {
  @Option(
      names = "--certificate-identity",
      paramLabel = "SAN",
      description = "Expected certificate SAN (exact).")
  String identity;

  @Option(
      names = "--certificate-identity-regexp",
      paramLabel = "REGEX",
      description = "Expected certificate SAN (regular expression).")
  String identityRegexp;

  @Option(
      names = "--certificate-oidc-issuer",
      paramLabel = "URL",
      description = "Expected OIDC issuer (exact).")
  String issuer;

  @Option(
      names = "--certificate-oidc-issuer-regexp",
      paramLabel = "REGEX",
      description = "Expected OIDC issuer (regular expression).")
  String issuerRegexp;

  /** Whether an identity flag (exact or regexp) was given: the keyless mode was asked for. */
  boolean identityGiven() {
    return identity != null || identityRegexp != null;
  }

  /**
   * The policy the flags name.
   *
   * @throws VerificationException USAGE for a missing or doubled flag or a bad regular expression
   */
  IdentityPolicy policy() throws VerificationException {
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
