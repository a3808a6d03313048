package dev.provenant.core.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verification of RFC 9162 §2.1.3 inclusion proofs (audit paths).
 *
 * <p>Unlike lax verifiers, every precondition is checked before any hashing: the index lies below
 * the tree size, each hash is exactly 32 bytes, and the proof has exactly the number of hashes the
 * (index, size) pair calls for, so trailing or missing hashes are rejected rather than ignored.
 */
public final class InclusionProofs {
  private InclusionProofs() {}

  /**
   * Verifies that the leaf with hash {@code leafHash} sits at {@code index} in the tree of {@code
   * treeSize} leaves whose root is {@code expectedRoot}.
   *
   * @throws MerkleProofException with {@link MerkleProofException.Reason#INDEX_OUT_OF_RANGE} if
   *     index &gt;= treeSize, {@code NEGATIVE_VALUE} for negative inputs, {@code WRONG_HASH_SIZE}
   *     for hashes that are not 32 bytes, {@code WRONG_PROOF_SIZE} if the proof length is not the
   *     exact one, {@code ROOT_MISMATCH} if the computed root differs from {@code expectedRoot}
   */
  public static void verify(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] expectedRoot)
      throws MerkleProofException {
    ProofChecks.checkHash(expectedRoot, "expected root");
    byte[] calculated = rootFromInclusionProof(index, treeSize, leafHash, proof);
    if (!MessageDigest.isEqual(calculated, expectedRoot)) {
      throw new MerkleProofException(
          MerkleProofException.Reason.ROOT_MISMATCH,
          "inclusion proof for index " + index + " in tree size " + treeSize,
          expectedRoot,
          calculated);
    }
  }

  /**
   * Computes the root implied by an inclusion proof, following RFC 9162 §2.1.3.2 step by step.
   *
   * @return the 32-byte root hash the proof leads to
   * @throws MerkleProofException if a precondition fails (see {@link #verify})
   */
  public static byte[] rootFromInclusionProof(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof) throws MerkleProofException {
    ProofChecks.checkNonNegative(index, "leaf index");
    ProofChecks.checkNonNegative(treeSize, "tree size");
    // SPEC: RFC 9162 §2.1.3.2 step 1: "Compare leaf_index from the inclusion_proof_v2 structure
    // against tree_size. If leaf_index is greater than or equal to tree_size, then fail the proof
    // verification."
    if (index >= treeSize) {
      throw new MerkleProofException(
          MerkleProofException.Reason.INDEX_OUT_OF_RANGE,
          "leaf index " + index + " is not below tree size " + treeSize);
    }
    ProofChecks.checkHash(leafHash, "leaf hash");
    ProofChecks.checkProof(proof, expectedLength(index, treeSize));

    // Step 2: "Set fn to leaf_index and sn to tree_size - 1. Set r to hash."
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    // Step 3: for each value p in the inclusion_path array
    for (byte[] p : proof) {
      // "If sn is 0, then stop the iteration and fail the proof verification."
      if (sn == 0) {
        throw new MerkleProofException(
            MerkleProofException.Reason.WRONG_PROOF_SIZE,
            "proof is longer than the path to the root");
      }
      if ((fn & 1) == 1 || fn == sn) {
        // "Set r to HASH(0x01 || p || r)."
        r = Rfc6962.nodeHash(p, r);
        // "If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is
        // set or fn is 0."
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        // "Set r to HASH(0x01 || r || p)."
        r = Rfc6962.nodeHash(r, p);
      }
      // "Finally, right-shift both fn and sn one time."
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 4: "Compare sn to 0."
    if (sn != 0) {
      throw new MerkleProofException(
          MerkleProofException.Reason.WRONG_PROOF_SIZE,
          "proof is shorter than the path to the root");
    }
    return r;
  }

  /**
   * The exact number of hashes in the inclusion proof for {@code index} in a tree of {@code
   * treeSize} leaves, counted along the RFC 9162 §2.1.3.1 PATH recursion.
   *
   * @throws IllegalArgumentException unless 0 &lt;= index &lt; treeSize
   */
  public static int expectedLength(long index, long treeSize) {
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException("need 0 <= index < size, got " + index + ", " + treeSize);
    }
    int length = 0;
    long m = index;
    long n = treeSize;
    while (n > 1) {
      long k = ProofChecks.splitPoint(n);
      length++;
      if (m < k) {
        n = k;
      } else {
        m -= k;
        n -= k;
      }
    }
    return length;
  }
}
