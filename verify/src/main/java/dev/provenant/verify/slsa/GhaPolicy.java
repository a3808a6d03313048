package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.intoto.Subject;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.Map;
import java.util.Set;

/**
 * The SLSA policy for provenance signed by a GitHub Actions workflow (slsa-github-generator and
 * compatible builders), in slsa-verifier's order: builder identity from the certificate, source
 * repository from the certificate, then the provenance claims (builder id, source, subject digest,
 * branch, tag, versioned tag, workflow inputs). Each failed check throws a {@link
 * VerificationException} naming the check and a precise {@link Reason}.
 *
 * <p>The signature, certificate chain and transparency log must have been verified before; this
 * class only judges claims.
 */
public final class GhaPolicy {
  private static final String WORKFLOWS =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/";
  private static final String JRELEASER = "https://github.com/jreleaser/release-action";

  /** Trusted by default for {@code verify-artifact}. */
  public static final Set<String> ARTIFACT_DEFAULTS =
      Set.of(
          GithubBuilders.GENERIC,
          GithubBuilders.GO,
          GithubBuilders.CONTAINER_BASED,
          GithubBuilders.DELEGATOR_GENERIC,
          GithubBuilders.DELEGATOR_LOWPERMS);

  /** Trusted by default for {@code verify-image}. */
  public static final Set<String> IMAGE_DEFAULTS = Set.of(GithubBuilders.CONTAINER);

  /** The BYOB delegators (trusted by default for npm). */
  public static final Set<String> BYOB_DELEGATORS =
      Set.of(GithubBuilders.DELEGATOR_GENERIC, GithubBuilders.DELEGATOR_LOWPERMS);

  private GhaPolicy() {}

  /** A trusted builder identity from the certificate, and whether it is a BYOB delegator. */
  public record CertBuilder(BuilderId id, boolean byob) {}

  /**
   * Checks the certificate's workflow identity against the user's builder id or the defaults.
   *
   * @param expectedBuilderId {@code --builder-id}, null or "" for the defaults
   * @throws VerificationException ISSUER_MISMATCH, CERTIFICATE_MALFORMED, BUILDER_UNTRUSTED or
   *     REF_INVALID
   */
  public static CertBuilder verifyBuilderIdentity(
      WorkflowIdentity id, String expectedBuilderId, Set<String> defaults, Checks checks)
      throws VerificationException {
    return verifyBuilderIdentity(id, expectedBuilderId, defaults, false, checks);
  }

  /** As above; {@code testing} applies slsa-verifier's SLSA_VERIFIER_TESTING exceptions. */
  public static CertBuilder verifyBuilderIdentity(
      WorkflowIdentity id,
      String expectedBuilderId,
      Set<String> defaults,
      boolean testing,
      Checks checks)
      throws VerificationException {
    if (!GithubBuilders.ISSUER.equals(id.issuer())) {
      throw new VerificationException(
          "certificate.issuer",
          Reason.ISSUER_MISMATCH,
          "certificate not issued for a GitHub Actions token",
          GithubBuilders.ISSUER,
          id.issuer());
    }
    checks.pass("certificate.issuer", GithubBuilders.ISSUER, id.issuer());
    String workflow = id.subjectWorkflowName();
    String ref = id.subjectWorkflowRef();
    if (workflow.isEmpty() || ref.isEmpty()) {
      throw new VerificationException(
          "certificate.workflow-identity",
          Reason.CERTIFICATE_MALFORMED,
          "SAN workflow URI lacks name or @ref",
          "https://github.com/o/r/path@ref",
          id.subjectWorkflow().toString());
    }
    CertBuilder cb = verifyTrustedBuilderId(workflow, ref, expectedBuilderId, defaults);
    checks.pass(
        "builder.trusted",
        expectedBuilderId == null || expectedBuilderId.isEmpty()
            ? "one of the default trusted builders"
            : expectedBuilderId,
        cb.id().toString());
    if (testing && TEST_REPOSITORIES.contains(id.sourceRepository())) {
      if (!ref.equals("refs/heads/main")) {
        verifyTestingBuilderTag("builder.ref", ref);
      }
    } else {
      verifyBuilderTag("builder.ref", ref);
    }
    checks.pass("builder.ref", "refs/tags/vX.Y.Z", ref);
    return cb;
  }

  private static CertBuilder verifyTrustedBuilderId(
      String certName, String certTag, String expected, Set<String> defaults)
      throws VerificationException {
    String check = "builder.trusted";
    if (expected == null || expected.isEmpty()) {
      if (!defaults.contains(certName)) {
        throw new VerificationException(
            check,
            Reason.BUILDER_UNTRUSTED,
            "the signing workflow is not a default trusted builder (use --builder-id to trust another)",
            "one of " + String.join(", ", defaults),
            certName);
      }
      BuilderId b = BuilderId.parse(check, certName + "@" + certTag, true);
      return new CertBuilder(b, isTrustedDelegator(b, defaults));
    }
    BuilderId b = BuilderId.parse(check, certName + "@" + certTag, true);
    if (isTrustedDelegator(b, defaults)) {
      return new CertBuilder(b, true);
    }
    try {
      b.matchesLoose(check, expected, true);
    } catch (VerificationException e) {
      throw new VerificationException(
          check,
          Reason.BUILDER_UNTRUSTED,
          "the signing workflow is not the expected builder: " + e.getMessage(),
          expected,
          b.toString());
    }
    return new CertBuilder(b, false);
  }

  private static boolean isTrustedDelegator(BuilderId cert, Set<String> trusted) {
    for (String byob : BYOB_DELEGATORS) {
      if (cert.name().equals(byob)) {
        return trusted.contains(byob);
      }
    }
    return false;
  }

  /**
   * A trusted builder must be referenced at a release tag {@code refs/tags/vX.Y.Z} (no prerelease,
   * no build metadata).
   */
  static void verifyBuilderTag(String check, String ref) throws VerificationException {
    String pin = GitRefs.tagFromGitRef(check, ref);
    if (!Semver.isValid(pin)
        || pin.split("\\.", -1).length != 3
        || !Semver.prerelease(pin).isEmpty()
        || !Semver.build(pin).isEmpty()) {
      throw new VerificationException(
          check, Reason.REF_INVALID, "builder ref is not a release tag", "refs/tags/vX.Y.Z", ref);
    }
  }

  /** The repositories SLSA_VERIFIER_TESTING relaxes builder refs for. */
  static final Set<String> TEST_REPOSITORIES =
      Set.of("slsa-framework/slsa-github-generator", "slsa-framework/example-package");

  /** Under SLSA_VERIFIER_TESTING: a semver tag with a three-part core, prereleases allowed. */
  static void verifyTestingBuilderTag(String check, String ref) throws VerificationException {
    String pin = GitRefs.tagFromGitRef(check, ref);
    String core = pin.split("-", -1)[0];
    if (!Semver.isValid(pin) || core.split("\\.", -1).length != 3 || !Semver.build(pin).isEmpty()) {
      throw new VerificationException(
          check,
          Reason.REF_INVALID,
          "builder ref is not a version tag",
          "refs/tags/vX.Y.Z[-pre]",
          ref);
    }
  }

  private static void verifyJreleaserTag(String check, String ref) throws VerificationException {
    String pin = GitRefs.tagFromGitRef(check, ref);
    if (!Semver.isValid(pin)
        || pin.split("\\.", -1).length != 3
        || !Semver.prerelease(pin).equals("-java")
        || !Semver.build(pin).isEmpty()) {
      throw new VerificationException(
          check,
          Reason.REF_INVALID,
          "JReleaser ref is not vX.Y.Z-<language>",
          "refs/tags/vX.Y.Z-java",
          ref);
    }
  }

  /**
   * The certificate's source repository must be the one the user named.
   *
   * @throws VerificationException SOURCE_MISMATCH
   */
  public static void verifyCertificateSource(WorkflowIdentity id, String sourceUri, Checks checks)
      throws VerificationException {
    String expected = sourceUri;
    if (expected.startsWith("git+https://")) {
      expected = expected.substring("git+https://".length());
    }
    if (expected.startsWith("github.com/")) {
      expected = expected.substring("github.com/".length());
    }
    if (!id.sourceRepository().equals(expected)) {
      throw new VerificationException(
          "certificate.source",
          Reason.SOURCE_MISMATCH,
          "the certificate names another source repository",
          expected,
          id.sourceRepository());
    }
    checks.pass("certificate.source", expected, id.sourceRepository());
  }

  /**
   * The full GitHub Actions verification of signed provenance after its signature checked out:
   * slsa-verifier's {@code verifyEnvAndCert}.
   *
   * @param envelope the verified DSSE envelope
   * @param id the signer's identity from the verified certificate
   * @param policy what the user expects
   * @param digestHex the artifact digest (sha256 hex, or sha512 hex for npm)
   * @param defaults the builders trusted when no builder id is given
   * @throws VerificationException the first failed check
   */
  public static VerifiedProvenance verify(
      DsseEnvelope envelope,
      WorkflowIdentity id,
      SlsaPolicy policy,
      String digestHex,
      Set<String> defaults,
      Checks checks)
      throws VerificationException {
    CertBuilder cb =
        verifyBuilderIdentity(id, policy.builderId(), defaults, policy.testing(), checks);
    verifyCertificateSource(id, policy.sourceUri(), checks);
    SlsaProvenance prov = verifyProvenance(envelope, policy, digestHex, cb, checks);
    BuilderId verified = cb.id();
    if (cb.byob()) {
      verified = BuilderId.parse("provenance.builder-id", prov.builderId(), true);
    }
    return new VerifiedProvenance(verified, prov, envelope.payload(), id, -1, 0);
  }

  /**
   * Reads the provenance for the certificate's builder and checks its builder id and the common
   * claims (slsa-verifier's {@code VerifyProvenance}).
   */
  public static SlsaProvenance verifyProvenance(
      DsseEnvelope envelope, SlsaPolicy policy, String digestHex, CertBuilder cb, Checks checks)
      throws VerificationException {
    SlsaProvenance prov = SlsaProvenances.fromEnvelope(cb.id().name(), envelope);
    checks.pass("provenance.format", null, prov.predicateType() + " " + prov.buildType());
    String check = "provenance.builder-id";
    if (cb.byob()) {
      verifyDelegatorBuilderId(prov, policy.testing());
      String expected = policy.builderId();
      if (expected == null) {
        BuilderId pb = BuilderId.parse(check, prov.builderId(), false);
        if (!pb.name().startsWith(WORKFLOWS)) {
          throw new VerificationException(
              check,
              Reason.BUILDER_ID_INVALID,
              "without --builder-id, a BYOB builder must be one of slsa-github-generator's workflows",
              WORKFLOWS + "...",
              pb.name());
        }
        expected = pb.name();
      }
      BuilderId.parse(check, prov.builderId(), false).matchesLoose(check, expected, true);
      checks.pass(check, expected, prov.builderId());
    } else {
      BuilderId.parse(check, prov.builderId(), false).matchesFull(check, cb.id().toString(), true);
      checks.pass(check, cb.id().toString(), prov.builderId());
    }
    verifyCommon(prov, policy, digestHex, checks);
    return prov;
  }

  private static void verifyDelegatorBuilderId(SlsaProvenance prov, boolean testing)
      throws VerificationException {
    String check = "provenance.builder-ref";
    String[] parts = prov.builderId().split("@", -1);
    if (parts.length != 2) {
      throw new VerificationException(
          check,
          Reason.BUILDER_ID_INVALID,
          "BYOB builder id needs exactly one @ref",
          "name@ref",
          prov.builderId());
    }
    if (parts[0].startsWith(JRELEASER)) {
      verifyJreleaserTag(check, parts[1]);
      return;
    }
    GitRefs.UriAndRef src = GitRefs.parseGitUriAndRef("provenance.source", prov.sourceUri());
    if (testing
        && GitRefs.normalizeGitUri(src.uri())
            .equals("git+https://github.com/slsa-framework/example-package")
        && parts[1].equals("refs/heads/main")) {
      return;
    }
    verifyBuilderTag(check, parts[1]);
  }

  /** The claims checked for every GitHub builder, in slsa-verifier's order. */
  public static void verifyCommon(
      SlsaProvenance prov, SlsaPolicy policy, String digestHex, Checks checks)
      throws VerificationException {
    verifySource(prov, policy.sourceUri(), checks);
    verifyDigest(prov, digestHex, checks);
    if (policy.branch() != null) {
      String ref = prov.branch();
      String branch = GitRefs.branchFromGitRef("provenance.branch", ref);
      if (!branch.equals(policy.branch())) {
        throw new VerificationException(
            "provenance.branch",
            Reason.BRANCH_MISMATCH,
            "built from another branch",
            policy.branch(),
            branch);
      }
      checks.pass("provenance.branch", policy.branch(), branch);
    }
    if (policy.tag() != null) {
      String tag = GitRefs.tagFromGitRef("provenance.tag", prov.tag());
      if (!tag.equals(policy.tag())) {
        throw new VerificationException(
            "provenance.tag", Reason.TAG_MISMATCH, "built from another tag", policy.tag(), tag);
      }
      checks.pass("provenance.tag", policy.tag(), tag);
    }
    if (policy.versionedTag() != null) {
      String tag = GitRefs.tagFromGitRef("provenance.versioned-tag", prov.tag());
      verifyVersionedTag(tag, policy.versionedTag());
      checks.pass("provenance.versioned-tag", policy.versionedTag(), tag);
    }
    if (!policy.workflowInputs().isEmpty()) {
      JsonNode inputs = prov.workflowInputs();
      for (Map.Entry<String, String> e : policy.workflowInputs().entrySet()) {
        JsonNode v = inputs.get(e.getKey());
        if (v == null || !v.isTextual()) {
          throw new VerificationException(
              "provenance.workflow-inputs",
              Reason.WORKFLOW_INPUTS_MISMATCH,
              "no string value for input '" + e.getKey() + "'",
              e.getKey() + "=" + e.getValue(),
              v == null ? "absent" : e.getKey() + "=" + v);
        }
        if (!v.textValue().equals(e.getValue())) {
          throw new VerificationException(
              "provenance.workflow-inputs",
              Reason.WORKFLOW_INPUTS_MISMATCH,
              "workflow input differs",
              e.getKey() + "=" + e.getValue(),
              e.getKey() + "=" + v.textValue());
        }
      }
      checks.pass("provenance.workflow-inputs", policy.workflowInputs().toString(), "equal");
    }
  }

  /**
   * The trigger and the first material must both be the expected GitHub repository, and be the same
   * URI with ref.
   */
  static void verifySource(SlsaProvenance prov, String expectedSourceUri, Checks checks)
      throws VerificationException {
    String check = "provenance.source";
    String source = GitRefs.normalizeGitUri(expectedSourceUri);
    if (!source.startsWith("git+https://github.com/")) {
      throw new VerificationException(
          check,
          Reason.SOURCE_URI_MALFORMED,
          "expected source must be a github.com repository",
          "git+https://github.com/...",
          source);
    }
    String fullTrigger = prov.triggerUri();
    GitRefs.UriAndRef trigger = GitRefs.parseGitUriAndRef(check, fullTrigger);
    if (!trigger.uri().equals(source)) {
      throw new VerificationException(
          check,
          Reason.SOURCE_MISMATCH,
          "the build was triggered from another repository",
          source,
          fullTrigger);
    }
    if (trigger.ref().isEmpty()) {
      throw new VerificationException(
          check, Reason.SOURCE_URI_MALFORMED, "trigger URI has no ref", "uri@ref", fullTrigger);
    }
    String fullSource = prov.sourceUri();
    GitRefs.UriAndRef src = GitRefs.parseGitUriAndRef(check, fullSource);
    if (!src.uri().equals(source)) {
      throw new VerificationException(
          check,
          Reason.SOURCE_MISMATCH,
          "the source material is another repository",
          source,
          fullSource);
    }
    if (src.ref().isEmpty()) {
      // npm packages built before GA and BYOB builds (a TRW may commit during the release) carry
      // no ref on the material.
      String bt = prov.buildType();
      if (bt.equals(GithubBuilders.BuildTypes.NPM_CLI_V1)
          || bt.equals(GithubBuilders.BuildTypes.BYOB_V0)) {
        checks.pass(check, source, fullSource);
        return;
      }
      throw new VerificationException(
          check, Reason.SOURCE_URI_MALFORMED, "source URI has no ref", "uri@ref", fullSource);
    }
    if (!fullTrigger.equals(fullSource)) {
      throw new VerificationException(
          check,
          Reason.PROVENANCE_INCONSISTENT,
          "trigger and source URIs differ",
          fullTrigger,
          fullSource);
    }
    checks.pass(check, source, fullSource);
  }

  /**
   * Some subject must carry the artifact digest; the algorithm follows from the hex length (sha256,
   * sha512).
   */
  public static void verifyDigest(SlsaProvenance prov, String expectedHex, Checks checks)
      throws VerificationException {
    String check = "provenance.subject-digest";
    var subjects = prov.subjects();
    int bits = expectedHex.length() * 4;
    String algo = "sha" + bits;
    if (bits < 256) {
      throw new VerificationException(
          check,
          Reason.DIGEST_INVALID,
          "digest shorter than 256 bits",
          ">= 256 bits",
          bits + " bits");
    }
    for (Subject s : subjects) {
      String v = s.digest(algo);
      if (v != null && v.equals(expectedHex)) {
        checks.pass(check, algo + ":" + expectedHex, s.name());
        return;
      }
    }
    throw new VerificationException(
        check,
        Reason.SUBJECT_DIGEST_MISMATCH,
        "the artifact is not a subject of the provenance",
        algo + ":" + expectedHex,
        subjects.size() + " subject(s), none with that digest");
  }

  /**
   * slsa-verifier's versioned-tag rule: the major version must match; minor and patch only when the
   * user gave them.
   */
  public static void verifyVersionedTag(String provenanceTag, String expectedTag)
      throws VerificationException {
    String check = "provenance.versioned-tag";
    if (!Semver.isValid(expectedTag)) {
      throw new VerificationException(
          check,
          Reason.SEMVER_INVALID,
          "expected tag is not a semantic version",
          "vX[.Y[.Z]]",
          expectedTag);
    }
    String semTag = Semver.canonical(provenanceTag);
    if (!Semver.isValid(semTag)) {
      throw new VerificationException(
          check,
          Reason.SEMVER_INVALID,
          "provenance tag is not a semantic version",
          "vX.Y.Z",
          provenanceTag);
    }
    String wantMajor = Semver.major(expectedTag);
    String major = Semver.major(semTag);
    if (!major.equals(wantMajor)) {
      throw new VerificationException(
          check,
          Reason.VERSIONED_TAG_MISMATCH,
          "major version differs (want " + expectedTag + ", provenance tag " + provenanceTag + ")",
          wantMajor,
          major);
    }
    String[] want = expectedTag.split("\\.", -1);
    String[] got = semTag.split("\\.", -1);
    if (want.length > 1) {
      if (got.length <= 1) {
        throw new VerificationException(
            check, Reason.SEMVER_INVALID, "provenance tag has no minor", "vX.Y", semTag);
      }
      if (!got[1].equals(want[1])) {
        throw new VerificationException(
            check,
            Reason.VERSIONED_TAG_MISMATCH,
            "minor version differs (want "
                + expectedTag
                + ", provenance tag "
                + provenanceTag
                + ")",
            want[1],
            got[1]);
      }
    }
    if (want.length > 2) {
      if (got.length <= 2) {
        throw new VerificationException(
            check, Reason.SEMVER_INVALID, "provenance tag has no patch", "vX.Y.Z", semTag);
      }
      String wantPatch = trimSuffix(want[2], Semver.build(expectedTag));
      String gotPatch = trimSuffix(got[2], Semver.build(semTag));
      if (!gotPatch.equals(wantPatch)) {
        throw new VerificationException(
            check,
            Reason.VERSIONED_TAG_MISMATCH,
            "patch version differs (want "
                + expectedTag
                + ", provenance tag "
                + provenanceTag
                + ")",
            wantPatch,
            gotPatch);
      }
    }
  }

  private static String trimSuffix(String s, String suffix) {
    return !suffix.isEmpty() && s.endsWith(suffix)
        ? s.substring(0, s.length() - suffix.length())
        : s;
  }
}
