package dev.provenant.verify.slsa;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One builder a verifier trusts: who signs for it (OIDC issuer, certificate identity), where its
 * sources live, and which provenance it writes. GitHub's builders are built-in entries ({@link
 * GithubBuilders#BUILT_IN}); a Provenant instance's own come from its builders file ({@link
 * BuildersFile}).
 *
 * @param id the builder id without version, e.g. {@code http://127.0.0.1:8080/generators/slsa3}
 * @param oidcIssuer the OIDC issuer the signing certificate must name (Fulcio OID .8)
 * @param certificateIdentityRegexp a regular expression the certificate's SAN URI must match as a
 *     whole
 * @param sourceRepositoryUriPrefix what the certificate's source repository URI (OID .12) must
 *     start with
 * @param buildTypes the provenance formats the builder writes (at least one)
 */
public record TrustedBuilder(
    String id,
    String oidcIssuer,
    String certificateIdentityRegexp,
    String sourceRepositoryUriPrefix,
    List<BuildType> buildTypes) {

  /**
   * A provenance format a builder writes: predicate type and build type, and the flavour that
   * decides how the claims are read.
   *
   * @param predicateType e.g. {@code https://slsa.dev/provenance/v1}
   * @param uri the build type URI
   * @param kind how the views read this format's claims
   */
  public record BuildType(String predicateType, String uri, SlsaProvenance.Kind kind) {
    /** Validates. */
    public BuildType {
      Objects.requireNonNull(predicateType, "predicateType");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the identity regexp does not compile or there is no build
   *     type
   */
  public TrustedBuilder {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(oidcIssuer, "oidcIssuer");
    Objects.requireNonNull(certificateIdentityRegexp, "certificateIdentityRegexp");
    Objects.requireNonNull(sourceRepositoryUriPrefix, "sourceRepositoryUriPrefix");
    buildTypes = List.copyOf(buildTypes);
    if (buildTypes.isEmpty()) {
      throw new IllegalArgumentException("builder " + id + " has no build type");
    }
    try {
      Pattern.compile(certificateIdentityRegexp);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "certificateIdentityRegexp of " + id + " does not compile: " + e.getDescription(), e);
    }
  }

  /** Whether {@code san} is an identity of this builder (the regexp matches the whole SAN). */
  public boolean identityMatches(String san) {
    return Pattern.compile(certificateIdentityRegexp).matcher(san).matches();
  }

  /** The build types this builder writes with {@code predicateType}, in order. */
  public List<BuildType> buildTypesFor(String predicateType) {
    return buildTypes.stream().filter(t -> t.predicateType().equals(predicateType)).toList();
  }
}
