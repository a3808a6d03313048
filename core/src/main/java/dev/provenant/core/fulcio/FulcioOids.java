package dev.provenant.core.fulcio;

/**
 * Sigstore's certificate extension OIDs under 1.3.6.1.4.1.57264.1.
 *
 * <p>SPEC: https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md — 1.1 to 1.6 are
 * deprecated and hold the raw UTF-8 string as the extension value; from 1.8 on "the values are
 * DER-encoded strings" (UTF8String).
 */
public final class FulcioOids {
  private FulcioOids() {}

  /** The arc all Fulcio extensions live under. */
  public static final String ARC = "1.3.6.1.4.1.57264.1.";

  public static final String ISSUER_V1 = ARC + "1";
  public static final String GITHUB_WORKFLOW_TRIGGER = ARC + "2";
  public static final String GITHUB_WORKFLOW_SHA = ARC + "3";
  public static final String GITHUB_WORKFLOW_NAME = ARC + "4";
  public static final String GITHUB_WORKFLOW_REPOSITORY = ARC + "5";
  public static final String GITHUB_WORKFLOW_REF = ARC + "6";
  /** OtherName SAN type for usernames. */
  public static final String OTHER_NAME_SAN = ARC + "7";
  public static final String ISSUER_V2 = ARC + "8";
  public static final String BUILD_SIGNER_URI = ARC + "9";
  public static final String BUILD_SIGNER_DIGEST = ARC + "10";
  public static final String RUNNER_ENVIRONMENT = ARC + "11";
  public static final String SOURCE_REPOSITORY_URI = ARC + "12";
  public static final String SOURCE_REPOSITORY_DIGEST = ARC + "13";
  public static final String SOURCE_REPOSITORY_REF = ARC + "14";
  public static final String SOURCE_REPOSITORY_IDENTIFIER = ARC + "15";
  public static final String SOURCE_REPOSITORY_OWNER_URI = ARC + "16";
  public static final String SOURCE_REPOSITORY_OWNER_IDENTIFIER = ARC + "17";
  public static final String BUILD_CONFIG_URI = ARC + "18";
  public static final String BUILD_CONFIG_DIGEST = ARC + "19";
  public static final String BUILD_TRIGGER = ARC + "20";
  public static final String RUN_INVOCATION_URI = ARC + "21";
  public static final String SOURCE_REPOSITORY_VISIBILITY = ARC + "22";
  public static final String DEPLOYMENT_ENVIRONMENT = ARC + "23";
  public static final String TOKEN_SUBJECT = ARC + "24";

  /** RFC 6962 embedded SCT list extension. */
  public static final String SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";
  /** RFC 6962 precertificate poison extension. */
  public static final String PRECERT_POISON = "1.3.6.1.4.1.11129.2.4.3";
}
