package dev.provenant.core.fulcio;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything a Fulcio-issued signing certificate says about its subject: the SAN, the OIDC issuer
 * and every Sigstore extension present (1.3.6.1.4.1.57264.1.1 to .24).
 *
 * <p>Values are as the certificate states them; {@link FulcioExtensions#read} decodes them but does
 * not check the certificate's signature or chain.
 *
 * @param san the subject alternative name (URI, email or OtherName username)
 * @param sanType which kind of SAN {@code san} is
 * @param issuer the OIDC issuer: 1.8 when present, else deprecated 1.1; empty if neither
 * @param extensions every Sigstore extension present, by full OID, decoded to a string
 */
public record FulcioIdentity(
    String san, SanType sanType, String issuer, Map<String, String> extensions) {
  /** Kind of subject alternative name. */
  public enum SanType {
    URI,
    EMAIL,
    OTHER_NAME,
    NONE
  }

  /** Validates and copies. */
  public FulcioIdentity {
    Objects.requireNonNull(san, "san");
    Objects.requireNonNull(sanType, "sanType");
    Objects.requireNonNull(issuer, "issuer");
    extensions = java.util.Collections.unmodifiableMap(new TreeMap<>(extensions));
  }

  /** The extension with this full OID, if present. */
  public Optional<String> extension(String oid) {
    return Optional.ofNullable(extensions.get(oid));
  }

  private @Nullable String ext(String oid) {
    return extensions.get(oid);
  }

  private @Nullable String firstOf(String v2, String v1) {
    String v = ext(v2);
    return v != null ? v : ext(v1);
  }

  /** 1.20 Build Trigger, else deprecated 1.2 GitHub Workflow Trigger (e.g. {@code push}). */
  public Optional<String> buildTrigger() {
    return Optional.ofNullable(
        firstOf(FulcioOid.BUILD_TRIGGER.oid(), FulcioOid.GITHUB_WORKFLOW_TRIGGER.oid()));
  }

  /** 1.13 Source Repository Digest, else deprecated 1.3 GitHub Workflow SHA (the commit). */
  public Optional<String> sourceRepositoryDigest() {
    return Optional.ofNullable(
        firstOf(FulcioOid.SOURCE_REPOSITORY_DIGEST.oid(), FulcioOid.GITHUB_WORKFLOW_SHA.oid()));
  }

  /** 1.12 Source Repository URI (e.g. {@code https://github.com/o/r}). */
  public Optional<String> sourceRepositoryUri() {
    return Optional.ofNullable(ext(FulcioOid.SOURCE_REPOSITORY_URI.oid()));
  }

  /** Deprecated 1.5 GitHub Workflow Repository ({@code owner/repo}). */
  public Optional<String> githubWorkflowRepository() {
    return Optional.ofNullable(ext(FulcioOid.GITHUB_WORKFLOW_REPOSITORY.oid()));
  }

  /** 1.14 Source Repository Ref, else deprecated 1.6 GitHub Workflow Ref. */
  public Optional<String> sourceRepositoryRef() {
    return Optional.ofNullable(
        firstOf(FulcioOid.SOURCE_REPOSITORY_REF.oid(), FulcioOid.GITHUB_WORKFLOW_REF.oid()));
  }

  /** 1.9 Build Signer URI. */
  public Optional<String> buildSignerUri() {
    return Optional.ofNullable(ext(FulcioOid.BUILD_SIGNER_URI.oid()));
  }

  /** 1.10 Build Signer Digest. */
  public Optional<String> buildSignerDigest() {
    return Optional.ofNullable(ext(FulcioOid.BUILD_SIGNER_DIGEST.oid()));
  }

  /** 1.11 Runner Environment ({@code github-hosted} / {@code self-hosted}). */
  public Optional<String> runnerEnvironment() {
    return Optional.ofNullable(ext(FulcioOid.RUNNER_ENVIRONMENT.oid()));
  }

  /** 1.15 Source Repository Identifier. */
  public Optional<String> sourceRepositoryIdentifier() {
    return Optional.ofNullable(ext(FulcioOid.SOURCE_REPOSITORY_IDENTIFIER.oid()));
  }

  /** 1.16 Source Repository Owner URI. */
  public Optional<String> sourceRepositoryOwnerUri() {
    return Optional.ofNullable(ext(FulcioOid.SOURCE_REPOSITORY_OWNER_URI.oid()));
  }

  /** 1.17 Source Repository Owner Identifier. */
  public Optional<String> sourceRepositoryOwnerIdentifier() {
    return Optional.ofNullable(ext(FulcioOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER.oid()));
  }

  /** 1.18 Build Config URI (the workflow file at a ref). */
  public Optional<String> buildConfigUri() {
    return Optional.ofNullable(ext(FulcioOid.BUILD_CONFIG_URI.oid()));
  }

  /** 1.19 Build Config Digest. */
  public Optional<String> buildConfigDigest() {
    return Optional.ofNullable(ext(FulcioOid.BUILD_CONFIG_DIGEST.oid()));
  }

  /** 1.21 Run Invocation URI. */
  public Optional<String> runInvocationUri() {
    return Optional.ofNullable(ext(FulcioOid.RUN_INVOCATION_URI.oid()));
  }

  /** 1.22 Source Repository Visibility At Signing. */
  public Optional<String> sourceRepositoryVisibility() {
    return Optional.ofNullable(ext(FulcioOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING.oid()));
  }

  /** 1.23 Deployment Environment. */
  public Optional<String> deploymentEnvironment() {
    return Optional.ofNullable(ext(FulcioOid.DEPLOYMENT_ENVIRONMENT.oid()));
  }

  /** 1.24 Token Subject. */
  public Optional<String> tokenSubject() {
    return Optional.ofNullable(ext(FulcioOid.TOKEN_SUBJECT.oid()));
  }
}
