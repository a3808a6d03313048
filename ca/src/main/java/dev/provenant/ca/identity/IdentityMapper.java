package dev.provenant.ca.identity;

import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.cert.FulcioExtensions;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.VerifiedToken;
import dev.provenant.core.fulcio.FulcioOid;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Maps a verified token to a certificate {@link Principal}, per issuer type, the way Fulcio's
 * {@code pkg/identity/{email,github}} principals do, plus Provenant's own platform identities.
 * Every claim a type needs must be present; a token that lacks one gets {@link
 * Refusal#IDENTITY_UNMAPPABLE} naming the claim, never a certificate with holes.
 */
public final class IdentityMapper {
  /** GitHub's web base URL, which Fulcio joins workflow paths onto. */
  static final String GITHUB_BASE = "https://github.com/";

  /** The GitHub Actions claims Fulcio requires, in its order. */
  static final List<String> GITHUB_REQUIRED =
      List.of(
          "job_workflow_ref",
          "sha",
          "event_name",
          "repository",
          "workflow",
          "ref",
          "job_workflow_sha",
          "runner_environment",
          "repository_id",
          "repository_owner",
          "repository_owner_id",
          "repository_visibility",
          "workflow_ref",
          "workflow_sha",
          "run_id",
          "run_attempt");

  /**
   * Claims of a Provenant platform token (the platform contract, "OIDC token claims"), modelled on
   * GitHub's: the repository by name and id, ref and commit, the build config by path and digest,
   * the run by id and attempt. The CA derives the URIs from them under the issuer URL, as Fulcio
   * derives GitHub's from {@code https://github.com/}.
   */
  public static final List<String> PLATFORM_REQUIRED =
      List.of(
          "builder_id",
          "source_repository_uri",
          "repository",
          "repository_id",
          "sha",
          "ref",
          "build_config_path",
          "build_config_digest",
          "run_id",
          "run_attempt",
          "event_name",
          "runner_environment");

  /** A platform repository name: path segments of letters, digits, dot, dash, underscore. */
  private static final Pattern PLATFORM_REPOSITORY =
      Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$");

  /** A run id or attempt: one URI path segment. */
  private static final Pattern PLATFORM_RUN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");

  // Deliberately simple: one @, no spaces, a dot in the domain. The issuer vouches for the
  // address (email_verified); this only keeps garbage out of the SAN.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private IdentityMapper() {}

  /**
   * Maps {@code token} according to its issuer's type.
   *
   * @throws IssuanceException {@link Refusal#IDENTITY_UNMAPPABLE} if the claims do not fit
   */
  public static Principal map(VerifiedToken token) throws IssuanceException {
    IssuerType type = token.issuer().type();
    if (type == IssuerType.AUTO) {
      type = guess(token);
    }
    return switch (type) {
      case EMAIL -> email(token);
      case GITHUB_WORKFLOW -> githubWorkflow(token);
      case PROVENANT_PLATFORM -> platform(token);
      case AUTO -> throw new IllegalStateException("AUTO resolved above");
    };
  }

  private static IssuerType guess(VerifiedToken t) throws IssuanceException {
    if (t.claims().containsKey("job_workflow_ref")) {
      return IssuerType.GITHUB_WORKFLOW;
    }
    if (t.claims().containsKey("builder_id")) {
      return IssuerType.PROVENANT_PLATFORM;
    }
    if (t.claims().containsKey("email")) {
      return IssuerType.EMAIL;
    }
    throw new IssuanceException(
        Refusal.IDENTITY_UNMAPPABLE,
        "token shape not recognised: expected a job_workflow_ref, builder_id or email claim, got "
            + t.claims().keySet());
  }

  private static Principal email(VerifiedToken t) throws IssuanceException {
    String email = require(t, "email");
    if (!t.booleanClaim("email_verified").orElse(false)) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE,
          "email not verified: expected email_verified true, got "
              + t.claims().get("email_verified"));
    }
    if (!EMAIL.matcher(email).matches()) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE, "email claim is not an email address: got " + email);
    }
    FulcioExtensions ext =
        FulcioExtensions.builder(t.issuer().url())
            .set(FulcioOid.TOKEN_SUBJECT, t.subject())
            .build();
    return new Principal(Principal.SanKind.EMAIL, email, ext, challenges(email, t.subject()));
  }

  private static Principal githubWorkflow(VerifiedToken t) throws IssuanceException {
    for (String c : GITHUB_REQUIRED) {
      require(t, c);
    }
    String jobWorkflowRef = claim(t, "job_workflow_ref");
    String repository = claim(t, "repository");
    String ref = claim(t, "ref");
    String sha = claim(t, "sha");
    String event = claim(t, "event_name");
    String signer = join(GITHUB_BASE, jobWorkflowRef);
    FulcioExtensions ext =
        FulcioExtensions.builder(t.issuer().url())
            .set(FulcioOid.GITHUB_WORKFLOW_TRIGGER, event)
            .set(FulcioOid.GITHUB_WORKFLOW_SHA, sha)
            .set(FulcioOid.GITHUB_WORKFLOW_NAME, claim(t, "workflow"))
            .set(FulcioOid.GITHUB_WORKFLOW_REPOSITORY, repository)
            .set(FulcioOid.GITHUB_WORKFLOW_REF, ref)
            .set(FulcioOid.BUILD_SIGNER_URI, signer)
            .set(FulcioOid.BUILD_SIGNER_DIGEST, claim(t, "job_workflow_sha"))
            .set(FulcioOid.RUNNER_ENVIRONMENT, claim(t, "runner_environment"))
            .set(FulcioOid.SOURCE_REPOSITORY_URI, join(GITHUB_BASE, repository))
            .set(FulcioOid.SOURCE_REPOSITORY_DIGEST, sha)
            .set(FulcioOid.SOURCE_REPOSITORY_REF, ref)
            .set(FulcioOid.SOURCE_REPOSITORY_IDENTIFIER, claim(t, "repository_id"))
            .set(
                FulcioOid.SOURCE_REPOSITORY_OWNER_URI,
                join(GITHUB_BASE, claim(t, "repository_owner")))
            .set(FulcioOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, claim(t, "repository_owner_id"))
            .set(FulcioOid.BUILD_CONFIG_URI, join(GITHUB_BASE, claim(t, "workflow_ref")))
            .set(FulcioOid.BUILD_CONFIG_DIGEST, claim(t, "workflow_sha"))
            .set(FulcioOid.BUILD_TRIGGER, event)
            .set(
                FulcioOid.RUN_INVOCATION_URI,
                join(
                    GITHUB_BASE,
                    repository
                        + "/actions/runs/"
                        + claim(t, "run_id")
                        + "/attempts/"
                        + claim(t, "run_attempt")))
            .set(
                FulcioOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING,
                claim(t, "repository_visibility"))
            .set(FulcioOid.DEPLOYMENT_ENVIRONMENT, t.stringClaim("environment").orElse(null))
            .set(FulcioOid.TOKEN_SUBJECT, t.subject())
            .build();
    uri(signer, "job_workflow_ref");
    return new Principal(Principal.SanKind.URI, signer, ext, challenges(t.subject()));
  }

  private static Principal platform(VerifiedToken t) throws IssuanceException {
    for (String c : PLATFORM_REQUIRED) {
      require(t, c);
    }
    String base = t.issuer().url().endsWith("/") ? t.issuer().url() : t.issuer().url() + "/";
    String builder = claim(t, "builder_id");
    // A platform may only name its own generators: the builder id lives under the issuer URL, as
    // DESIGN.md "Identities" says (<platform>/generators/slsa3@v<version>).
    if (!builder.startsWith(base + "generators/")) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE,
          "builder_id outside the issuer: expected prefix " + base + "generators/, got " + builder);
    }
    uri(builder, "builder_id");
    String repository = claim(t, "repository");
    if (!PLATFORM_REPOSITORY.matcher(repository).matches()) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE,
          "repository is not a platform repository name: got " + repository);
    }
    // ... and only its own repositories: the one URL the repository is served at,
    // {issuer}/git/NAME.
    String sourceUri = claim(t, "source_repository_uri");
    if (!sourceUri.equals(base + "git/" + repository)) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE,
          "source_repository_uri: expected " + base + "git/" + repository + ", got " + sourceUri);
    }
    String configPath = claim(t, "build_config_path");
    if (configPath.startsWith("/") || configPath.contains("..") || configPath.contains("@")) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE,
          "build_config_path must be a plain relative path: got " + configPath);
    }
    String runId = claim(t, "run_id");
    String attempt = claim(t, "run_attempt");
    if (!PLATFORM_RUN.matcher(runId).matches() || !PLATFORM_RUN.matcher(attempt).matches()) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE,
          "run_id and run_attempt must be URI path segments: got " + runId + ", " + attempt);
    }
    String ref = claim(t, "ref");
    String sha = claim(t, "sha");
    String event = claim(t, "event_name");
    String project = base + "projects/" + repository;
    FulcioExtensions ext =
        FulcioExtensions.builder(t.issuer().url())
            .set(FulcioOid.BUILD_SIGNER_URI, builder)
            // As Fulcio does for GitHub, where the reusable workflow's commit is the signer digest:
            // the platform's build definition lives in the source, so that is the source commit.
            .set(FulcioOid.BUILD_SIGNER_DIGEST, sha)
            .set(FulcioOid.RUNNER_ENVIRONMENT, claim(t, "runner_environment"))
            .set(FulcioOid.SOURCE_REPOSITORY_URI, sourceUri)
            .set(FulcioOid.SOURCE_REPOSITORY_DIGEST, sha)
            .set(FulcioOid.SOURCE_REPOSITORY_REF, ref)
            .set(FulcioOid.SOURCE_REPOSITORY_IDENTIFIER, claim(t, "repository_id"))
            .set(FulcioOid.SOURCE_REPOSITORY_OWNER_URI, project)
            .set(FulcioOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, claim(t, "repository_id"))
            .set(FulcioOid.BUILD_CONFIG_URI, sourceUri + "/" + configPath + "@" + ref)
            .set(FulcioOid.BUILD_CONFIG_DIGEST, claim(t, "build_config_digest"))
            .set(FulcioOid.BUILD_TRIGGER, event)
            .set(
                FulcioOid.RUN_INVOCATION_URI, project + "/builds/" + runId + "/attempts/" + attempt)
            // The platform serves every repository publicly at {issuer}/git/NAME; an issuer that
            // says otherwise (GitHub's repository_visibility claim) is taken at its word.
            .set(
                FulcioOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING,
                t.stringClaim("repository_visibility").orElse("public"))
            .set(FulcioOid.TOKEN_SUBJECT, t.subject())
            .build();
    return new Principal(Principal.SanKind.URI, builder, ext, challenges(t.subject()));
  }

  private static List<String> challenges(String... names) {
    return new ArrayList<>(new LinkedHashSet<>(List.of(names)));
  }

  private static String require(VerifiedToken t, String name) throws IssuanceException {
    return t.stringClaim(name)
        .orElseThrow(
            () ->
                new IssuanceException(
                    Refusal.IDENTITY_UNMAPPABLE,
                    "missing claim for a "
                        + t.issuer().type().configName()
                        + " identity: expected "
                        + name
                        + ", got none"));
  }

  private static String claim(VerifiedToken t, String name) {
    return t.stringClaim(name)
        .orElseThrow(() -> new IllegalStateException("checked by require: " + name));
  }

  private static String join(String base, String path) {
    return base + (path.startsWith("/") ? path.substring(1) : path);
  }

  private static void uri(String s, String claim) throws IssuanceException {
    try {
      URI u = new URI(s);
      if (!u.isAbsolute()) {
        throw new URISyntaxException(s, "not absolute");
      }
    } catch (URISyntaxException e) {
      throw new IssuanceException(
          Refusal.IDENTITY_UNMAPPABLE, claim + " is not an absolute URI: got " + s, e);
    }
  }
}
