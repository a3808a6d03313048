package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.dsse.Pae;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.gcb.GcbVerifier;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Verifies SLSA provenance the way slsa-verifier does, built once from the Sigstore layer and an
 * optional online log lookup, then called per artifact with a policy. Returns the verified facts.
 *
 * <p>Provenance as a Sigstore bundle verifies offline. Classic DSSE provenance ({@code
 * .intoto.jsonl} with the certificate in the envelope) needs its Rekor entry: with a {@link
 * TlogLookup} it is fetched and checked fully (SET, inclusion proof, checkpoint, body against
 * envelope and certificate); with {@link TlogMode#IGNORE} everything else is checked and a warning
 * says that the log was not.
 *
 * <p>Builders trusted besides GitHub's come from a builders file ({@link TrustedBuilders}): their
 * provenance (a Sigstore bundle) is selected by {@code --builder-id}, or without one by the
 * signer's issuer and identity, and judged by {@link ConfiguredBuilderPolicy}.
 */
public final class SlsaVerifier {
  /** How to treat the transparency log for classic DSSE provenance. */
  public enum TlogMode {
    /** Look the entry up online (needs a {@link TlogLookup}). */
    ONLINE,
    /** Do not check the log; verify the rest. Insecure: says so on every use. */
    IGNORE
  }

  private final SigstoreEvidence sigstore;
  private final TlogLookup lookup;
  private final TrustedBuilders builders;

  private SlsaVerifier(SigstoreEvidence sigstore, TlogLookup lookup, TrustedBuilders builders) {
    this.sigstore = Objects.requireNonNull(sigstore, "sigstore");
    this.lookup = lookup;
    this.builders = Objects.requireNonNull(builders, "builders");
  }

  /**
   * Creates a verifier.
   *
   * @param sigstore the Sigstore checks (trust root inside)
   * @param lookup online log lookup for classic provenance, or null for offline use
   */
  public static SlsaVerifier create(SigstoreEvidence sigstore, TlogLookup lookup) {
    return new SlsaVerifier(sigstore, lookup, TrustedBuilders.builtIn());
  }

  /**
   * Creates a verifier that also trusts the configured builders of {@code builders}.
   *
   * @param builders GitHub's built-in builders plus those of a builders file
   */
  public static SlsaVerifier create(
      SigstoreEvidence sigstore, TlogLookup lookup, TrustedBuilders builders) {
    return new SlsaVerifier(sigstore, lookup, builders);
  }

  /** The Sigstore checks this verifier uses. */
  public SigstoreEvidence sigstore() {
    return sigstore;
  }

  /** Which verifier slsa-verifier would pick for a builder id. */
  public enum Platform {
    /** GitHub Actions builders. */
    GITHUB,
    /** Google Cloud Build. */
    GCB,
    /** A builder of the builders file (a Provenant instance). */
    CONFIGURED
  }

  /**
   * slsa-verifier's verifier choice: GitHub without a builder id, else by the builder name.
   *
   * @throws VerificationException BUILDER_ID_MALFORMED or VERIFIER_NOT_SUPPORTED
   */
  public static Platform platformFor(SlsaPolicy policy) throws VerificationException {
    return platformFor(policy, TrustedBuilders.builtIn());
  }

  /**
   * As {@link #platformFor(SlsaPolicy)}, and CONFIGURED for a builder id whose name is a configured
   * builder of {@code builders}.
   */
  public static Platform platformFor(SlsaPolicy policy, TrustedBuilders builders)
      throws VerificationException {
    if (!policy.hasBuilderId()) {
      return Platform.GITHUB;
    }
    String name = BuilderId.parse("builder.id", policy.builderId(), false).name();
    if (builders.configured(name).isPresent()) {
      return Platform.CONFIGURED;
    }
    if (name.startsWith("https://github.com/")) {
      return Platform.GITHUB;
    }
    if (name.equals(GcbVerifier.BUILDER_NAME)) {
      return Platform.GCB;
    }
    String configured =
        builders.configured().stream()
            .map(TrustedBuilder::id)
            .map(id -> " or " + id)
            .reduce("", String::concat);
    throw new VerificationException(
        "builder.id",
        Reason.VERIFIER_NOT_SUPPORTED,
        configured.isEmpty()
            ? "no verifier supports this builder"
            : "no verifier supports this builder, and the builders file does not list it",
        "https://github.com/... or " + GcbVerifier.BUILDER_NAME + configured,
        policy.builderId());
  }

  /**
   * Verifies provenance for an artifact (slsa-verifier {@code verify-artifact}).
   *
   * @param provenance the provenance file: a Sigstore bundle or a DSSE envelope
   * @param sha256Hex the artifact's sha256
   * @param warn receives warnings a user must see (e.g. that the log was not checked)
   * @throws VerificationException the first failed check
   */
  public VerifiedProvenance verifyArtifact(
      byte[] provenance,
      String sha256Hex,
      SlsaPolicy policy,
      TlogMode mode,
      Checks checks,
      Consumer<String> warn)
      throws VerificationException {
    Platform platform = platformFor(policy, builders);
    if (platform == Platform.GCB) {
      throw new VerificationException(
          "builder.id",
          Reason.NOT_SUPPORTED,
          "Google Cloud Build provenance is verified for images only (verify-image)");
    }
    if (platform == Platform.CONFIGURED) {
      TrustedBuilder builder =
          builders
              .configured(BuilderId.parse("builder.id", policy.builderId(), false).name())
              .orElseThrow(() -> new IllegalStateException("platformFor chose CONFIGURED"));
      return verifyConfigured(builder, provenance, sha256Hex, policy, checks);
    }
    if (!policy.hasBuilderId()) {
      // Without --builder-id the trusted builders are the defaults: GitHub's, and those of the
      // builders file. A configured builder is recognised by its signer; everything is verified
      // after.
      java.util.Optional<TrustedBuilder> configured = configuredSigner(provenance);
      if (configured.isPresent()) {
        return verifyConfigured(configured.get(), provenance, sha256Hex, policy, checks);
      }
    }
    SigstoreEvidence.Signed signed = verifySignature(provenance, sha256Hex, mode, checks, warn);
    return GhaPolicy.verify(
            signed.envelope(),
            identity(signed.leaf(), checks),
            policy,
            sha256Hex,
            GhaPolicy.ARTIFACT_DEFAULTS,
            checks)
        .withLog(signed.logIndex(), signed.integratedTime());
  }

  /**
   * A configured builder's provenance: a Sigstore bundle (the platform releases {@code
   * provenance.intoto.jsonl} as one bundle), verified offline, then {@link
   * ConfiguredBuilderPolicy}.
   */
  private VerifiedProvenance verifyConfigured(
      TrustedBuilder builder, byte[] provenance, String sha256Hex, SlsaPolicy policy, Checks checks)
      throws VerificationException {
    Bundle bundle =
        parseBundle(provenance)
            .orElseThrow(
                () ->
                    new VerificationException(
                        "bundle.format",
                        Reason.UNSUPPORTED_FORMAT,
                        "provenance of a configured builder must be a Sigstore bundle",
                        "a Sigstore bundle",
                        "a DSSE envelope"));
    SigstoreEvidence.Signed signed = sigstore.verifyCertificateBundle(bundle, checks);
    return ConfiguredBuilderPolicy.verify(
            signed.envelope(), signed.leaf(), builder, policy, sha256Hex, checks)
        .withLog(signed.logIndex(), signed.integratedTime());
  }

  /**
   * The configured builder whose issuer and identity the (not yet verified) signing certificate of
   * a bundle names, if any: only chooses the policy, which then verifies everything.
   */
  private java.util.Optional<TrustedBuilder> configuredSigner(byte[] provenance)
      throws VerificationException {
    if (builders.configured().isEmpty()) {
      return java.util.Optional.empty();
    }
    java.util.Optional<Bundle> bundle = parseBundle(provenance);
    X509Certificate leaf =
        bundle.flatMap(b -> b.verificationMaterial().leafCertificate()).orElse(null);
    return configuredSignerOf(leaf);
  }

  /**
   * The configured builder whose issuer and identity {@code leaf} names (not yet verified: it only
   * chooses the policy), if any.
   */
  private java.util.Optional<TrustedBuilder> configuredSignerOf(X509Certificate leaf) {
    if (leaf == null || builders.configured().isEmpty()) {
      return java.util.Optional.empty();
    }
    BuilderCertificate cert;
    try {
      cert = BuilderCertificate.of(leaf);
    } catch (VerificationException e) {
      return java.util.Optional
          .empty(); // not a configured builder's certificate: GitHub's rules apply
    }
    return builders.configured().stream()
        .filter(b -> b.oidcIssuer().equals(cert.issuer()) && b.identityMatches(cert.san()))
        .findFirst();
  }

  /**
   * Verifies a GitHub artifact attestation (slsa-verifier {@code verify-github-attestation}): a
   * Sigstore bundle, with no default trusted builders.
   */
  public VerifiedProvenance verifyGithubAttestation(
      byte[] attestation, String sha256Hex, SlsaPolicy policy, Checks checks)
      throws VerificationException {
    Bundle bundle =
        parseBundle(attestation)
            .orElseThrow(
                () ->
                    new VerificationException(
                        "bundle.format",
                        Reason.BUNDLE_MALFORMED,
                        "GitHub attestations must be Sigstore bundles"));
    SigstoreEvidence.Signed signed = sigstore.verifyCertificateBundle(bundle, checks);
    return GhaPolicy.verify(
            signed.envelope(), identity(signed.leaf(), checks), policy, sha256Hex, Set.of(), checks)
        .withLog(signed.logIndex(), signed.integratedTime());
  }

  /**
   * The signature checks of one cosign attestation without any SLSA policy (cosign {@code
   * verify-attestation}): the Rekor SET and that the entry logs this envelope and certificate, the
   * certificate chain and SCTs at the integrated time, and the DSSE signature. The caller checks
   * the signer's identity and the statement.
   */
  public SigstoreEvidence.Signed verifyCosignAttestationSignature(
      dev.provenant.verify.slsa.oci.CosignAttestation a, Checks checks)
      throws VerificationException {
    SigstoreEvidence.Signed logged = verifyCosignLogAndCertificate(a, checks);
    verifyDsseSignature(a.envelope(), a.certificate(), checks);
    return new SigstoreEvidence.Signed(
        a.envelope(), a.certificate(), logged.integratedTime(), logged.logIndex());
  }

  /**
   * The checks every cosign attestation gets before its signer is judged: a certificate and a Rekor
   * bundle are present, the SET and that the entry logs this envelope and certificate, then the
   * certificate chain and SCTs at the integrated time.
   */
  private SigstoreEvidence.Signed verifyCosignLogAndCertificate(
      dev.provenant.verify.slsa.oci.CosignAttestation a, Checks checks)
      throws VerificationException {
    if (a.certificate() == null) {
      throw new VerificationException(
          "image.attestation", Reason.NO_SIGNATURE, "the attestation has no certificate");
    }
    if (a.tlogEntry() == null) {
      throw new VerificationException(
          "tlog",
          Reason.TLOG_ENTRY_NOT_FOUND,
          "the attestation carries no Rekor bundle (online lookup for images is not supported)");
    }
    SigstoreEvidence.Signed logged =
        sigstore.verifyTlogEntry(a.tlogEntry(), a.envelope(), a.certificate(), checks);
    sigstore.verifyLeafCertificate(
        a.certificate(), java.time.Instant.ofEpochSecond(logged.integratedTime()), checks);
    return logged;
  }

  /** As {@link #verifyCosignAttestationSignature} for a Sigstore bundle referrer. */
  public SigstoreEvidence.Signed verifyBundleSignature(byte[] bundleJson, Checks checks)
      throws VerificationException {
    Bundle bundle =
        parseBundle(bundleJson)
            .orElseThrow(
                () ->
                    new VerificationException(
                        "bundle.format",
                        Reason.BUNDLE_MALFORMED,
                        "the image referrer is not a Sigstore bundle"));
    return sigstore.verifyCertificateBundle(bundle, checks);
  }

  /**
   * Verifies an image's Sigstore bundle (a registry referrer of artifactType {@code
   * application/vnd.dev.sigstore.bundle.v0.3+json}): the bundle's certificate, log evidence and
   * DSSE signature, then the SLSA policy with the container defaults, as for cosign attestations.
   */
  public VerifiedProvenance verifyImageBundle(
      byte[] bundleJson, String digestHex, SlsaPolicy policy, Checks checks)
      throws VerificationException {
    Bundle bundle =
        parseBundle(bundleJson)
            .orElseThrow(
                () ->
                    new VerificationException(
                        "bundle.format",
                        Reason.BUNDLE_MALFORMED,
                        "the image referrer is not a Sigstore bundle"));
    SigstoreEvidence.Signed signed = sigstore.verifyCertificateBundle(bundle, checks);
    java.util.Optional<TrustedBuilder> configured = configuredImageBuilder(policy, signed.leaf());
    if (configured.isPresent()) {
      return ConfiguredBuilderPolicy.verify(
              signed.envelope(), signed.leaf(), configured.get(), policy, digestHex, checks)
          .withLog(signed.logIndex(), signed.integratedTime());
    }
    return GhaPolicy.verify(
            signed.envelope(),
            identity(signed.leaf(), checks),
            policy,
            digestHex,
            GhaPolicy.IMAGE_DEFAULTS,
            checks)
        .withLog(signed.logIndex(), signed.integratedTime());
  }

  /**
   * The configured builder an image's attestation is judged by: the one {@code --builder-id} names,
   * or without one the configured builder whose signer {@code leaf} is; empty for GitHub's rules.
   */
  private java.util.Optional<TrustedBuilder> configuredImageBuilder(
      SlsaPolicy policy, X509Certificate leaf) throws VerificationException {
    if (platformFor(policy, builders) == Platform.CONFIGURED) {
      return builders.configured(BuilderId.parse("builder.id", policy.builderId(), false).name());
    }
    return policy.hasBuilderId() ? java.util.Optional.empty() : configuredSignerOf(leaf);
  }

  /**
   * Verifies an image's cosign attestations (slsa-verifier {@code verify-image} for GitHub
   * builders): for each, the Rekor SET and that the entry logs this envelope and certificate, the
   * certificate at the integrated time, the DSSE signature, then the SLSA policy with the container
   * defaults. The first attestation that passes wins; otherwise the first failure.
   */
  public VerifiedProvenance verifyImageAttestations(
      List<dev.provenant.verify.slsa.oci.CosignAttestation> atts,
      String digestHex,
      SlsaPolicy policy,
      Checks checks)
      throws VerificationException {
    VerificationException first = null;
    for (dev.provenant.verify.slsa.oci.CosignAttestation a : atts) {
      try {
        SigstoreEvidence.Signed logged = verifyCosignLogAndCertificate(a, checks);
        java.util.Optional<TrustedBuilder> configured =
            configuredImageBuilder(policy, a.certificate());
        if (configured.isPresent()) {
          verifyDsseSignature(a.envelope(), a.certificate(), checks);
          return ConfiguredBuilderPolicy.verify(
                  a.envelope(), a.certificate(), configured.get(), policy, digestHex, checks)
              .withLog(logged.logIndex(), logged.integratedTime());
        }
        WorkflowIdentity id = identity(a.certificate(), checks);
        verifyDsseSignature(a.envelope(), a.certificate(), checks);
        return GhaPolicy.verify(
                a.envelope(), id, policy, digestHex, GhaPolicy.IMAGE_DEFAULTS, checks)
            .withLog(logged.logIndex(), logged.integratedTime());
      } catch (VerificationException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    throw new VerificationException(
        "image.attestations", Reason.NO_SIGNATURE, "no valid attestation");
  }

  /**
   * The certificate identity slsa-verifier requires of every GitHub signer: the GitHub Actions
   * issuer and a {@code https://github.com/} SAN; then the workflow identity.
   */
  static WorkflowIdentity identity(X509Certificate leaf, Checks checks)
      throws VerificationException {
    if (leaf == null) {
      throw new VerificationException(
          "certificate", Reason.NO_SIGNATURE, "the provenance carries no signing certificate");
    }
    WorkflowIdentity id = WorkflowIdentity.fromCertificate(leaf);
    if (!GithubBuilders.ISSUER.equals(id.issuer())) {
      throw new VerificationException(
          "certificate.identity",
          Reason.ISSUER_MISMATCH,
          "not a GitHub Actions certificate",
          GithubBuilders.ISSUER,
          id.issuer());
    }
    if (!id.subjectWorkflow().toString().startsWith("https://github.com/")) {
      throw new VerificationException(
          "certificate.identity",
          Reason.IDENTITY_MISMATCH,
          "the certificate does not name a GitHub workflow",
          "https://github.com/*",
          id.subjectWorkflow().toString());
    }
    checks.pass(
        "certificate.identity",
        "https://github.com/* from " + GithubBuilders.ISSUER,
        id.subjectWorkflow().toString());
    return id;
  }

  /** A Sigstore bundle, or empty when the document is not one (then it is a DSSE envelope). */
  static java.util.Optional<Bundle> parseBundle(byte[] doc) throws VerificationException {
    JsonNode n =
        InputDocuments.object(doc, "provenance.format", "a Sigstore bundle or DSSE envelope");
    if (!n.has("mediaType")) {
      // Go's decoder would take any object as an empty envelope and go on to an online search; an
      // object with none of the envelope's fields is a wrong file, and the user should hear that.
      if (InputDocuments.lacksEnvelopeFields(n)) {
        throw new VerificationException(
            "provenance.format",
            Reason.INPUT_MALFORMED,
            "provenance is neither a Sigstore bundle nor a DSSE envelope",
            "mediaType or payloadType/payload/signatures",
            "none of them");
      }
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Bundle.parse(doc));
    } catch (BundleFormatException e) {
      throw new VerificationException("bundle.format", Reason.BUNDLE_MALFORMED, e.getMessage());
    }
  }

  private SigstoreEvidence.Signed verifySignature(
      byte[] provenance, String sha256Hex, TlogMode mode, Checks checks, Consumer<String> warn)
      throws VerificationException {
    java.util.Optional<Bundle> bundle = parseBundle(provenance);
    if (bundle.isPresent()) {
      return sigstore.verifyCertificateBundle(bundle.get(), checks);
    }
    DsseEnvelope env = DsseEnvelopes.parse(provenance);
    if (env.signatures().isEmpty()) {
      throw new VerificationException(
          "dsse.signatures",
          Reason.NO_SIGNATURE,
          "the envelope carries no signature",
          "at least 1",
          "0");
    }
    X509Certificate leaf = certificateOf(env);
    if (leaf == null) {
      if (mode == TlogMode.IGNORE) {
        checks.skipped("tlog", "--insecure-ignore-tlog");
        throw new VerificationException(
            "certificate",
            Reason.NO_SIGNATURE,
            "the envelope carries no certificate: its signer can only be found in the transparency log");
      }
      return searchByDigest(env, sha256Hex, checks);
    }
    if (mode == TlogMode.IGNORE) {
      warn.accept(
          "WARNING: --insecure-ignore-tlog: the transparency log was NOT checked; the signature time is not "
              + "proven and a signature that was never logged would be accepted");
      checks.skipped("tlog", "--insecure-ignore-tlog");
      sigstore.verifyLeafCertificate(leaf, leaf.getNotBefore().toInstant(), checks);
      identity(leaf, checks);
      verifyDsseSignature(env, leaf, checks);
      return new SigstoreEvidence.Signed(env, leaf, 0, -1);
    }
    TlogLookup l = requireLookup();
    List<TlogEntry> entries = l.findByEnvelope(provenance, env, leaf);
    if (entries.size() != 1) {
      throw new VerificationException(
          "tlog.search",
          Reason.TLOG_ENTRY_NOT_FOUND,
          "expected exactly one log entry for the envelope",
          "1 entry at " + l.describe(),
          entries.size() + " entries");
    }
    SigstoreEvidence.Signed logged = sigstore.verifyTlogEntry(entries.get(0), env, leaf, checks);
    warn.accept(
        "Verified signature against tlog entry index " + logged.logIndex() + " at " + l.describe());
    sigstore.verifyLeafCertificate(
        leaf, java.time.Instant.ofEpochSecond(logged.integratedTime()), checks);
    identity(leaf, checks);
    verifyDsseSignature(env, leaf, checks);
    return new SigstoreEvidence.Signed(env, leaf, logged.integratedTime(), logged.logIndex());
  }

  private TlogLookup requireLookup() throws VerificationException {
    if (lookup == null) {
      throw new VerificationException(
          "tlog.search",
          Reason.LOG_UNREACHABLE,
          "classic DSSE provenance needs an online transparency-log lookup, and none is configured");
    }
    return lookup;
  }

  private SigstoreEvidence.Signed searchByDigest(DsseEnvelope env, String sha256Hex, Checks checks)
      throws VerificationException {
    TlogLookup l = requireLookup();
    List<TlogEntry> entries = l.findByArtifactDigest(sha256Hex);
    if (entries.isEmpty()) {
      throw new VerificationException(
          "tlog.search",
          Reason.TLOG_ENTRY_NOT_FOUND,
          "no log entry lists the artifact",
          "an entry at " + l.describe(),
          "none");
    }
    List<String> errors = new ArrayList<>();
    for (TlogEntry e : entries) {
      try {
        X509Certificate leaf = RekorBodies.certificateOf(e);
        SigstoreEvidence.Signed logged = sigstore.verifyTlogEntry(e, env, leaf, checks);
        sigstore.verifyLeafCertificate(
            leaf, java.time.Instant.ofEpochSecond(logged.integratedTime()), checks);
        identity(leaf, checks);
        verifyDsseSignature(env, leaf, checks);
        return new SigstoreEvidence.Signed(env, leaf, logged.integratedTime(), logged.logIndex());
      } catch (VerificationException ex) {
        errors.add(ex.verdictLine());
      }
    }
    throw new VerificationException(
        "tlog.search",
        Reason.TLOG_ENTRY_NOT_FOUND,
        "no log entry for the artifact verifies: " + String.join("; ", errors));
  }

  /** The certificate in the first envelope signature that has one, or null. */
  static X509Certificate certificateOf(DsseEnvelope env) throws VerificationException {
    for (DsseEnvelope.Signature s : env.signatures()) {
      if (s.certPem() != null && !s.certPem().isEmpty()) {
        try {
          List<X509Certificate> certs = Certificates.fromPem(s.certPem());
          if (certs.size() != 1) {
            throw new VerificationException(
                "certificate",
                Reason.CERTIFICATE_MALFORMED,
                "expected one PEM certificate in the envelope",
                "1",
                String.valueOf(certs.size()));
          }
          return certs.get(0);
        } catch (CertificateException e) {
          throw new VerificationException(
              "certificate",
              Reason.CERTIFICATE_MALFORMED,
              "envelope certificate: " + e.getMessage());
        }
      }
    }
    return null;
  }

  /** At least one envelope signature must verify with the certificate's key over the PAE. */
  static void verifyDsseSignature(DsseEnvelope env, X509Certificate leaf, Checks checks)
      throws VerificationException {
    if (env.signatures().isEmpty()) {
      throw new VerificationException(
          "dsse.signature", Reason.NO_SIGNATURE, "the envelope has no signatures");
    }
    byte[] pae = Pae.encode(env.payloadType(), env.payload());
    for (DsseEnvelope.Signature s : env.signatures()) {
      if (PublicKeys.verify(
          leaf.getPublicKey(),
          dev.provenant.core.x509.SignatureAlgorithms.defaultFor(leaf.getPublicKey()),
          pae,
          s.sig())) {
        checks.pass("dsse.signature", "signed by the certificate key", "verified");
        return;
      }
    }
    throw new VerificationException(
        "dsse.signature",
        Reason.SIGNATURE_INVALID,
        "no envelope signature verifies with the certificate's key",
        "a valid signature",
        "none valid");
  }
}
