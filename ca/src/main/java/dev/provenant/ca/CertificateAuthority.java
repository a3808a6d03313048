package dev.provenant.ca;

import dev.provenant.ca.cert.LeafFactory;
import dev.provenant.ca.ct.CtLog;
import dev.provenant.ca.identity.IdentityMapper;
import dev.provenant.ca.identity.Principal;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.VerifiedToken;
import dev.provenant.core.ct.EmbeddedScts;
import dev.provenant.core.ct.SignedCertificateTimestamp;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The keyless CA's issuance pipeline: verify the OIDC token, map it to an identity, check the
 * subject key and its proof of possession, log a precertificate to the CT log and issue the final
 * certificate with the SCT embedded. Every refusal and every issuance is audited.
 */
public final class CertificateAuthority {
  private final OidcVerifier verifier;
  private final LeafFactory leaves;
  private final CtLog ctLog;
  private final AuditLog audit;

  /**
   * @param verifier checks identity tokens
   * @param leaves builds certificates under the intermediate
   * @param ctLog records precertificates and signs SCTs
   * @param audit receives one line per request
   */
  public CertificateAuthority(
      OidcVerifier verifier, LeafFactory leaves, CtLog ctLog, AuditLog audit) {
    this.verifier = Objects.requireNonNull(verifier);
    this.leaves = Objects.requireNonNull(leaves);
    this.ctLog = Objects.requireNonNull(ctLog);
    this.audit = Objects.requireNonNull(audit);
  }

  /** The token verifier (for {@code /api/v2/configuration}). */
  public OidcVerifier verifier() {
    return verifier;
  }

  /** The CT log. */
  public CtLog ctLog() {
    return ctLog;
  }

  /** The chain after the leaf: intermediate, root. */
  public List<X509Certificate> chain() {
    return leaves.chain();
  }

  /**
   * Issues a certificate for {@code request}, auditing the outcome.
   *
   * @param remote the caller's address, for the audit log
   * @throws IssuanceException with the refusal reason; already audited
   */
  public IssuedCertificate issue(SigningRequest request, String remote) throws IssuanceException {
    try {
      Issued r = issueUnaudited(request);
      IssuedCertificate c = r.certificate();
      audit.issued(
          remote,
          r.token().issuer().url(),
          r.token().subject(),
          r.principal().san(),
          c.leaf().getSerialNumber().toString(16),
          c.ctIndex());
      return c;
    } catch (IssuanceException e) {
      audit.refused(remote, "signingCert", e.refusal(), e.getMessage());
      throw e;
    }
  }

  private record Issued(IssuedCertificate certificate, VerifiedToken token, Principal principal) {}

  private Issued issueUnaudited(SigningRequest request) throws IssuanceException {
    VerifiedToken token = verifier.verify(request.token());
    Principal principal = IdentityMapper.map(token);
    PublicKey key =
        request.csr() != null
            ? SubjectKeys.fromCsr(request.csr())
            : SubjectKeys.fromPublicKeyRequest(
                request.publicKey(), request.proofOfPossession(), principal.challenges());
    LeafFactory.Draft draft = leaves.draft(principal, key);
    try {
      // RFC 6962 §3.2 logs the precertificate's TBSCertificate with the poison removed, and our
      // CT log is in-process (no add-pre-chain front end that would want the signed
      // precertificate), so the signed precertificate Fulcio makes is skipped: one signature
      // per certificate instead of two. LeafFactory.precertificate still makes it on demand.
      SignedCertificateTimestamp sct;
      long index;
      try {
        CtLog.Entry e =
            ctLog.addPrecertificateEntry(chain().get(0).getPublicKey(), leaves.ctTbs(draft));
        sct = e.sct();
        index = e.index();
      } catch (IOException e) {
        throw new IssuanceException(
            Refusal.CT_LOG_FAILED,
            "CT log did not accept the precertificate: " + e.getMessage(),
            e);
      }
      X509Certificate leaf = leaves.finalCertificate(draft, EmbeddedScts.encodeList(List.of(sct)));
      return new Issued(new IssuedCertificate(leaf, chain(), sct, index), token, principal);
    } catch (GeneralSecurityException e) {
      throw new IssuanceException(Refusal.SIGNING_FAILED, "signing failed: " + e.getMessage(), e);
    }
  }
}
