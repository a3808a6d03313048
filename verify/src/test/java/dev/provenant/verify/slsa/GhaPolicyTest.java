package dev.provenant.verify.slsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.testing.Corpus;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Claims-only checks on real slsa-github-generator provenance (signatures are checked elsewhere).
 */
class GhaPolicyTest {
  static final String GO =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml";
  static final String GO_V14_2 =
      "cli/slsa-verifier/testdata/gha_go/v1.10.0/binary-linux-amd64-push-v14.2.intoto.jsonl";
  static final String GO_DIGEST =
      "370fe299114f9ff0e77a0f2ba3908e4b0c5a594334aec0afd96f99cf55fa42ba";
  static final String SRC = "github.com/slsa-framework/example-package";

  record Signed(DsseEnvelope env, WorkflowIdentity id) {}

  static Signed load(String rel) throws Exception {
    DsseEnvelope env =
        DsseEnvelopes.parse(Files.readAllBytes(Corpus.path("slsa-verifier/testdata/" + rel)));
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        env.signatures().get(0).certPem().getBytes(StandardCharsets.UTF_8)));
    return new Signed(env, WorkflowIdentity.fromCertificate(cert));
  }

  static VerificationException fails(Signed s, SlsaPolicy p, String digest) {
    return catchThrowableOfType(
        VerificationException.class,
        () ->
            GhaPolicy.verify(
                s.env(), s.id(), p, digest, GhaPolicy.ARTIFACT_DEFAULTS, new Checks()));
  }

  @Test
  void fromCertificate_goBuilderCert_readsWorkflowIdentity() throws Exception {
    Signed s = load(GO_V14_2);
    assertThat(s.id().issuer()).isEqualTo(GithubBuilders.ISSUER);
    assertThat(s.id().subjectWorkflowName()).isEqualTo(GO);
    assertThat(s.id().subjectWorkflowRef()).isEqualTo("refs/tags/v1.10.0");
    assertThat(s.id().sourceRepository()).isEqualTo("slsa-framework/example-package");
    assertThat(s.id().buildTrigger()).isEqualTo("push");
  }

  @Test
  void verify_matchingPolicy_returnsCertBuilder() throws Exception {
    Signed s = load(GO_V14_2);
    Checks checks = new Checks();
    VerifiedProvenance v =
        GhaPolicy.verify(
            s.env(),
            s.id(),
            new SlsaPolicy(SRC, GO + "@v1.10.0", null, "v14.2", null, Map.of()),
            GO_DIGEST,
            GhaPolicy.ARTIFACT_DEFAULTS,
            checks);
    assertThat(v.builderId().toString()).isEqualTo(GO + "@refs/tags/v1.10.0");
    assertThat(checks.list())
        .extracting(Checks.Check::name)
        .contains("provenance.source", "provenance.tag");
  }

  @ParameterizedTest
  @CsvSource({
    "v14, ",
    "v14.2, ",
    "v14.2.0, ",
    "v15, VERSIONED_TAG_MISMATCH",
    "v14.3, VERSIONED_TAG_MISMATCH",
    "v14.2.1, VERSIONED_TAG_MISMATCH",
    "14.2, SEMVER_INVALID",
    "v14.2.0-rc, VERSIONED_TAG_MISMATCH"
  })
  void verify_versionedTag_semverRules(String expected, String reason) throws Exception {
    Signed s = load(GO_V14_2);
    SlsaPolicy p = new SlsaPolicy(SRC, null, null, null, expected, Map.of());
    if (reason == null) {
      GhaPolicy.verify(s.env(), s.id(), p, GO_DIGEST, GhaPolicy.ARTIFACT_DEFAULTS, new Checks());
    } else {
      assertThat(fails(s, p, GO_DIGEST).reason()).isEqualTo(Reason.valueOf(reason));
    }
  }

  @Test
  void verify_otherSource_sourceMismatchFromCertificate() throws Exception {
    VerificationException e =
        fails(load(GO_V14_2), SlsaPolicy.ofSource("github.com/other/repo"), GO_DIGEST);
    assertThat(e.reason()).isEqualTo(Reason.SOURCE_MISMATCH);
    assertThat(e.check()).isEqualTo("certificate.source");
  }

  @Test
  void verify_otherDigest_subjectDigestMismatch() throws Exception {
    VerificationException e =
        fails(load(GO_V14_2), SlsaPolicy.ofSource(SRC), GO_DIGEST.replace('3', '4'));
    assertThat(e.reason()).isEqualTo(Reason.SUBJECT_DIGEST_MISMATCH);
  }

  @Test
  void verify_branchOfTagBuild_takenFromPushBaseRef() throws Exception {
    // A tag push records its branch in the event payload's base_ref (refs/heads/main here).
    GhaPolicy.verify(
        load(GO_V14_2).env(),
        load(GO_V14_2).id(),
        new SlsaPolicy(SRC, null, "main", null, null, Map.of()),
        GO_DIGEST,
        GhaPolicy.ARTIFACT_DEFAULTS,
        new Checks());
    SlsaPolicy p = new SlsaPolicy(SRC, null, "master", null, null, Map.of());
    assertThat(fails(load(GO_V14_2), p, GO_DIGEST).reason()).isEqualTo(Reason.BRANCH_MISMATCH);
  }

  @Test
  void verify_otherTag_tagMismatch() throws Exception {
    SlsaPolicy p = new SlsaPolicy(SRC, null, null, "v14.3", null, Map.of());
    assertThat(fails(load(GO_V14_2), p, GO_DIGEST).reason()).isEqualTo(Reason.TAG_MISMATCH);
  }

  @Test
  void verify_otherBuilderId_untrusted() throws Exception {
    SlsaPolicy p = SlsaPolicy.ofSource(SRC).withBuilderId(GO + "@v1.9.0");
    assertThat(fails(load(GO_V14_2), p, GO_DIGEST).reason()).isEqualTo(Reason.BUILDER_UNTRUSTED);
  }

  @Test
  void verify_workflowInputsOnPushBuild_workflowInputsMismatch() throws Exception {
    SlsaPolicy p = new SlsaPolicy(SRC, null, null, null, null, Map.of("test", "true"));
    assertThat(fails(load(GO_V14_2), p, GO_DIGEST).reason())
        .isEqualTo(Reason.WORKFLOW_INPUTS_MISMATCH);
  }

  @Test
  void verify_imageDefaultsForArtifactBuilder_untrusted() throws Exception {
    Signed s = load(GO_V14_2);
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class,
            () ->
                GhaPolicy.verify(
                    s.env(),
                    s.id(),
                    SlsaPolicy.ofSource(SRC),
                    GO_DIGEST,
                    GhaPolicy.IMAGE_DEFAULTS,
                    new Checks()));
    assertThat(e.reason()).isEqualTo(Reason.BUILDER_UNTRUSTED);
  }

  @Test
  void verifyBuilderTag_prereleaseOrBranch_refInvalid() {
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () -> GhaPolicy.verifyBuilderTag("c", "refs/tags/v1.2.3-rc.1"))
                .reason())
        .isEqualTo(Reason.REF_INVALID);
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () -> GhaPolicy.verifyBuilderTag("c", "refs/heads/main"))
                .reason())
        .isEqualTo(Reason.REF_INVALID);
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () -> GhaPolicy.verifyBuilderTag("c", "refs/tags/v1.2"))
                .reason())
        .isEqualTo(Reason.REF_INVALID);
  }

  @Test
  void fromEnvelope_unknownFieldInPredicate_payloadInvalid() throws Exception {
    Signed s = load(GO_V14_2);
    String json =
        new String(s.env().payload(), StandardCharsets.UTF_8)
            .replace("\"buildType\":", "\"extraField\":1,\"buildType\":");
    DsseEnvelope tampered =
        DsseEnvelope.of(
            s.env().payloadType(), json.getBytes(StandardCharsets.UTF_8), s.env().signatures());
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class, () -> SlsaProvenances.fromEnvelope(GO, tampered));
    assertThat(e.reason()).isEqualTo(Reason.DSSE_PAYLOAD_INVALID);
  }

  @Test
  void fromEnvelope_caseInsensitiveKey_acceptedAsGoDoes() throws Exception {
    Signed s = load(GO_V14_2);
    String json =
        new String(s.env().payload(), StandardCharsets.UTF_8)
            .replace("\"buildType\":", "\"BuildType\":");
    DsseEnvelope env =
        DsseEnvelope.of(
            s.env().payloadType(), json.getBytes(StandardCharsets.UTF_8), s.env().signatures());
    assertThat(SlsaProvenances.fromEnvelope(GO, env).buildType()).endsWith("go@v1");
  }

  @Test
  void fromEnvelope_builderWithoutFormat_builderIdInvalid() throws Exception {
    Signed s = load(GO_V14_2);
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class,
            () -> SlsaProvenances.fromEnvelope("https://github.com/other/builder.yml", s.env()));
    assertThat(e.reason()).isEqualTo(Reason.BUILDER_ID_INVALID);
  }
}
