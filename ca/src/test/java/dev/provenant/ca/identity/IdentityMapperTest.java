package dev.provenant.ca.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.cert.FulcioOid;
import dev.provenant.testkit.oidc.TokenProfiles;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.oidc.VerifiedToken;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityMapperTest {
  static final String PLATFORM = "https://build.example.test";

  static VerifiedToken token(IssuerType type, String issuer, Map<String, Object> claims) {
    return new VerifiedToken(TrustedIssuer.of(issuer, type), String.valueOf(claims.get("sub")), Instant.now(), claims);
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
  void map_platformToken_builderSanAndSourceExtensions() throws Exception {
    Map<String, Object> c = TokenProfiles.claims("provenant", PLATFORM, Map.of());
    Principal p = IdentityMapper.map(token(IssuerType.PROVENANT_PLATFORM, PLATFORM, c));
    assertThat(p.sanKind()).isEqualTo(Principal.SanKind.URI);
    assertThat(p.san()).isEqualTo(PLATFORM + "/generators/slsa3@v1");
    assertThat(p.extensions().get(FulcioOid.BUILD_SIGNER_URI)).contains(PLATFORM + "/generators/slsa3@v1");
    assertThat(p.extensions().get(FulcioOid.SOURCE_REPOSITORY_URI)).contains("https://git.example.test/acme/widget");
    assertThat(p.extensions().get(FulcioOid.SOURCE_REPOSITORY_REF)).contains("refs/tags/v1.0.0");
    assertThat(p.extensions().get(FulcioOid.RUN_INVOCATION_URI)).contains(PLATFORM + "/runs/1");
    assertThat(p.extensions().get(FulcioOid.ISSUER)).contains(PLATFORM);
    // The deprecated GitHub-only OIDs are not claimed for a non-GitHub platform.
    assertThat(p.extensions().get(FulcioOid.GITHUB_WORKFLOW_REPOSITORY)).isEmpty();
  }

  @Test
  void map_platformBuilderOutsideIssuer_refusedIdentityUnmappable() {
    Map<String, Object> c = new HashMap<>(TokenProfiles.claims("provenant", PLATFORM, Map.of()));
    c.put("builder_id", "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0");
    assertThat(refusalOf(token(IssuerType.PROVENANT_PLATFORM, PLATFORM, c))).isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_githubTokenMissingRunAttempt_refusedIdentityUnmappable() {
    Map<String, Object> c = new HashMap<>(TokenProfiles.claims("github-actions", PLATFORM, Map.of()));
    c.remove("run_attempt");
    assertThat(refusalOf(token(IssuerType.GITHUB_WORKFLOW, "https://token.actions.githubusercontent.com", c)))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_unverifiedEmail_refusedIdentityUnmappable() {
    Map<String, Object> c = Map.of("sub", "x", "email", "a@b.test", "email_verified", false);
    assertThat(refusalOf(token(IssuerType.EMAIL, PLATFORM, c))).isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_emailIssuerGivenWorkflowToken_refusedIdentityUnmappable() {
    Map<String, Object> c = TokenProfiles.claims("github-actions", PLATFORM, Map.of());
    assertThat(refusalOf(token(IssuerType.EMAIL, PLATFORM, c))).isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
  }

  @Test
  void map_emailToken_challengesAreEmailThenSubject() throws Exception {
    Map<String, Object> c = Map.of("sub", "12345", "email", "a@b.test", "email_verified", true);
    Principal p = IdentityMapper.map(token(IssuerType.EMAIL, PLATFORM, c));
    assertThat(p.challenges()).containsExactly("a@b.test", "12345");
    assertThat(p.extensions().get(FulcioOid.TOKEN_SUBJECT)).contains("12345");
  }
}
