package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.sign.bundle.BundleSigner;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.SlsaVerifierErrors;
import dev.provenant.verify.slsa.VerifiedProvenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-artifact --builders}: provenance of a Provenant instance's generator, shaped as the
 * platform contract says (certificate, SLSA v1 sandbox provenance, builders file), signed for real
 * against an in-process OIDC issuer (standing in for the platform's workload issuer), CA and log,
 * and verified with the instance's trusted root. Each negative case changes one thing and must fail
 * for its own reason.
 */
class ConfiguredBuilderCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = AttestFixture.COMMIT;
  private static final String OTHER_COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
  private static final String TAG = AttestFixture.TAG;

  @TempDir static Path dir;
  static AttestFixture fx;
  static String web;
  static Path trustedRoot;
  static SigningConfig signing;
  static Path artifact;
  static Path sbom;
  static Path builders;
  static Path provenance;

  @BeforeAll
  static void start() throws Exception {
    fx = AttestFixture.start(dir);
    trustedRoot = fx.trustedRoot;
    signing = SigningConfig.parse(Files.readAllBytes(fx.signingConfig));
    web = fx.web;
    artifact = dir.resolve("widget-1.2.3.tar.gz");
    Files.writeString(artifact, "release payload\n");
    sbom = dir.resolve("widget.cdx.json");
    Files.writeString(sbom, "{\"bomFormat\":\"CycloneDX\"}\n");
    builders = fx.builders;
    provenance = dir.resolve("provenance.intoto.jsonl");
    Files.writeString(provenance, sign(builderSan(), TAG, provenanceStatement(TAG, COMMIT)) + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  static String builderSan() {
    return fx.builderSan();
  }

  static String buildersFile(String base, String issuer) throws Exception {
    return AttestFixture.buildersFile(base, issuer);
  }

  /** A sandbox build's provenance (contract: "Provenance") naming the artifact and the SBOM. */
  static byte[] provenanceStatement(String tag, String commit) throws Exception {
    ObjectNode st = JSON.createObjectNode();
    st.put("_type", "https://in-toto.io/Statement/v1");
    ArrayNode subjects = st.putArray("subject");
    for (Path p : List.of(artifact, sbom)) {
      subjects
          .addObject()
          .put("name", p.getFileName().toString())
          .putObject("digest")
          .put("sha256", Hex.encode(Sha256.hashFile(p)));
    }
    st.put("predicateType", "https://slsa.dev/provenance/v1");
    ObjectNode pred = fx.provenancePredicate(tag, commit);
    ((ObjectNode) pred.get("runDetails"))
        .putArray("byproducts")
        .addObject()
        .put("name", "build.log")
        .putObject("digest")
        .put("sha256", "cd".repeat(32));
    st.set("predicate", pred);
    return JSON.writeValueAsBytes(st);
  }

  /**
   * A bundle over {@code statement}, signed with a certificate for the generator {@code san} at
   * {@code tag}.
   */
  static String sign(String san, String tag, byte[] statement) throws Exception {
    String token = fx.token(san, tag);
    return BundleSigner.create(signing, Instant.now()).sign(token, statement, true);
  }

  static String sourceUri() {
    return fx.sourceUri();
  }

  /**
   * The acceptance command line with {@code overrides} applied to its options (null: option left
   * out).
   */
  static String[] command(Map<String, String> overrides, Path... artifacts) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("--provenance-path", provenance.toString());
    o.put("--source-uri", sourceUri());
    o.put("--source-tag", TAG);
    o.put("--builder-id", builderSan());
    o.put("--trusted-root", trustedRoot.toString());
    o.put("--builders", builders.toString());
    o.putAll(overrides);
    o.values().removeIf(java.util.Objects::isNull);
    List<String> args = new java.util.ArrayList<>(List.of("verify-artifact"));
    o.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    for (Path a : artifacts) {
      args.add(a.toString());
    }
    return args.toArray(new String[0]);
  }

  /** Verifies through the API the command uses, for the failure reason. */
  static VerifiedProvenance verify(
      Path provenanceFile, Path buildersFile, SlsaPolicy policy, Path art) throws Exception {
    SlsaVerifier v = SlsaVerifiers.create(trustedRoot, null, SlsaVerifiers.builders(buildersFile));
    return v.verifyArtifact(
        Files.readAllBytes(provenanceFile),
        VerifyArtifactCommand.sha256(art),
        policy,
        SlsaVerifier.TlogMode.ONLINE,
        new Checks(),
        s -> {});
  }

  static SlsaPolicy policy() {
    return new SlsaPolicy(sourceUri(), builderSan(), null, TAG, null, Map.of());
  }

  static Reason failure(Path provenanceFile, Path buildersFile, SlsaPolicy policy, Path art) {
    VerificationException e =
        catchThrowableOfType(
            () -> verify(provenanceFile, buildersFile, policy, art), VerificationException.class);
    assertThat(e).as("verification must fail").isNotNull();
    return e.reason();
  }

  static Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void verifyArtifact_platformRelease_passesForEveryReleasedFile() throws Exception {
    assertThat(Main.run(command(Map.of(), artifact, sbom))).isZero();
    VerifiedProvenance v = verify(provenance, builders, policy(), artifact);
    assertThat(v.builderId().toString()).isEqualTo(builderSan());
    assertThat(v.identity().sourceSha1()).isEqualTo(COMMIT);
    assertThat(v.identity().sourceRepository()).isEqualTo(sourceUri());
    assertThat(v.logIndex()).isNotNegative();
  }

  @Test
  void verifyArtifact_builderIdWithoutVersion_passes() throws Exception {
    assertThat(Main.run(command(Map.of("--builder-id", web + "/generators/slsa3"), artifact)))
        .isZero();
    assertThat(
            verify(
                    provenance,
                    builders,
                    policy().withBuilderId(web + "/generators/slsa3"),
                    artifact)
                .builderId())
        .hasToString(builderSan());
  }

  @Test
  void verifyArtifact_otherBuilderVersion_builderMismatch() throws Exception {
    assertThat(
            failure(
                provenance,
                builders,
                policy().withBuilderId(web + "/generators/slsa3@v0.2.0"),
                artifact))
        .isEqualTo(Reason.BUILDER_MISMATCH);
    assertThat(
            Main.run(command(Map.of("--builder-id", web + "/generators/slsa3@v0.2.0"), artifact)))
        .isEqualTo(ExitCode.POLICY_MISMATCH.code());
  }

  @Test
  void verifyArtifact_certificateOfAnotherGenerator_identityMismatch() throws Exception {
    Path other =
        write(
            "other.intoto.jsonl",
            sign(web + "/generators/other@v0.1.0", TAG, provenanceStatement(TAG, COMMIT)));
    assertThat(failure(other, builders, policy(), artifact)).isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void verifyArtifact_entryOfAnotherIssuer_issuerMismatch() throws Exception {
    Path b = write("builders-other-issuer.json", buildersFile(web, "https://issuer.example.test"));
    assertThat(failure(provenance, b, policy(), artifact)).isEqualTo(Reason.ISSUER_MISMATCH);
    assertThat(SlsaVerifierErrors.matches("ErrorInvalidOIDCIssuer", Reason.ISSUER_MISMATCH))
        .isTrue();
  }

  @Test
  void verifyArtifact_otherSourceUri_sourceMismatch() throws Exception {
    SlsaPolicy p = new SlsaPolicy(sourceUri() + "-fork", builderSan(), null, TAG, null, Map.of());
    assertThat(failure(provenance, builders, p, artifact)).isEqualTo(Reason.SOURCE_MISMATCH);
    assertThat(Main.run(command(Map.of("--source-uri", "github.com/acme/widget"), artifact)))
        .isEqualTo(ExitCode.POLICY_MISMATCH.code());
  }

  @Test
  void verifyArtifact_otherTag_tagMismatch() throws Exception {
    SlsaPolicy p = new SlsaPolicy(sourceUri(), builderSan(), null, "v1.2.4", null, Map.of());
    assertThat(failure(provenance, builders, p, artifact)).isEqualTo(Reason.TAG_MISMATCH);
  }

  @Test
  void verifyArtifact_otherRefExpectations_versionedTagBranchAndInputsJudged() throws Exception {
    verify(
        provenance,
        builders,
        new SlsaPolicy(sourceUri(), builderSan(), null, null, "v1.2", Map.of()),
        artifact);
    assertThat(
            failure(
                provenance,
                builders,
                new SlsaPolicy(sourceUri(), builderSan(), null, null, "v2", Map.of()),
                artifact))
        .isEqualTo(Reason.VERSIONED_TAG_MISMATCH);
    assertThat(
            failure(
                provenance,
                builders,
                new SlsaPolicy(sourceUri(), builderSan(), "main", null, null, Map.of()),
                artifact))
        .isEqualTo(Reason.BRANCH_MISMATCH);
    assertThat(
            failure(
                provenance,
                builders,
                new SlsaPolicy(sourceUri(), builderSan(), null, TAG, null, Map.of("k", "v")),
                artifact))
        .isEqualTo(Reason.NOT_SUPPORTED);
  }

  @Test
  void verifyArtifact_provenanceNamesAnotherTagThanCertificate_tagMismatch() throws Exception {
    Path p =
        write(
            "other-tag.intoto.jsonl",
            sign(builderSan(), TAG, provenanceStatement("v9.9.9", COMMIT)));
    assertThat(failure(p, builders, policy(), artifact)).isEqualTo(Reason.TAG_MISMATCH);
  }

  @Test
  void verifyArtifact_provenanceCommitNotCertificates_certificateProvenanceMismatch()
      throws Exception {
    Path p =
        write(
            "other-commit.intoto.jsonl",
            sign(builderSan(), TAG, provenanceStatement(TAG, OTHER_COMMIT)));
    assertThat(failure(p, builders, policy(), artifact))
        .isEqualTo(Reason.CERTIFICATE_PROVENANCE_MISMATCH);
    assertThat(
            SlsaVerifierErrors.matches(
                "ErrorMismatchCertificate", Reason.CERTIFICATE_PROVENANCE_MISMATCH))
        .isTrue();
  }

  @Test
  void verifyArtifact_tamperedArtifact_subjectDigestMismatch() throws Exception {
    Path tampered = write("widget-1.2.3-tampered.tar.gz", "release payload, changed\n");
    assertThat(failure(provenance, builders, policy(), tampered))
        .isEqualTo(Reason.SUBJECT_DIGEST_MISMATCH);
    assertThat(SlsaVerifierErrors.matches("ErrorMismatchHash", Reason.SUBJECT_DIGEST_MISMATCH))
        .isTrue();
    assertThat(Main.run(command(Map.of(), artifact, tampered)))
        .isEqualTo(ExitCode.POLICY_MISMATCH.code());
  }

  @Test
  void verifyArtifact_builderNotInFile_verifierNotSupported() throws Exception {
    Path b =
        write("builders-elsewhere.json", buildersFile("http://127.0.0.1:1", "http://127.0.0.1:1"));
    assertThat(failure(provenance, b, policy(), artifact)).isEqualTo(Reason.VERIFIER_NOT_SUPPORTED);
    assertThat(failure(provenance, null, policy(), artifact))
        .isEqualTo(Reason.VERIFIER_NOT_SUPPORTED);
    assertThat(Main.run(command(Map.of("--builders", b.toString()), artifact)))
        .isEqualTo(ExitCode.POLICY_MISMATCH.code());
  }

  @Test
  void verifyArtifact_noBuilderId_builderChosenBySignerFromTheFile() throws Exception {
    Map<String, String> noBuilderId = new LinkedHashMap<>();
    noBuilderId.put("--builder-id", null);
    assertThat(Main.run(command(noBuilderId, artifact))).isZero();
    SlsaPolicy p = new SlsaPolicy(sourceUri(), null, null, TAG, null, Map.of());
    assertThat(verify(provenance, builders, p, artifact).builderId()).hasToString(builderSan());
    // The file's entry still judges the signer: another issuer in it means no configured builder,
    // and GitHub's defaults do not trust the platform's certificate.
    Path other =
        write("builders-other-issuer-2.json", buildersFile(web, "https://issuer.example.test"));
    assertThat(failure(provenance, other, p, artifact))
        .isIn(Reason.CERTIFICATE_MALFORMED, Reason.ISSUER_MISMATCH);
    assertThat(failure(provenance, null, p, artifact))
        .isIn(Reason.CERTIFICATE_MALFORMED, Reason.ISSUER_MISMATCH);
  }

  @Test
  void verifyArtifact_malformedBuildersFile_badInputExit() throws Exception {
    Path b =
        write(
            "builders-malformed.json",
            "{\"builders\":[{\"id\":\"" + web + "/generators/slsa3\"}]}");
    assertThat(failure(provenance, b, policy(), artifact)).isEqualTo(Reason.INPUT_MALFORMED);
    assertThat(Main.run(command(Map.of("--builders", b.toString()), artifact)))
        .isEqualTo(ExitCode.USAGE.code());
    assertThat(
            Main.run(
                command(Map.of("--builders", dir.resolve("absent.json").toString()), artifact)))
        .isEqualTo(ExitCode.USAGE.code());
  }
}
