package dev.provenant.core.merkle;

import static dev.provenant.core.merkle.InclusionProofsTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConsistencyProofsTest {
  private static final Random RND = new Random(9162);

  @Test
  void generateAndVerify_allSizePairsUpTo48_matchesRfcRecursionAndVerifies() throws Exception {
    int max = 48;
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, max));
    for (int n = 1; n <= max; n++) {
      byte[] root2 = tree.mth(0, n);
      for (int m = 1; m <= n; m++) {
        byte[] root1 = tree.mth(0, m);
        List<byte[]> proof = MerkleProofs.consistencyProof(tree.source(), m, n);
        assertThat(proof).as("%d -> %d", m, n).containsExactlyElementsOf(tree.proof(m, n));
        assertThat(proof).hasSize(ConsistencyProofs.expectedLength(m, n));
        ConsistencyProofs.verify(m, n, root1, root2, proof);
      }
    }
  }

  @Test
  void verify_randomLargeSizes_verifies() throws Exception {
    int max = 5000;
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, max));
    CompactRange cr = new CompactRange();
    List<byte[]> roots = new ArrayList<>();
    roots.add(cr.root());
    for (byte[] h : tree.leafHashes) {
      cr.append(h, (l, i, hash) -> {});
      roots.add(cr.root());
    }
    for (int t = 0; t < 200; t++) {
      int n = 1 + RND.nextInt(max);
      int m = 1 + RND.nextInt(n);
      List<byte[]> proof = MerkleProofs.consistencyProof(tree.source(), m, n);
      ConsistencyProofs.verify(m, n, roots.get(m), roots.get(n), proof);
      if (m < n) {
        // A proof from a different old size must not verify (unless it happens to coincide).
        int m2 = m == 1 ? 2 : m - 1;
        if (m2 < n
            && ConsistencyProofs.expectedLength(m2, n) == proof.size()
            && !tree.proof(m2, n).equals(proof)) {
          MerkleProofException e =
              catchThrowableOfType(
                  MerkleProofException.class,
                  () -> ConsistencyProofs.verify(m2, n, roots.get(m2), roots.get(n), proof));
          assertThat(e).as("%d->%d proof used as %d->%d", m, n, m2, n).isNotNull();
        }
      }
    }
  }

  @Test
  void verify_eachProofHashFlipped_rootMismatch() throws Exception {
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, 100));
    for (int[] c : new int[][] {{6, 8}, {3, 7}, {8, 31}, {13, 100}, {64, 100}, {99, 100}}) {
      int m = c[0];
      int n = c[1];
      List<byte[]> proof = tree.proof(m, n);
      for (int p = 0; p < proof.size(); p++) {
        List<byte[]> bad = new ArrayList<>(proof);
        bad.set(p, TestData.flipBit(proof.get(p), 3));
        MerkleProofException e =
            catchThrowableOfType(
                MerkleProofException.class,
                () -> ConsistencyProofs.verify(m, n, tree.mth(0, m), tree.mth(0, n), bad));
        assertThat(e).as("%d->%d element %d", m, n, p).isNotNull();
        assertThat(e.reason())
            .isIn(
                MerkleProofException.Reason.OLD_ROOT_MISMATCH,
                MerkleProofException.Reason.NEW_ROOT_MISMATCH);
      }
      // The wrong new root, and the wrong old root.
      assertReason(
          MerkleProofException.Reason.NEW_ROOT_MISMATCH,
          () -> ConsistencyProofs.verify(m, n, tree.mth(0, m), tree.mth(0, n - 1), proof));
      MerkleProofException e =
          catchThrowableOfType(
              MerkleProofException.class,
              () -> ConsistencyProofs.verify(m, n, tree.mth(1, m + 1), tree.mth(0, n), proof));
      assertThat(e.reason())
          .isIn(
              MerkleProofException.Reason.OLD_ROOT_MISMATCH,
              MerkleProofException.Reason.NEW_ROOT_MISMATCH);
    }
  }

  @Test
  void verify_preconditionViolations_rejectedWithReason() throws Exception {
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, 20));
    byte[] r7 = tree.mth(0, 7);
    byte[] r20 = tree.mth(0, 20);
    List<byte[]> proof = tree.proof(7, 20);

    assertReason(
        MerkleProofException.Reason.SIZE_ORDER_INVALID,
        () -> ConsistencyProofs.verify(20, 7, r20, r7, proof));
    assertReason(
        MerkleProofException.Reason.NEGATIVE_VALUE,
        () -> ConsistencyProofs.verify(-7, 20, r7, r20, proof));
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.verify(7, 20, r7, r20, List.of()));
    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(r20);
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.verify(7, 20, r7, r20, longer));
    List<byte[]> prefixed = new ArrayList<>(proof);
    prefixed.add(0, r7);
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.verify(7, 20, r7, r20, prefixed));
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.verify(7, 20, r7, r20, proof.subList(1, proof.size())));
    List<byte[]> shortHash = new ArrayList<>(proof);
    shortHash.set(0, new byte[16]);
    assertReason(
        MerkleProofException.Reason.WRONG_HASH_SIZE,
        () -> ConsistencyProofs.verify(7, 20, r7, r20, shortHash));
    assertReason(
        MerkleProofException.Reason.WRONG_HASH_SIZE,
        () -> ConsistencyProofs.verify(7, 20, new byte[31], r20, proof));

    // Equal sizes: empty proof and equal roots only.
    ConsistencyProofs.verify(20, 20, r20, r20, List.of());
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.verify(20, 20, r20, r20, List.of(r20)));
    assertReason(
        MerkleProofException.Reason.ROOT_MISMATCH,
        () -> ConsistencyProofs.verify(20, 20, r20, r7, List.of()));

    // The empty tree is consistent with everything, with an empty proof and the empty root.
    ConsistencyProofs.verify(0, 20, Rfc6962.emptyRoot(), r20, List.of());
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.verify(0, 20, Rfc6962.emptyRoot(), r20, List.of(r20)));
    assertReason(
        MerkleProofException.Reason.OLD_ROOT_MISMATCH,
        () -> ConsistencyProofs.verify(0, 20, r7, r20, List.of()));
  }

  @Test
  void verify_powerOfTwoOldSize_oldRootNotInProof() throws Exception {
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, 12));
    List<byte[]> proof = tree.proof(8, 12);
    assertThat(proof).hasSize(1);
    ConsistencyProofs.verify(8, 12, tree.mth(0, 8), tree.mth(0, 12), proof);
    // Including the old root explicitly is one hash too many.
    List<byte[]> withOld = new ArrayList<>(proof);
    withOld.add(0, tree.mth(0, 8));
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.verify(8, 12, tree.mth(0, 8), tree.mth(0, 12), withOld));
  }
}
