package dev.provenant.verify.slsa;

import dev.provenant.core.fulcio.FulcioOid;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.net.URI;
import java.security.cert.X509Certificate;

/**
 * The claims a configured builder's signing certificate makes, read from the Fulcio extensions the
 * way Fulcio sets them for GitHub Actions (the platform contract models its certificates on that
 * mapping).
 *
 * <p>SPEC: https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 *
 * @param issuer OIDC issuer (1.8; the deprecated 1.1 must agree when present)
 * @param san the SAN URI: the builder id with its version
 * @param sourceRepositoryUri source repository URI (1.12), with scheme
 * @param sourceRepositoryDigest the built commit (1.13)
 * @param sourceRepositoryRef the built ref (1.14), e.g. {@code refs/tags/v1.2.3}
 */
public record BuilderCertificate(
    String issuer,
    String san,
    String sourceRepositoryUri,
    String sourceRepositoryDigest,
    String sourceRepositoryRef) {

  /**
   * Reads the claims of {@code leaf}.
   *
   * @throws VerificationException CERTIFICATE_MALFORMED when a claim is missing, not a DER string,
   *     or the two issuer extensions disagree
   */
  public static BuilderCertificate of(X509Certificate leaf) throws VerificationException {
    URI san = WorkflowIdentity.firstUriSan(leaf);
    String legacyIssuer = WorkflowIdentity.ext(leaf, FulcioOid.ISSUER_V1);
    String issuer = WorkflowIdentity.ext(leaf, FulcioOid.ISSUER_V2);
    if (!legacyIssuer.isEmpty() && !issuer.isEmpty() && !legacyIssuer.equals(issuer)) {
      throw malformed("issuer claims (1.1 and 1.8) differ", issuer, legacyIssuer);
    }
    if (issuer.isEmpty()) {
      issuer = legacyIssuer;
    }
    return new BuilderCertificate(
        required(issuer, "issuer (1.8)"),
        san.toString(),
        required(
            WorkflowIdentity.ext(leaf, FulcioOid.SOURCE_REPOSITORY_URI),
            "source repository URI (1.12)"),
        required(
            WorkflowIdentity.ext(leaf, FulcioOid.SOURCE_REPOSITORY_DIGEST),
            "source repository digest (1.13)"),
        required(
            WorkflowIdentity.ext(leaf, FulcioOid.SOURCE_REPOSITORY_REF),
            "source repository ref (1.14)"));
  }

  /**
   * The identity for reports: the fields {@link WorkflowIdentity} shares with GitHub's, the source
   * repository without its scheme (as {@code --source-uri} names it).
   */
  public WorkflowIdentity asIdentity() {
    String repo = sourceRepositoryUri.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    return new WorkflowIdentity(
        issuer,
        URI.create(san),
        null,
        null,
        repo,
        sourceRepositoryDigest,
        sourceRepositoryRef,
        null,
        null,
        "",
        null,
        null);
  }

  private static String required(String v, String what) throws VerificationException {
    if (v.isEmpty()) {
      throw new VerificationException(
          WorkflowIdentity.CHECK,
          Reason.CERTIFICATE_MALFORMED,
          "the certificate lacks the " + what);
    }
    return v;
  }

  private static VerificationException malformed(String detail, String expected, String actual) {
    return new VerificationException(
        WorkflowIdentity.CHECK, Reason.CERTIFICATE_MALFORMED, detail, expected, actual);
  }
}
