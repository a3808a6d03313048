package dev.provenant.ca.cert;

/**
 * The Fulcio certificate extensions under 1.3.6.1.4.1.57264.1, in the order Fulcio renders them,
 * with their DER shape. SPEC: https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md —
 * 1.1–1.6 are deprecated and hold the raw string bytes as the extension value; 1.8 onwards hold a
 * DER-encoded UTF8String.
 */
public enum FulcioOid {
  /** 1.1 OIDC issuer (deprecated, raw). */
  ISSUER_V1(1, false),
  /** 1.2 GitHub workflow trigger (deprecated, raw). */
  GITHUB_WORKFLOW_TRIGGER(2, false),
  /** 1.3 GitHub workflow SHA (deprecated, raw). */
  GITHUB_WORKFLOW_SHA(3, false),
  /** 1.4 GitHub workflow name (deprecated, raw). */
  GITHUB_WORKFLOW_NAME(4, false),
  /** 1.5 GitHub workflow repository (deprecated, raw). */
  GITHUB_WORKFLOW_REPOSITORY(5, false),
  /** 1.6 GitHub workflow ref (deprecated, raw). */
  GITHUB_WORKFLOW_REF(6, false),
  /** 1.8 OIDC issuer (V2). */
  ISSUER(8, true),
  /** 1.9 Build signer URI. */
  BUILD_SIGNER_URI(9, true),
  /** 1.10 Build signer digest. */
  BUILD_SIGNER_DIGEST(10, true),
  /** 1.11 Runner environment. */
  RUNNER_ENVIRONMENT(11, true),
  /** 1.12 Source repository URI. */
  SOURCE_REPOSITORY_URI(12, true),
  /** 1.13 Source repository digest. */
  SOURCE_REPOSITORY_DIGEST(13, true),
  /** 1.14 Source repository ref. */
  SOURCE_REPOSITORY_REF(14, true),
  /** 1.15 Source repository identifier. */
  SOURCE_REPOSITORY_IDENTIFIER(15, true),
  /** 1.16 Source repository owner URI. */
  SOURCE_REPOSITORY_OWNER_URI(16, true),
  /** 1.17 Source repository owner identifier. */
  SOURCE_REPOSITORY_OWNER_IDENTIFIER(17, true),
  /** 1.18 Build config URI. */
  BUILD_CONFIG_URI(18, true),
  /** 1.19 Build config digest. */
  BUILD_CONFIG_DIGEST(19, true),
  /** 1.20 Build trigger. */
  BUILD_TRIGGER(20, true),
  /** 1.21 Run invocation URI. */
  RUN_INVOCATION_URI(21, true),
  /** 1.22 Source repository visibility at signing. */
  SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING(22, true),
  /** 1.23 Deployment environment. */
  DEPLOYMENT_ENVIRONMENT(23, true),
  /** 1.24 Token subject. */
  TOKEN_SUBJECT(24, true);

  /** The arc all Fulcio extensions live under. */
  public static final String ARC = "1.3.6.1.4.1.57264.1";

  private final int number;
  private final boolean derUtf8;

  FulcioOid(int number, boolean derUtf8) {
    this.number = number;
    this.derUtf8 = derUtf8;
  }

  /** The dotted OID, e.g. {@code 1.3.6.1.4.1.57264.1.8}. */
  public String oid() {
    return ARC + "." + number;
  }

  /** The last arc, 1–24. */
  public int number() {
    return number;
  }

  /** True when the value is a DER UTF8String; false when it is the raw string bytes. */
  public boolean derUtf8() {
    return derUtf8;
  }
}
