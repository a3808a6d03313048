package dev.provenant.core.merkle;

import dev.provenant.core.digest.Sha256;
import java.security.MessageDigest;

/**
 * The RFC 6962 / RFC 9162 Merkle tree hash function over SHA-256.
 *
 * <p>SPEC: RFC 9162 §2.1.1: "MTH({}) = SHA-256()", "MTH({d(0)}) = SHA-256(0x00 || d(0))", and for n
 * &gt; 1 "MTH(D_n) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))". The distinct prefixes keep a
 * leaf from ever being mistaken for an interior node (second-preimage resistance).
 */
public final class Rfc6962 {
  /** Size in bytes of every hash in the tree. */
  public static final int HASH_SIZE = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final byte[] EMPTY_ROOT = Sha256.hash(new byte[0]);

  private Rfc6962() {}

  /** The hash of a leaf: SHA-256(0x00 || data). */
  public static byte[] leafHash(byte[] data) {
    MessageDigest md = Sha256.newDigest();
    md.update(LEAF_PREFIX);
    md.update(data);
    return md.digest();
  }

  /**
   * The hash of an interior node: SHA-256(0x01 || left || right).
   *
   * @throws IllegalArgumentException if either child is not {@link #HASH_SIZE} bytes
   */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    if (left.length != HASH_SIZE || right.length != HASH_SIZE) {
      throw new IllegalArgumentException(
          "child hashes must be "
              + HASH_SIZE
              + " bytes, got "
              + left.length
              + " and "
              + right.length);
    }
    MessageDigest md = Sha256.newDigest();
    md.update(NODE_PREFIX);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root of the empty tree: SHA-256 of the empty string. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }
}
