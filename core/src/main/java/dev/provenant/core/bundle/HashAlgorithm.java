package dev.provenant.core.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/** The Sigstore {@code HashAlgorithm} enum (protobuf-specs common.v1) with its JCA name. */
public enum HashAlgorithm {
  SHA2_256("SHA-256", 32),
  SHA2_384("SHA-384", 48),
  SHA2_512("SHA-512", 64),
  SHA3_256("SHA3-256", 32),
  SHA3_384("SHA3-384", 48);

  private final String jcaName;
  private final int length;

  HashAlgorithm(String jcaName, int length) {
    this.jcaName = jcaName;
    this.length = length;
  }

  /** The JCA MessageDigest name. */
  public String jcaName() {
    return jcaName;
  }

  /** The digest length in bytes. */
  public int length() {
    return length;
  }

  /** A new digest instance (SHA-256 from the SUN provider so the intrinsic applies). */
  public MessageDigest newDigest() {
    if (this == SHA2_256) {
      return dev.provenant.core.digest.Sha256.newDigest();
    }
    try {
      return MessageDigest.getInstance(jcaName, "SUN");
    } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
      try {
        return MessageDigest.getInstance(jcaName);
      } catch (NoSuchAlgorithmException ex) {
        throw new IllegalStateException(jcaName + " is mandatory in JDK 17", ex);
      }
    }
  }

  /**
   * Parses the protobuf enum name, or the lower-case names Rekor v1 uses ({@code sha256}).
   *
   * @return null when the name is unknown
   */
  public static @Nullable HashAlgorithm fromName(String name) {
    switch (name) {
      case "SHA2_256":
      case "sha256":
        return SHA2_256;
      case "SHA2_384":
      case "sha384":
        return SHA2_384;
      case "SHA2_512":
      case "sha512":
        return SHA2_512;
      case "SHA3_256":
        return SHA3_256;
      case "SHA3_384":
        return SHA3_384;
      default:
        return null;
    }
  }

  /** The lower-case name Rekor v1 and in-toto use ({@code sha256}); SHA-3 keeps its enum name. */
  public String rekorName() {
    switch (this) {
      case SHA2_256:
        return "sha256";
      case SHA2_384:
        return "sha384";
      case SHA2_512:
        return "sha512";
      default:
        return name();
    }
  }
}
