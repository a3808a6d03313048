package dev.provenant.platform.oidc;

import java.net.URI;
import java.util.Objects;

/**
 * The URLs of one platform instance, as the platform contract names them: issuer {@code {web}},
 * builder {@code {web}/generators/slsa3@VERSION}, repositories {@code {web}/git/NAME}, projects
 * {@code {web}/projects/NAME}, runs {@code {web}/projects/NAME/builds/ID/attempts/N}. One home for
 * these shapes, so the token, the certificate and the provenance cannot drift apart.
 *
 * @param web the platform's base URL without a trailing slash (also the OIDC issuer URL)
 * @param version the builder version, e.g. {@code v0.1.0}
 */
public record PlatformIdentity(String web, String version) {
  /** Provenant's version, the generator's builder version. */
  public static final String VERSION = "v0.1.0";

  /** Claim and extension 1.11 value for builds on the platform's own runners. */
  public static final String RUNNER_ENVIRONMENT = "platform-hosted";

  /** Claim {@code event_name} and extension 1.20: releases are built on tag pushes. */
  public static final String EVENT = "push";

  /** Validates: an absolute http(s) URL without query, fragment or trailing slash. */
  public PlatformIdentity {
    Objects.requireNonNull(web, "web");
    Objects.requireNonNull(version, "version");
    URI u = URI.create(web);
    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
        || u.getHost() == null
        || u.getRawQuery() != null
        || u.getRawFragment() != null
        || web.endsWith("/")) {
      throw new IllegalArgumentException(
          "platform URL: expected http(s)://host[:port][/path] without a trailing slash, got "
              + web);
    }
    if (!version.matches("^v[0-9]+\\.[0-9]+\\.[0-9]+$")) {
      throw new IllegalArgumentException("builder version: expected vX.Y.Z, got " + version);
    }
  }

  /** This instance at Provenant's version. */
  public static PlatformIdentity of(String web) {
    return new PlatformIdentity(web, VERSION);
  }

  /** The OIDC issuer URL ({@code iss}). */
  public String issuer() {
    return web;
  }

  /** The builder id and certificate SAN. */
  public String builderId() {
    return web + "/generators/slsa3@" + version;
  }

  /** Where repository {@code name} is served (certificate 1.12). */
  public String gitUri(String name) {
    return web + "/git/" + name;
  }

  /** The project page of {@code name} (certificate 1.16). */
  public String projectUri(String name) {
    return web + "/projects/" + name;
  }

  /** The run invocation URI (certificate 1.21, provenance invocationId). */
  public String invocationUri(String name, String buildId, int attempt) {
    return projectUri(name) + "/builds/" + buildId + "/attempts/" + attempt;
  }
}
