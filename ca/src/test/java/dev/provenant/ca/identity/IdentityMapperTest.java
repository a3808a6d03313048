package dev.provenant.ca.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.oidc.VerifiedToken;
import dev.provenant.core.fulcio.FulcioOid;
import dev.provenant.testkit.oidc.TokenProfiles;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityMapperTest {
  static final String PLATFORM = "https://build.example.test";

  static VerifiedToken token(IssuerType type, String issuer, Map<String, Object> claims) {
    return new VerifiedToken(
        TrustedIssuer.of(issuer, type), String.valueOf(claims.get("sub")), Instant.now(), claims);
  }

  static Refusal refusalOf(VerifiedToken t) {
    try {
      IdentityMapper.map(t);
    } catch (IssuanceException e) {
      return e.refusal();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void map_platformToken_extensionsAsThePlatformContractSays() throws Exception {
    Map<String, Object> c =
        TokenProfiles.claims(
            "provenant",
            PLATFORM,
            Map.of(
                "repository",
                "widget",
                "ref",
                "refs/tags/v1.2.3",
                "run_id",
                "42",
                "run_attempt",
                "2",
                "repository_id",
                "7"));
    Principal p = IdentityMapper.map(token(IssuerType.PROVENANT_PLATFORM, PLATFORM, c));
    String sha = (String) c.get("sha");
    assertThat(p.sanKind()).isEqualTo(Principal.SanKind.URI);
    assertThat(p.san()).isEqualTo(PLATFORM + "/generators/slsa3@v1");
    Map<FulcioOid, String> want = new java.util.EnumMap<>(FulcioOid.class);
    want.put(FulcioOid.ISSUER_V1, PLATFORM);
    want.put(FulcioOid.ISSUER_V2, PLATFORM);
    want.put(FulcioOid.BUILD_SIGNER_URI, PLATFORM + "/generators/slsa3@v1");
    want.put(FulcioOid.BUILD_SIGNER_DIGEST, sha);
    want.put(FulcioOid.RUNNER_ENVIRONMENT, "platform-hosted");
    want.put(FulcioOid.SOURCE_REPOSITORY_URI, PLATFORM + "/git/widget");
    want.put(FulcioOid.SOURCE_REPOSITORY_DIGEST, sha);
    want.put(FulcioOid.SOURCE_REPOSITORY_REF, "refs/tags/v1.2.3");
    want.put(FulcioOid.SOURCE_REPOSITORY_IDENTIFIER, "7");
    want.put(FulcioOid.SOURCE_REPOSITORY_OWNER_URI, PLATFORM + "/projects/widget");
    want.put(FulcioOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, "7");
    want.put(
        FulcioOid.BUILD_CONFIG_URI,
        PLATFORM + "/git/widget/.provenant/build.yaml@refs/tags/v1.2.3");
    want.put(FulcioOid.BUILD_CONFIG_DIGEST, (String) c.get("build_config_digest"));
    want.put(FulcioOid.BUILD_TRIGGER, "push");
    want.put(FulcioOid.RUN_INVOCATION_URI, PLATFORM + "/projects/widget/builds/42/attempts/2");
    want.put(FulcioOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING, "public");
    want.put(FulcioOid.TOKEN_SUBJECT, "repo:widget:ref:refs/tags/v1.2.3");
    // Exactly these: the deprecated GitHub-only OIDs (1.2-1.6) are not claimed for another
    // platform.
    assertThat(p.extensions().values()).isEqualTo(want);
  }

  @Test
  void map_platformBuilderOutsideIssuer_refusedIdentityUnmappable() {
    Map<String, Object> c = new HashMap<>(TokenProfiles.claims("provenant", PLATFORM, Map.of()));
    c.put(
        "builder_id",
        "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0");
    assertThat(refusalOf(token(IssuerType.PROVENANT_PLATFORM, PLATFORM, c)))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_platformSourceOutsideIssuer_refusedIdentityUnmappable() {
    Map<String, Object> c = new HashMap<>(TokenProfiles.claims("provenant", PLATFORM, Map.of()));
    c.put("source_repository_uri", "https://github.com/acme/widget");
    assertThat(refusalOf(token(IssuerType.PROVENANT_PLATFORM, PLATFORM, c)))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_platformTokenMissingBuildConfigDigest_refusedIdentityUnmappable() {
    Map<String, Object> c = new HashMap<>(TokenProfiles.claims("provenant", PLATFORM, Map.of()));
    c.remove("build_config_digest");
    assertThat(refusalOf(token(IssuerType.PROVENANT_PLATFORM, PLATFORM, c)))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_githubTokenMissingRunAttempt_refusedIdentityUnmappable() {
    Map<String, Object> c =
        new HashMap<>(TokenProfiles.claims("github-actions", PLATFORM, Map.of()));
    c.remove("run_attempt");
    assertThat(
            refusalOf(
                token(
                    IssuerType.GITHUB_WORKFLOW, "https://token.actions.githubusercontent.com", c)))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_unverifiedEmail_refusedIdentityUnmappable() {
    Map<String, Object> c = Map.of("sub", "x", "email", "a@b.test", "email_verified", false);
    assertThat(refusalOf(token(IssuerType.EMAIL, PLATFORM, c)))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_emailIssuerGivenWorkflowToken_refusedIdentityUnmappable() {
    Map<String, Object> c = TokenProfiles.claims("github-actions", PLATFORM, Map.of());
    assertThat(refusalOf(token(IssuerType.EMAIL, PLATFORM, c)))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_emailToken_challengesAreEmailThenSubject() throws Exception {
    Map<String, Object> c = Map.of("sub", "12345", "email", "a@b.test", "email_verified", true);
    Principal p = IdentityMapper.map(token(IssuerType.EMAIL, PLATFORM, c));
    assertThat(p.challenges()).containsExactly("a@b.test", "12345");
    assertThat(p.extensions().get(FulcioOid.TOKEN_SUBJECT)).contains("12345");
  }
}
