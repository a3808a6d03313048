package dev.provenant.testkit.oidc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claim sets the development issuer can mint by name, each a realistic default that the caller
 * overrides claim by claim: {@code email} (a person), {@code github-actions} (a GitHub Actions job
 * token, claims as GitHub documents them), {@code provenant} (a Provenant platform build, see the
 * ca README "Platform identities").
 */
public final class TokenProfiles {
  private TokenProfiles() {}

  /**
   * Default claims for {@code profile}, with {@code overrides} applied last.
   *
   * @param issuerUrl the issuer (platform builder ids live under it)
   * @throws IllegalArgumentException if the profile is unknown
   */
  public static Map<String, Object> claims(
      String profile, String issuerUrl, Map<String, Object> overrides) {
    Map<String, Object> c = new LinkedHashMap<>();
    String base =
        issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
    switch (profile) {
      case "none" -> {}
      case "email" -> {
        String sub = String.valueOf(overrides.getOrDefault("sub", "dev-user"));
        c.put("sub", sub);
        c.put("email", sub.contains("@") ? sub : sub + "@example.test");
        c.put("email_verified", true);
      }
      case "github-actions" -> {
        String repo = String.valueOf(overrides.getOrDefault("repository", "provenant-dev/demo"));
        String ref = String.valueOf(overrides.getOrDefault("ref", "refs/tags/v1.0.0"));
        String sha =
            String.valueOf(
                overrides.getOrDefault("sha", "0123456789abcdef0123456789abcdef01234567"));
        String wf = ".github/workflows/release.yml";
        c.put("sub", "repo:" + repo + ":ref:" + ref);
        c.put("repository", repo);
        c.put("repository_owner", repo.substring(0, Math.max(repo.indexOf('/'), 0)));
        c.put("repository_id", "100001");
        c.put("repository_owner_id", "200002");
        c.put("repository_visibility", "public");
        c.put("ref", ref);
        c.put("ref_type", ref.startsWith("refs/tags/") ? "tag" : "branch");
        c.put("sha", sha);
        c.put("workflow", "release");
        c.put("workflow_ref", repo + "/" + wf + "@" + ref);
        c.put("workflow_sha", sha);
        c.put("job_workflow_ref", repo + "/" + wf + "@" + ref);
        c.put("job_workflow_sha", sha);
        c.put("event_name", "push");
        c.put("run_id", "3000003");
        c.put("run_number", "7");
        c.put("run_attempt", "1");
        c.put("runner_environment", "github-hosted");
        c.put("actor", "maintainer");
        c.put("actor_id", "300003");
      }
      case "provenant" -> {
        // The platform contract's claims (see IdentityMapper.PLATFORM_REQUIRED).
        String repo = String.valueOf(overrides.getOrDefault("repository", "widget"));
        String ref = String.valueOf(overrides.getOrDefault("ref", "refs/tags/v1.0.0"));
        c.put("sub", "repo:" + repo + ":ref:" + ref);
        c.put("builder_id", base + "/generators/slsa3@v1");
        c.put("repository", repo);
        c.put("repository_id", "1");
        c.put("source_repository_uri", base + "/git/" + repo);
        c.put("sha", "0123456789abcdef0123456789abcdef01234567");
        c.put("ref", ref);
        c.put("build_config_path", ".provenant/build.yaml");
        c.put(
            "build_config_digest",
            "0000000000000000000000000000000000000000000000000000000000000000");
        c.put("run_id", "1");
        c.put("run_attempt", "1");
        c.put("event_name", "push");
        c.put("runner_environment", "platform-hosted");
        c.put("repository_visibility", "public");
      }
      default ->
          throw new IllegalArgumentException(
              "unknown profile " + profile + " (email, github-actions, provenant, none)");
    }
    c.putAll(overrides);
    return c;
  }
}
