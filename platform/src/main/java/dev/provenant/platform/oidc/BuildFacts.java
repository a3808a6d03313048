package dev.provenant.platform.oidc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the platform's own build record says about one build attempt: the facts the workload issuer
 * puts in the token. They come from the platform, never from the requester.
 *
 * @param repository the repository name ({@code NAME} in {@code {web}/git/NAME})
 * @param projectId the project id (claim {@code repository_id})
 * @param tag the tag the build was triggered by, e.g. {@code v1.2.3}
 * @param commit the tagged commit, 40 lowercase hex
 * @param buildConfigPath the build config's path in the repository, e.g. {@code
 *     .provenant/build.yaml}
 * @param buildConfigSha256 SHA-256 of the build config's bytes, 64 lowercase hex
 * @param buildId the build id
 * @param attempt the attempt number, from 1
 */
public record BuildFacts(
    String repository,
    String projectId,
    String tag,
    String commit,
    String buildConfigPath,
    String buildConfigSha256,
    String buildId,
    int attempt) {
  private static final Pattern NAME =
      Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$");
  private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");
  private static final Pattern SHA1 = Pattern.compile("^[0-9a-f]{40}$");
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

  /** Validates the shapes the certificate extensions and URIs rely on. */
  public BuildFacts {
    check(NAME, repository, "repository");
    check(SEGMENT, projectId, "projectId");
    check(SEGMENT, tag, "tag");
    check(SHA1, commit, "commit");
    Objects.requireNonNull(buildConfigPath, "buildConfigPath");
    if (buildConfigPath.isEmpty()
        || buildConfigPath.startsWith("/")
        || buildConfigPath.contains("..")
        || buildConfigPath.contains("@")) {
      throw new IllegalArgumentException(
          "buildConfigPath must be a plain relative path: got " + buildConfigPath);
    }
    check(SHA256, buildConfigSha256, "buildConfigSha256");
    check(SEGMENT, buildId, "buildId");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: expected >= 1, got " + attempt);
    }
  }

  /** {@code refs/tags/<tag>}. */
  public String ref() {
    return "refs/tags/" + tag;
  }

  private static void check(Pattern p, String v, String what) {
    if (v == null || !p.matcher(v).matches()) {
      throw new IllegalArgumentException(what + ": expected " + p.pattern() + ", got " + v);
    }
  }
}
