package dev.provenant.verify.slsa;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.bundle.VerificationMaterial;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.ArtifactInput;
import dev.provenant.verify.sigstore.Check;
import dev.provenant.verify.sigstore.IdentityPolicy;
import dev.provenant.verify.sigstore.LoggedContent;
import dev.provenant.verify.sigstore.SigstoreVerifier;
import dev.provenant.verify.sigstore.VerifiedBundle;
import dev.provenant.verify.sigstore.VerifiedTlogEntry;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SigstoreEvidence} over the project's {@link SigstoreVerifier}. Unlike slsa-verifier, which
 * checks only a bundle's SET, this also checks the inclusion proof and checkpoint when the bundle
 * has them, and that the logged body is this envelope and certificate.
 */
public final class SigstoreEvidences implements SigstoreEvidence {
  private final SigstoreVerifier verifier;

  private SigstoreEvidences(SigstoreVerifier verifier) {
    this.verifier = verifier;
  }

  /** Evidence checks against a trusted root. */
  public static SigstoreEvidences create(TrustedRoot root) {
    return new SigstoreEvidences(SigstoreVerifier.create(root));
  }

  private static void copy(List<Check> from, Checks to) {
    for (Check c : from) {
      to.add(c.name(), c.passed(), c.expected(), c.actual(), c.detail());
    }
  }

  private Signed verify(Bundle bundle, IdentityPolicy policy, Checks checks)
      throws VerificationException {
    if (bundle.dsseEnvelope().isEmpty()) {
      throw new VerificationException(
          "bundle.content",
          Reason.UNSUPPORTED_FORMAT,
          "expected a DSSE envelope in the bundle, found a message signature");
    }
    if (bundle.verificationMaterial().tlogEntries().isEmpty()) {
      throw new VerificationException(
          "tlog", Reason.TLOG_ENTRY_NOT_FOUND, "the bundle has no transparency-log entry");
    }
    bundle = leafOnly(bundle);
    List<Check> list = new ArrayList<>();
    VerifiedBundle vb;
    try {
      vb = verifier.verify(bundle, ArtifactInput.none(), policy, list);
    } finally {
      // Keep the failed check too; Checks.fail is called by the caller with the exception.
      copy(
          list.isEmpty() || list.get(list.size() - 1).passed()
              ? list
              : list.subList(0, list.size() - 1),
          checks);
    }
    DsseEnvelope env = vb.envelope().orElseThrow();
    long time = 0;
    long index = -1;
    if (!vb.tlogEntries().isEmpty()) {
      VerifiedTlogEntry t = vb.tlogEntries().get(0);
      time = t.integratedTime();
      index = t.logIndex();
    }
    return new Signed(env, vb.certificate().orElse(null), time, index);
  }

  /**
   * slsa-verifier takes only the leaf of a bundle's certificate chain (the CAs come from the
   * trusted root), so a v0.1/v0.2 bundle that also carries the root verifies there; do the same.
   */
  static Bundle leafOnly(Bundle bundle) {
    VerificationMaterial vm = bundle.verificationMaterial();
    if (vm.kind() != VerificationMaterial.Kind.CERTIFICATE_CHAIN || vm.certificates().size() < 2) {
      return bundle;
    }
    VerificationMaterial leaf =
        new VerificationMaterial(
            vm.kind(),
            List.of(vm.certificates().get(0)),
            null,
            vm.tlogEntries(),
            vm.rfc3161Timestamps());
    return Bundle.of(
        bundle.version(),
        leaf,
        bundle.messageSignature().orElse(null),
        bundle.dsseEnvelope().orElse(null));
  }

  @Override
  public Signed verifyCertificateBundle(Bundle bundle, Checks checks) throws VerificationException {
    return verify(bundle, IdentityPolicy.anyCertificate(), checks);
  }

  @Override
  public Signed verifyKeyBundle(Bundle bundle, PublicKey key, Checks checks)
      throws VerificationException {
    return verify(bundle, IdentityPolicy.publicKey(key), checks);
  }

  @Override
  public void verifyLeafCertificate(X509Certificate leaf, Instant at, Checks checks)
      throws VerificationException {
    verifier.verifyLeafCertificate(leaf, at);
    checks.pass(
        "certificate.chain",
        "a trusted Fulcio chain valid at " + at,
        leaf.getSubjectX500Principal().getName());
  }

  @Override
  public Signed verifyTlogEntry(
      TlogEntry entry, DsseEnvelope envelope, X509Certificate leaf, Checks checks)
      throws VerificationException {
    VerifiedTlogEntry v =
        verifier.verifyTlogEntry(entry, Optional.of(LoggedContent.dsse(envelope, leaf)));
    checks.pass(
        "tlog.entry",
        "a verified entry logging this envelope",
        "index "
            + v.logIndex()
            + (v.proofVerified() ? ", inclusion proof verified" : ", SET only"));
    return new Signed(envelope, leaf, v.integratedTime(), v.logIndex());
  }
}
