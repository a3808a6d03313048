package dev.provenant.verify.slsa;

import dev.provenant.core.fulcio.FulcioOid;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;

/**
 * The GitHub Actions workflow identity a Fulcio certificate attests, read as slsa-verifier reads it
 * ({@code GetWorkflowInfoFromCertificate}): deprecated and current Fulcio extensions must agree
 * where both are present.
 *
 * <p>SPEC: https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 *
 * @param issuer OIDC issuer (1.1 / 1.8)
 * @param subjectWorkflow the SAN URI, e.g. {@code
 *     https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1}
 * @param subjectSha1 build signer digest (1.10), or null
 * @param hosted runner environment (1.11): {@code github-hosted}, {@code self-hosted} or null
 * @param sourceRepository {@code owner/repo} (1.12 / 1.5)
 * @param sourceSha1 source commit (1.13 / 1.3)
 * @param sourceRef source ref (1.14), or null
 * @param sourceId repository id (1.15), or null
 * @param sourceOwnerId owner id (1.17), or null
 * @param buildTrigger event name (1.20 / 1.2)
 * @param buildConfigPath workflow path from the build config URI (1.18), or null
 * @param runId {@code <run>/attempts/<n>} from the run invocation URI (1.21), or null
 */
public record WorkflowIdentity(
    String issuer,
    URI subjectWorkflow,
    String subjectSha1,
    String hosted,
    String sourceRepository,
    String sourceSha1,
    String sourceRef,
    String sourceId,
    String sourceOwnerId,
    String buildTrigger,
    String buildConfigPath,
    String runId) {

  static final String CHECK = "certificate.workflow-identity";
  private static final String HTTPS_GITHUB = "https://github.com/";

  /** The SAN workflow without its {@code @ref}. */
  public String subjectWorkflowName() {
    String path = subjectWorkflowPath();
    StringBuilder sb = new StringBuilder();
    if (subjectWorkflow.getScheme() != null) {
      sb.append(subjectWorkflow.getScheme()).append(':');
    }
    if (subjectWorkflow.getRawAuthority() != null) {
      sb.append("//").append(subjectWorkflow.getRawAuthority());
    }
    sb.append(path);
    if (subjectWorkflow.getRawQuery() != null) {
      sb.append('?').append(subjectWorkflow.getRawQuery());
    }
    return sb.toString();
  }

  /** The SAN path without its {@code @ref}. */
  public String subjectWorkflowPath() {
    String p = pathOf(subjectWorkflow);
    int i = p.lastIndexOf('@');
    return i < 0 ? p : p.substring(0, i);
  }

  /** The SAN ref (after the last {@code @} of the path), or "". */
  public String subjectWorkflowRef() {
    String p = pathOf(subjectWorkflow);
    int i = p.lastIndexOf('@');
    return i < 0 ? "" : p.substring(i + 1);
  }

  private static String pathOf(URI u) {
    return u.getPath() == null ? "" : u.getPath();
  }

  /**
   * Reads the identity from a Fulcio leaf certificate.
   *
   * @throws VerificationException CERTIFICATE_MALFORMED if the SAN URI is missing or claims
   *     disagree or are empty
   */
  public static WorkflowIdentity fromCertificate(X509Certificate cert)
      throws VerificationException {
    URI san = firstUriSan(cert);
    String buildTrigger =
        equalClaims(cert, FulcioOid.GITHUB_WORKFLOW_TRIGGER, FulcioOid.BUILD_TRIGGER);
    String sourceSha1 =
        equalClaims(cert, FulcioOid.GITHUB_WORKFLOW_SHA, FulcioOid.SOURCE_REPOSITORY_DIGEST);
    String buildConfigSha1 = ext(cert, FulcioOid.BUILD_CONFIG_DIGEST);
    claimsEqual(sourceSha1, buildConfigSha1);
    String issuer = equalClaims(cert, FulcioOid.ISSUER_V1, FulcioOid.ISSUER_V2);

    String deprecatedRepo = ext(cert, FulcioOid.GITHUB_WORKFLOW_REPOSITORY);
    String sourceUri = ext(cert, FulcioOid.SOURCE_REPOSITORY_URI);
    if (!deprecatedRepo.isEmpty()
        && !sourceUri.isEmpty()
        && !(HTTPS_GITHUB + deprecatedRepo).equals(sourceUri)) {
      throw malformed("source repository claims differ", HTTPS_GITHUB + deprecatedRepo, sourceUri);
    }
    String sourceRepository =
        sourceUri.startsWith(HTTPS_GITHUB) ? sourceUri.substring(HTTPS_GITHUB.length()) : sourceUri;
    if (sourceRepository.isEmpty()) {
      sourceRepository = deprecatedRepo;
    }
    String subjectSha1 = ext(cert, FulcioOid.BUILD_SIGNER_DIGEST);
    String runner = ext(cert, FulcioOid.RUNNER_ENVIRONMENT);
    String hosted = runner.equals("github-hosted") || runner.equals("self-hosted") ? runner : null;
    String sourceRef = ext(cert, FulcioOid.SOURCE_REPOSITORY_REF);
    String sourceId = ext(cert, FulcioOid.SOURCE_REPOSITORY_IDENTIFIER);
    String sourceOwnerId = ext(cert, FulcioOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER);
    String buildConfigUri = ext(cert, FulcioOid.BUILD_CONFIG_URI);
    String buildConfigPath = "";
    if (!buildConfigUri.isEmpty()) {
      String[] parts = buildConfigUri.split("@", -1);
      if (parts.length != 2) {
        throw malformed("build config URI is not path@ref", "path@ref", buildConfigUri);
      }
      String prefix = HTTPS_GITHUB + sourceRepository + "/";
      if (!parts[0].startsWith(prefix)) {
        throw malformed(
            "build config URI is outside the source repository", prefix + "...", parts[0]);
      }
      buildConfigPath = parts[0].substring(prefix.length());
    }
    String runUri = ext(cert, FulcioOid.RUN_INVOCATION_URI);
    String runPrefix = HTTPS_GITHUB + sourceRepository + "/actions/runs/";
    String runId = runUri.startsWith(runPrefix) ? runUri.substring(runPrefix.length()) : runUri;
    if (!pathOf(san).startsWith("/")) {
      throw malformed("SAN URI has no absolute path", "/...", pathOf(san));
    }
    return new WorkflowIdentity(
        issuer,
        san,
        emptyToNull(subjectSha1),
        hosted,
        sourceRepository,
        sourceSha1,
        emptyToNull(sourceRef),
        emptyToNull(sourceId),
        emptyToNull(sourceOwnerId),
        buildTrigger,
        emptyToNull(buildConfigPath),
        emptyToNull(runId));
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static VerificationException malformed(String detail, String expected, String actual) {
    return new VerificationException(CHECK, Reason.CERTIFICATE_MALFORMED, detail, expected, actual);
  }

  static URI firstUriSan(X509Certificate cert) throws VerificationException {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new VerificationException(
          CHECK, Reason.CERTIFICATE_MALFORMED, "unreadable SAN extension");
    }
    if (sans != null) {
      for (List<?> san : sans) {
        if (Integer.valueOf(6).equals(san.get(0))) {
          try {
            return new URI((String) san.get(1));
          } catch (URISyntaxException e) {
            throw malformed("SAN URI does not parse", "a URI", String.valueOf(san.get(1)));
          }
        }
      }
    }
    throw new VerificationException(
        CHECK, Reason.CERTIFICATE_MALFORMED, "certificate has no SAN URI");
  }

  private static void claimsEqual(String deprecated, String current) throws VerificationException {
    if (!deprecated.isEmpty() && !current.isEmpty() && !deprecated.equals(current)) {
      throw malformed("deprecated and current Fulcio claims differ", deprecated, current);
    }
    if (deprecated.isEmpty() && current.isEmpty()) {
      throw new VerificationException(
          CHECK, Reason.CERTIFICATE_MALFORMED, "Fulcio claims are empty");
    }
  }

  private static String equalClaims(X509Certificate cert, FulcioOid deprecatedOid, FulcioOid oid)
      throws VerificationException {
    String deprecated = ext(cert, deprecatedOid);
    String current = ext(cert, oid);
    claimsEqual(deprecated, current);
    return current.isEmpty() ? deprecated : current;
  }

  /**
   * A Fulcio extension's value, decoded by the one raw-vs-DER rule ({@link FulcioOid#decodeValue});
   * "" when absent.
   */
  static String ext(X509Certificate cert, FulcioOid oid) throws VerificationException {
    byte[] wrapped = cert.getExtensionValue(oid.oid());
    if (wrapped == null) {
      return "";
    }
    try {
      return oid.decodeValue(ASN1OctetString.getInstance(wrapped).getOctets());
    } catch (CertificateParsingException | IllegalArgumentException e) {
      throw malformed(
          "Fulcio extension " + oid.oid() + " is not valid", "DER string", "unparseable");
    }
  }
}
