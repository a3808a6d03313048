package dev.provenant.verify.slsa;

import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.security.cert.X509Certificate;

/**
 * The SLSA policy for provenance signed by a configured builder (a Provenant instance's generator,
 * from a builders file), in slsa-verifier's order: the certificate's issuer and identity against
 * the builder's entry, the builder id, the certificate's source repository and ref against the
 * user's expectations, then the provenance against the certificate (builder id, source URI and ref,
 * commit) and the artifact (subject digest).
 *
 * <p>The signature, certificate chain and transparency log must have been verified before; this
 * class only judges claims.
 */
public final class ConfiguredBuilderPolicy {
  private ConfiguredBuilderPolicy() {}

  /**
   * Verifies signed provenance of {@code builder}.
   *
   * @param envelope the verified DSSE envelope
   * @param leaf the verified signing certificate
   * @param builder the builders-file entry the user's {@code --builder-id} names
   * @param policy what the user expects
   * @param sha256Hex the artifact's sha256
   * @throws VerificationException ISSUER_MISMATCH, IDENTITY_MISMATCH, BUILDER_UNTRUSTED,
   *     BUILDER_MISMATCH, SOURCE_MISMATCH, TAG_MISMATCH, BRANCH_MISMATCH, VERSIONED_TAG_MISMATCH,
   *     CERTIFICATE_PROVENANCE_MISMATCH, SUBJECT_DIGEST_MISMATCH, the provenance format reasons of
   *     {@link SlsaProvenances}, or NOT_SUPPORTED for workflow inputs
   */
  public static VerifiedProvenance verify(
      DsseEnvelope envelope,
      X509Certificate leaf,
      TrustedBuilder builder,
      SlsaPolicy policy,
      String sha256Hex,
      Checks checks)
      throws VerificationException {
    if (leaf == null) {
      throw new VerificationException(
          "certificate", Reason.NO_SIGNATURE, "the provenance carries no signing certificate");
    }
    BuilderCertificate cert = BuilderCertificate.of(leaf);
    BuilderId certBuilder = verifyIdentity(cert, builder, policy, checks);
    String ref = verifyCertificateSource(cert, builder, policy, checks);

    SlsaProvenance prov = SlsaProvenances.fromEnvelope(builder, envelope);
    checks.pass("provenance.format", null, prov.predicateType() + " " + prov.buildType());
    String check = "provenance.builder-id";
    BuilderId.parse(check, prov.builderId(), false)
        .matchesFull(check, certBuilder.toString(), false);
    checks.pass(check, certBuilder.toString(), prov.builderId());
    verifyProvenanceSource((ProvenanceViews.V1) prov, cert, ref, policy.tag() != null, checks);
    GhaPolicy.verifyDigest(prov, sha256Hex, checks);
    if (!policy.workflowInputs().isEmpty()) {
      prov.workflowInputs(); // NOT_SUPPORTED: sandbox builds have none
    }
    return new VerifiedProvenance(certBuilder, prov, envelope.payload(), cert.asIdentity(), -1, 0);
  }

  /** Issuer, SAN and builder id: the certificate must be one this builder's signer holds. */
  private static BuilderId verifyIdentity(
      BuilderCertificate cert, TrustedBuilder builder, SlsaPolicy policy, Checks checks)
      throws VerificationException {
    if (!builder.oidcIssuer().equals(cert.issuer())) {
      throw new VerificationException(
          "certificate.issuer",
          Reason.ISSUER_MISMATCH,
          "certificate not issued for the builder's OIDC issuer",
          builder.oidcIssuer(),
          cert.issuer());
    }
    checks.pass("certificate.issuer", builder.oidcIssuer(), cert.issuer());
    if (!builder.identityMatches(cert.san())) {
      throw new VerificationException(
          "certificate.identity",
          Reason.IDENTITY_MISMATCH,
          "the certificate's SAN is not an identity of the builder",
          builder.certificateIdentityRegexp(),
          cert.san());
    }
    checks.pass("certificate.identity", builder.certificateIdentityRegexp(), cert.san());
    String check = "builder.trusted";
    BuilderId certBuilder = BuilderId.parse(check, cert.san(), true);
    if (!certBuilder.name().equals(builder.id())) {
      throw new VerificationException(
          check,
          Reason.BUILDER_UNTRUSTED,
          "the certificate names another builder than the entry",
          builder.id(),
          certBuilder.name());
    }
    // As slsa-verifier treats generator versions: --builder-id may omit the version; given, it
    // must be the certificate's (vX.Y.Z, or refs/tags/vX.Y.Z).
    String expected = policy.hasBuilderId() ? policy.builderId() : builder.id();
    certBuilder.matchesLoose(check, expected, true);
    checks.pass(check, expected, certBuilder.toString());
    return certBuilder;
  }

  /**
   * The certificate's source repository must lie under the builder's prefix and be the one the user
   * named; its ref must be the expected tag or branch.
   *
   * @return the certificate's ref
   */
  private static String verifyCertificateSource(
      BuilderCertificate cert, TrustedBuilder builder, SlsaPolicy policy, Checks checks)
      throws VerificationException {
    String check = "certificate.source";
    String repo = cert.sourceRepositoryUri();
    if (!repo.startsWith(builder.sourceRepositoryUriPrefix())) {
      throw new VerificationException(
          check,
          Reason.SOURCE_MISMATCH,
          "the certificate's source repository is not under the builder's prefix",
          builder.sourceRepositoryUriPrefix() + "...",
          repo);
    }
    String expected = withScheme(policy.sourceUri(), builder.sourceRepositoryUriPrefix());
    if (!repo.equals(expected)) {
      throw new VerificationException(
          check,
          Reason.SOURCE_MISMATCH,
          "the certificate names another source repository",
          expected,
          repo);
    }
    checks.pass(check, expected, repo);
    String ref = cert.sourceRepositoryRef();
    if (policy.tag() != null) {
      if (!ref.equals("refs/tags/" + policy.tag())) {
        throw new VerificationException(
            "certificate.tag",
            Reason.TAG_MISMATCH,
            "built from another ref",
            "refs/tags/" + policy.tag(),
            ref);
      }
      checks.pass("certificate.tag", "refs/tags/" + policy.tag(), ref);
    }
    if (policy.branch() != null) {
      if (!ref.equals("refs/heads/" + policy.branch())) {
        throw new VerificationException(
            "certificate.branch",
            Reason.BRANCH_MISMATCH,
            "built from another ref",
            "refs/heads/" + policy.branch(),
            ref);
      }
      checks.pass("certificate.branch", "refs/heads/" + policy.branch(), ref);
    }
    if (policy.versionedTag() != null) {
      String tag = GitRefs.tagFromGitRef("certificate.versioned-tag", ref);
      GhaPolicy.verifyVersionedTag(tag, policy.versionedTag());
      checks.pass("certificate.versioned-tag", policy.versionedTag(), tag);
    }
    return ref;
  }

  /**
   * {@code --source-uri} as a URL: given without scheme (as {@code github.com/o/r} is), it takes
   * the scheme of the builder's source prefix; a {@code git+} prefix is dropped.
   */
  static String withScheme(String sourceUri, String prefix) {
    String s = sourceUri.startsWith("git+") ? sourceUri.substring(4) : sourceUri;
    if (s.contains("://")) {
      return s;
    }
    return prefix.substring(0, prefix.indexOf("://") + 3) + s;
  }

  /**
   * {@code externalParameters.source} and {@code resolvedDependencies[0]} must both name the
   * certificate's repository at its ref ({@code git+<repo>@<ref>}) and commit.
   */
  private static void verifyProvenanceSource(
      ProvenanceViews.V1 prov,
      BuilderCertificate cert,
      String ref,
      boolean tagExpected,
      Checks checks)
      throws VerificationException {
    String expected = "git+" + cert.sourceRepositoryUri() + "@" + ref;
    sourceUri(
        "provenance.source",
        "externalParameters.source.uri",
        prov.triggerUri(),
        cert,
        ref,
        tagExpected);
    sourceUri(
        "provenance.source",
        "resolvedDependencies[0].uri",
        prov.sourceUri(),
        cert,
        ref,
        tagExpected);
    checks.pass(
        "provenance.source", expected, "externalParameters.source and resolvedDependencies[0]");

    String check = "provenance.commit";
    String external = prov.platformString("source", "digest", "gitCommit");
    ProvenanceV1.ResourceDescriptor first = prov.p.buildDefinition().resolvedDependencies().get(0);
    String resolved = first.digest().get("gitCommit");
    if (resolved == null) {
      throw new VerificationException(
          check, Reason.PROVENANCE_MALFORMED, "resolvedDependencies[0] has no gitCommit digest");
    }
    sameCommit(check, "externalParameters.source.digest.gitCommit", external, cert);
    sameCommit(check, "resolvedDependencies[0].digest.gitCommit", resolved, cert);
    checks.pass(check, cert.sourceRepositoryDigest(), resolved);
  }

  private static void sameCommit(String check, String field, String commit, BuilderCertificate cert)
      throws VerificationException {
    if (!commit.equals(cert.sourceRepositoryDigest())) {
      throw new VerificationException(
          check,
          Reason.CERTIFICATE_PROVENANCE_MISMATCH,
          field + " is not the certificate's commit (1.13)",
          cert.sourceRepositoryDigest(),
          commit);
    }
  }

  private static void sourceUri(
      String check,
      String field,
      String uri,
      BuilderCertificate cert,
      String ref,
      boolean tagExpected)
      throws VerificationException {
    GitRefs.UriAndRef ur = GitRefs.parseGitUriAndRef(check, uri);
    if (!ur.uri().equals("git+" + cert.sourceRepositoryUri())) {
      throw new VerificationException(
          check,
          Reason.SOURCE_MISMATCH,
          field + " names another repository",
          "git+" + cert.sourceRepositoryUri(),
          ur.uri());
    }
    if (!ur.ref().equals(ref)) {
      throw new VerificationException(
          check,
          tagExpected ? Reason.TAG_MISMATCH : Reason.CERTIFICATE_PROVENANCE_MISMATCH,
          field + " names another ref than the certificate (1.14)",
          ref,
          ur.ref());
    }
  }
}
