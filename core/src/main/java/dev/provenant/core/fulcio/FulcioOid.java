package dev.provenant.core.fulcio;

import dev.provenant.core.x509.Der;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * Every Sigstore certificate OID under 1.3.6.1.4.1.57264.1, with the one rule for how its value is
 * encoded: the CA's extension writer and the verifier's reader both go through {@link #encodeValue}
 * and {@link #decodeValue}.
 *
 * <p>SPEC: https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md — 1.1 to 1.6 are
 * deprecated and hold the raw UTF-8 string as the extension value; 1.7 is an OtherName SAN type,
 * not an extension; from 1.8 on "the values are DER-encoded strings" (Fulcio writes UTF8String).
 */
public enum FulcioOid {
  /** 1.1 OIDC issuer (deprecated, raw). */
  ISSUER_V1(1),
  /** 1.2 GitHub workflow trigger (deprecated, raw). */
  GITHUB_WORKFLOW_TRIGGER(2),
  /** 1.3 GitHub workflow SHA (deprecated, raw). */
  GITHUB_WORKFLOW_SHA(3),
  /** 1.4 GitHub workflow name (deprecated, raw). */
  GITHUB_WORKFLOW_NAME(4),
  /** 1.5 GitHub workflow repository (deprecated, raw). */
  GITHUB_WORKFLOW_REPOSITORY(5),
  /** 1.6 GitHub workflow ref (deprecated, raw). */
  GITHUB_WORKFLOW_REF(6),
  /** 1.7 OtherName SAN type for usernames (a SAN type, not an extension). */
  OTHER_NAME_SAN(7),
  /** 1.8 OIDC issuer (V2). */
  ISSUER_V2(8),
  /** 1.9 Build signer URI. */
  BUILD_SIGNER_URI(9),
  /** 1.10 Build signer digest. */
  BUILD_SIGNER_DIGEST(10),
  /** 1.11 Runner environment. */
  RUNNER_ENVIRONMENT(11),
  /** 1.12 Source repository URI. */
  SOURCE_REPOSITORY_URI(12),
  /** 1.13 Source repository digest. */
  SOURCE_REPOSITORY_DIGEST(13),
  /** 1.14 Source repository ref. */
  SOURCE_REPOSITORY_REF(14),
  /** 1.15 Source repository identifier. */
  SOURCE_REPOSITORY_IDENTIFIER(15),
  /** 1.16 Source repository owner URI. */
  SOURCE_REPOSITORY_OWNER_URI(16),
  /** 1.17 Source repository owner identifier. */
  SOURCE_REPOSITORY_OWNER_IDENTIFIER(17),
  /** 1.18 Build config URI. */
  BUILD_CONFIG_URI(18),
  /** 1.19 Build config digest. */
  BUILD_CONFIG_DIGEST(19),
  /** 1.20 Build trigger. */
  BUILD_TRIGGER(20),
  /** 1.21 Run invocation URI. */
  RUN_INVOCATION_URI(21),
  /** 1.22 Source repository visibility at signing. */
  SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING(22),
  /** 1.23 Deployment environment. */
  DEPLOYMENT_ENVIRONMENT(23),
  /** 1.24 Token subject. */
  TOKEN_SUBJECT(24);

  /**
   * Sigstore's private enterprise number arc; .1 is Fulcio's, .2 the timestamp authority policy's.
   */
  public static final String SIGSTORE_ARC = "1.3.6.1.4.1.57264";

  /** The arc all Fulcio OIDs live under, without a trailing dot. */
  public static final String ARC = SIGSTORE_ARC + ".1";

  private static final FulcioOid[] BY_NUMBER = new FulcioOid[25];

  static {
    for (FulcioOid o : values()) {
      BY_NUMBER[o.number] = o;
    }
  }

  private final int number;
  private final String oid;

  FulcioOid(int number) {
    this.number = number;
    this.oid = ARC + "." + number;
  }

  /** The dotted OID, e.g. {@code 1.3.6.1.4.1.57264.1.8}. */
  public String oid() {
    return oid;
  }

  /** The last arc, 1 to 24. */
  public int number() {
    return number;
  }

  /** False only for 1.7, which names an OtherName SAN type rather than an extension. */
  public boolean isExtension() {
    return number != 7;
  }

  /**
   * True when the value is a DER string (1.8 on); false when it is the raw string bytes (1.1 to
   * 1.6).
   */
  public boolean derString() {
    return number >= 8;
  }

  /**
   * The OID with this dotted form; empty for anything else, including non-canonical arcs like
   * {@code 01}.
   */
  public static Optional<FulcioOid> of(String oid) {
    if (oid == null
        || !oid.startsWith(ARC)
        || oid.length() <= ARC.length() + 1
        || oid.charAt(ARC.length()) != '.') {
      return Optional.empty();
    }
    String last = oid.substring(ARC.length() + 1);
    if (last.length() > 2) {
      return Optional.empty();
    }
    int v = 0;
    for (int k = 0; k < last.length(); k++) {
      char c = last.charAt(k);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
      v = v * 10 + (c - '0');
    }
    // "01" is not how an OID arc prints; only canonical decimal counts.
    if (v >= BY_NUMBER.length || !String.valueOf(v).equals(last)) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_NUMBER[v]);
  }

  /**
   * The extension value (the contents of extnValue) Fulcio writes for {@code value}: raw UTF-8 for
   * 1.1 to 1.6, a DER UTF8String from 1.8 on.
   *
   * @throws IllegalStateException for 1.7, which is not an extension
   */
  public byte[] encodeValue(String value) {
    if (!isExtension()) {
      throw new IllegalStateException(oid + " is an OtherName SAN type, not an extension");
    }
    if (!derString()) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return new DERUTF8String(value).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of a UTF8String cannot fail", e);
    }
  }

  /**
   * Reads an extension value (the contents of extnValue) written by {@link #encodeValue}: raw UTF-8
   * for 1.1 to 1.6, any DER string type from 1.8 on.
   *
   * @throws CertificateParsingException if a 1.8+ value is not a DER string
   * @throws IllegalStateException for 1.7, which is not an extension
   */
  public String decodeValue(byte[] value) throws CertificateParsingException {
    if (!isExtension()) {
      throw new IllegalStateException(oid + " is an OtherName SAN type, not an extension");
    }
    if (!derString()) {
      return new String(value, StandardCharsets.UTF_8);
    }
    // Fulcio writes DER UTF8Strings, nearly always ASCII: read those directly, anything else
    // (other string types, non-ASCII) through BouncyCastle's full ASN.1 parser.
    String ascii = Der.asciiUtf8String(value);
    if (ascii != null) {
      return ascii;
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(value);
      if (p instanceof ASN1String s) {
        return s.getString();
      }
    } catch (IOException | IllegalArgumentException e) {
      // reported below
    }
    throw new CertificateParsingException("extension " + oid + " is not a DER string");
  }
}
