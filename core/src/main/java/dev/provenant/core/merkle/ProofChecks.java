package dev.provenant.core.merkle;

import java.util.List;

/** Shared precondition checks for proof verification. */
final class ProofChecks {
  private ProofChecks() {}

  static void checkHash(byte[] hash, String what) throws MerkleProofException {
    if (hash == null) {
      throw new MerkleProofException(MerkleProofException.Reason.MISSING_VALUE, what + " is null");
    }
    if (hash.length != Rfc6962.HASH_SIZE) {
      throw new MerkleProofException(
          MerkleProofException.Reason.WRONG_HASH_SIZE,
          what + " is " + hash.length + " bytes, want " + Rfc6962.HASH_SIZE);
    }
  }

  static void checkProof(List<byte[]> proof, int expectedLength) throws MerkleProofException {
    if (proof == null) {
      throw new MerkleProofException(MerkleProofException.Reason.MISSING_VALUE, "proof is null");
    }
    if (proof.size() != expectedLength) {
      throw new MerkleProofException(
          MerkleProofException.Reason.WRONG_PROOF_SIZE,
          "proof has " + proof.size() + " hashes, want " + expectedLength);
    }
    for (int i = 0; i < proof.size(); i++) {
      checkHash(proof.get(i), "proof[" + i + "]");
    }
  }

  static void checkNonNegative(long v, String what) throws MerkleProofException {
    if (v < 0) {
      throw new MerkleProofException(
          MerkleProofException.Reason.NEGATIVE_VALUE, what + " is negative: " + v);
    }
  }

  /** The largest power of two strictly smaller than {@code n}; requires n &gt; 1. */
  static long splitPoint(long n) {
    return Long.highestOneBit(n - 1);
  }
}
