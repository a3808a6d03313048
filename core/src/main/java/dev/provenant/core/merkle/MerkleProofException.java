package dev.provenant.core.merkle;

import dev.provenant.core.encoding.Hex;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Merkle inclusion or consistency proof that does not verify, or whose inputs violate a
 * precondition of RFC 9162. Carries a machine-readable {@link Reason} and, for root mismatches, the
 * expected and calculated roots in hex.
 */
public final class MerkleProofException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a proof was rejected. Stable names: add values, never rename. */
  public enum Reason {
    /** A tree size or index is negative (sizes are unsigned 64-bit on the wire). */
    NEGATIVE_VALUE,
    /** Inclusion: the leaf index is not below the tree size. */
    INDEX_OUT_OF_RANGE,
    /** Consistency: the first size is larger than the second. */
    SIZE_ORDER_INVALID,
    /** The proof has more or fewer hashes than the sizes/index call for. */
    WRONG_PROOF_SIZE,
    /** A leaf hash, root or proof element is not 32 bytes. */
    WRONG_HASH_SIZE,
    /** A proof element or input is null. */
    MISSING_VALUE,
    /** The proof hashes to a root other than the expected one. */
    ROOT_MISMATCH,
    /** Consistency: the proof does not reproduce the first (older) root. */
    OLD_ROOT_MISMATCH,
    /** Consistency: the proof does not reproduce the second (newer) root. */
    NEW_ROOT_MISMATCH
  }

  private final Reason reason;
  private final @Nullable String expectedHex;
  private final @Nullable String calculatedHex;

  MerkleProofException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.expectedHex = null;
    this.calculatedHex = null;
  }

  MerkleProofException(Reason reason, String detail, byte[] expected, byte[] calculated) {
    super(
        reason
            + ": "
            + detail
            + ": expected "
            + Hex.encode(expected)
            + ", got "
            + Hex.encode(calculated));
    this.reason = Objects.requireNonNull(reason, "reason");
    this.expectedHex = Hex.encode(expected);
    this.calculatedHex = Hex.encode(calculated);
  }

  /** The machine-readable cause. */
  public Reason reason() {
    return reason;
  }

  /** The root the caller expected, in hex, or null when the failure is not a root mismatch. */
  public @Nullable String expectedHex() {
    return expectedHex;
  }

  /** The root the proof produced, in hex, or null when the failure is not a root mismatch. */
  public @Nullable String calculatedHex() {
    return calculatedHex;
  }
}
