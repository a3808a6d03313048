package dev.provenant.core.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Verification of RFC 9162 §2.1.4 consistency proofs: that the tree of {@code size2} leaves extends
 * the tree of {@code size1} leaves without changing any of its first {@code size1} leaves.
 */
public final class ConsistencyProofs {
  private ConsistencyProofs() {}

  /**
   * Verifies a consistency proof between two tree heads.
   *
   * <p>Edge cases follow RFC 9162 §2.1.4: equal sizes need an empty proof and equal roots; an empty
   * first tree (size 0, root = {@link Rfc6962#emptyRoot()}) is consistent with every tree and needs
   * an empty proof; otherwise the proof must be non-empty and exactly as long as the SUBPROOF
   * recursion prescribes.
   *
   * @throws MerkleProofException {@code NEGATIVE_VALUE} for negative sizes, {@code
   *     SIZE_ORDER_INVALID} if size1 &gt; size2, {@code WRONG_HASH_SIZE}/{@code MISSING_VALUE} for
   *     malformed hashes, {@code WRONG_PROOF_SIZE} for a proof of the wrong length, {@code
   *     OLD_ROOT_MISMATCH} / {@code NEW_ROOT_MISMATCH} when the proof does not reproduce root1 /
   *     root2, {@code ROOT_MISMATCH} when equal sizes carry different roots
   */
  public static void verify(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
      throws MerkleProofException {
    ProofChecks.checkNonNegative(size1, "first tree size");
    ProofChecks.checkNonNegative(size2, "second tree size");
    if (size1 > size2) {
      throw new MerkleProofException(
          MerkleProofException.Reason.SIZE_ORDER_INVALID,
          "first tree size " + size1 + " is larger than second tree size " + size2);
    }
    ProofChecks.checkHash(root1, "first root");
    ProofChecks.checkHash(root2, "second root");
    if (size1 == size2) {
      ProofChecks.checkProof(proof, 0);
      if (!MessageDigest.isEqual(root1, root2)) {
        throw new MerkleProofException(
            MerkleProofException.Reason.ROOT_MISMATCH,
            "equal tree sizes " + size1 + " with different roots",
            root1,
            root2);
      }
      return;
    }
    if (size1 == 0) {
      ProofChecks.checkProof(proof, 0);
      byte[] empty = Rfc6962.emptyRoot();
      if (!MessageDigest.isEqual(root1, empty)) {
        throw new MerkleProofException(
            MerkleProofException.Reason.OLD_ROOT_MISMATCH, "root of the empty tree", empty, root1);
      }
      return;
    }
    // SPEC: RFC 9162 §2.1.4.2 step 1: "If consistency_path is an empty array, stop and fail the
    // proof verification." (expectedLength is at least 1 when 0 < size1 < size2.)
    ProofChecks.checkProof(proof, expectedLength(size1, size2));

    // Step 2: "If first is an exact power of 2, then prepend first_hash to the consistency_path
    // array."
    List<byte[]> path = proof;
    if (Long.bitCount(size1) == 1) {
      path = new ArrayList<>(proof.size() + 1);
      path.add(root1);
      path.addAll(proof);
    }
    // Step 3: "Set fn to first - 1 and sn to second - 1."
    long fn = size1 - 1;
    long sn = size2 - 1;
    // Step 4: "If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not
    // set."
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 5: "Set both fr and sr to the first value in the consistency_path array."
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    // Step 6: for each subsequent value c in the consistency_path array
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        throw new MerkleProofException(
            MerkleProofException.Reason.WRONG_PROOF_SIZE,
            "proof is longer than the path to the root");
      }
      if ((fn & 1) == 1 || fn == sn) {
        // "Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr)."
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        // "If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is
        // set or fn is 0."
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        // "Otherwise: Set sr to HASH(0x01 || sr || c)."
        sr = Rfc6962.nodeHash(sr, c);
      }
      // "Finally, right-shift both fn and sn one time."
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 7: "verify that fr is equal to first_hash, sr is equal to second_hash, and sn is 0."
    if (sn != 0) {
      throw new MerkleProofException(
          MerkleProofException.Reason.WRONG_PROOF_SIZE,
          "proof is shorter than the path to the root");
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new MerkleProofException(
          MerkleProofException.Reason.OLD_ROOT_MISMATCH,
          "consistency proof " + size1 + " -> " + size2 + " does not reproduce the first root",
          root1,
          fr);
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new MerkleProofException(
          MerkleProofException.Reason.NEW_ROOT_MISMATCH,
          "consistency proof " + size1 + " -> " + size2 + " does not reproduce the second root",
          root2,
          sr);
    }
  }

  /**
   * The exact number of hashes in the consistency proof between sizes {@code size1} and {@code
   * size2}, counted along the RFC 9162 §2.1.4.1 SUBPROOF recursion.
   *
   * @throws IllegalArgumentException unless 0 &lt;= size1 &lt;= size2
   */
  public static int expectedLength(long size1, long size2) {
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException("need 0 <= size1 <= size2, got " + size1 + ", " + size2);
    }
    if (size1 == 0 || size1 == size2) {
      return 0;
    }
    int length = 0;
    long m = size1;
    long n = size2;
    boolean complete = true;
    while (m != n) {
      long k = ProofChecks.splitPoint(n);
      length++;
      if (m <= k) {
        n = k;
      } else {
        m -= k;
        n -= k;
        complete = false;
      }
    }
    // SUBPROOF(m, D[m], b) contributes MTH(D[m]) unless b is still true (the old root itself).
    return complete ? length : length + 1;
  }
}
