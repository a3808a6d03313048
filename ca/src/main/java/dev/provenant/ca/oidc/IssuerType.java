package dev.provenant.ca.oidc;

import java.util.Locale;

/** How a trusted issuer's tokens become a certificate identity. */
public enum IssuerType {
  /** Human identities: SAN = verified {@code email} claim (Fulcio's "email" type). */
  EMAIL,
  /**
   * GitHub Actions workload tokens: SAN = {@code job_workflow_ref} URI (Fulcio's
   * "github-workflow").
   */
  GITHUB_WORKFLOW,
  /** Provenant build platform workloads: SAN = the generator's builder id under the issuer URL. */
  PROVENANT_PLATFORM,
  /**
   * Picks one of the above from the token's shape ({@code job_workflow_ref}, {@code builder_id},
   * {@code email}); meant for the development issuer, which mints all three.
   */
  AUTO;

  /** Parses {@code email}, {@code github-workflow}, {@code provenant-platform} or {@code auto}. */
  public static IssuerType parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "email" -> EMAIL;
      case "github-workflow", "github" -> GITHUB_WORKFLOW;
      case "provenant-platform", "provenant" -> PROVENANT_PLATFORM;
      case "auto" -> AUTO;
      default ->
          throw new IllegalArgumentException(
              "unknown issuer type " + s + " (email, github-workflow, provenant-platform, auto)");
    };
  }

  /** The name used in configuration and in Fulcio's {@code /api/v2/configuration}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
