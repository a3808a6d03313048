package dev.provenant.verify.sigstore;

import java.security.PublicKey;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who must have signed: a certificate identity (SAN and OIDC issuer, exact or by regular
 * expression), any Fulcio identity (when the caller checks the identity itself, as SLSA policy
 * does), or a public key for key-signed bundles.
 *
 * <p>Regular expressions match the whole value only if they are anchored: like cosign and
 * sigstore-go, an unanchored pattern matches anywhere in the SAN. Write {@code ^...$}.
 */
public final class IdentityPolicy {
  enum Kind {
    EXACT,
    REGEX,
    ANY_CERTIFICATE,
    PUBLIC_KEY
  }

  private final Kind kind;
  private final String san;
  private final String issuer;
  private final Pattern sanPattern;
  private final Pattern issuerPattern;
  private final PublicKey key;

  private IdentityPolicy(
      Kind kind,
      String san,
      String issuer,
      Pattern sanPattern,
      Pattern issuerPattern,
      PublicKey key) {
    this.kind = kind;
    this.san = san;
    this.issuer = issuer;
    this.sanPattern = sanPattern;
    this.issuerPattern = issuerPattern;
    this.key = key;
  }

  /** The certificate's SAN must equal {@code san} and its OIDC issuer {@code issuer}. */
  public static IdentityPolicy exact(String san, String issuer) {
    return new IdentityPolicy(
        Kind.EXACT,
        Objects.requireNonNull(san, "san"),
        Objects.requireNonNull(issuer, "issuer"),
        null,
        null,
        null);
  }

  /**
   * The SAN must match {@code sanRegex}; the issuer must equal {@code issuer} when non-null, and
   * match {@code issuerRegex} when that is non-null.
   *
   * @throws java.util.regex.PatternSyntaxException if a pattern is invalid
   */
  public static IdentityPolicy regex(String sanRegex, String issuer, String issuerRegex) {
    return new IdentityPolicy(
        Kind.REGEX,
        null,
        issuer,
        Pattern.compile(Objects.requireNonNull(sanRegex, "sanRegex")),
        issuerRegex == null ? null : Pattern.compile(issuerRegex),
        null);
  }

  /** Any certificate that chains to the trusted Fulcio CAs; the caller checks the identity. */
  public static IdentityPolicy anyCertificate() {
    return new IdentityPolicy(Kind.ANY_CERTIFICATE, null, null, null, null, null);
  }

  /** The bundle must be signed by this key ({@code --key}). */
  public static IdentityPolicy publicKey(PublicKey key) {
    return new IdentityPolicy(
        Kind.PUBLIC_KEY, null, null, null, null, Objects.requireNonNull(key, "key"));
  }

  Kind kind() {
    return kind;
  }

  PublicKey key() {
    return key;
  }

  /** Describes the expected identity for messages. */
  public String describe() {
    switch (kind) {
      case EXACT:
        return san + " from " + issuer;
      case REGEX:
        return "/"
            + sanPattern
            + "/ from "
            + (issuer != null
                ? issuer
                : issuerPattern != null ? "/" + issuerPattern + "/" : "any issuer");
      case ANY_CERTIFICATE:
        return "any Fulcio identity";
      default:
        return "public key";
    }
  }

  /** Whether a certificate's SAN satisfies this policy (false for a key policy). */
  public boolean sanMatches(String actual) {
    switch (kind) {
      case EXACT:
        return san.equals(actual);
      case REGEX:
        return sanPattern.matcher(actual).find();
      case ANY_CERTIFICATE:
        return true;
      default:
        return false;
    }
  }

  /** Whether a certificate's OIDC issuer satisfies this policy (false for a key policy). */
  public boolean issuerMatches(String actual) {
    switch (kind) {
      case EXACT:
        return issuer.equals(actual);
      case REGEX:
        return (issuer == null || issuer.equals(actual))
            && (issuerPattern == null || issuerPattern.matcher(actual).find());
      case ANY_CERTIFICATE:
        return true;
      default:
        return false;
    }
  }

  String expectedIssuer() {
    return issuer != null ? issuer : issuerPattern != null ? "/" + issuerPattern + "/" : "any";
  }

  String expectedSan() {
    return san != null ? san : sanPattern != null ? "/" + sanPattern + "/" : "any";
  }
}
