package dev.provenant.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.testing.Corpus;
import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InclusionProofsTest {
  private static final Random RND = new Random(6962);

  @Test
  void hashes_knownAnswers_matchSha256WithDomainPrefixes() {
    assertThat(Hex.encode(Rfc6962.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // SHA-256 of the single byte 0x00: the leaf hash of an empty leaf.
    assertThat(Hex.encode(Rfc6962.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }

  @Test
  void generateAndVerify_everyIndexOfSmallTrees_matchesRfcRecursionAndVerifies() throws Exception {
    for (int n = 1; n <= 70; n++) {
      ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, n));
      byte[] root = tree.mth(0, n);
      assertThat(MerkleProofs.rootHash(tree.source(), n)).isEqualTo(root);
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = MerkleProofs.inclusionProof(tree.source(), i, n);
        assertThat(proof).containsExactlyElementsOf(tree.path(i, 0, n));
        assertThat(proof).hasSize(InclusionProofs.expectedLength(i, n));
        InclusionProofs.verify(i, n, tree.leafHashes.get(i), proof, root);
      }
    }
  }

  @Test
  void verify_randomLargeTrees_agreesWithSigstoreJava() throws Exception {
    for (int round = 0; round < 20; round++) {
      int n = 1 + RND.nextInt(3000);
      ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, n));
      CompactRange cr = new CompactRange();
      List<byte[]> nodes = new ArrayList<>();
      for (byte[] h : tree.leafHashes) {
        cr.append(h, (l, idx, hash) -> nodes.add(hash));
      }
      byte[] root = cr.root();
      assertThat(root).isEqualTo(tree.mth(0, n));
      for (int t = 0; t < 10; t++) {
        int i = RND.nextInt(n);
        List<byte[]> proof = MerkleProofs.inclusionProof(tree.source(), i, n);
        InclusionProofs.verify(i, n, tree.leafHashes.get(i), proof, root);
        InclusionProofVerifier.verify(tree.leafHashes.get(i), i, n, proof, root);
        // A proof for the wrong leaf must fail in both implementations.
        byte[] other = Rfc6962.leafHash(new byte[] {(byte) t});
        assertThat(
                catchThrowableOfType(
                        MerkleProofException.class,
                        () -> InclusionProofs.verify(i, n, other, proof, root))
                    .reason())
            .isEqualTo(MerkleProofException.Reason.ROOT_MISMATCH);
        assertThat(
                catchThrowableOfType(
                    InclusionProofVerificationException.class,
                    () -> InclusionProofVerifier.verify(other, i, n, proof, root)))
            .isNotNull();
      }
    }
  }

  @Test
  void verify_everyFlippedBitPosition_rootMismatch() throws Exception {
    int n = 37;
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, n));
    byte[] root = tree.mth(0, n);
    int i = 21;
    List<byte[]> proof = tree.path(i, 0, n);
    for (int p = 0; p < proof.size(); p++) {
      for (int bit : new int[] {0, 7, 100, 255}) {
        List<byte[]> bad = new ArrayList<>(proof);
        bad.set(p, TestData.flipBit(proof.get(p), bit));
        MerkleProofException e =
            catchThrowableOfType(
                MerkleProofException.class,
                () -> InclusionProofs.verify(i, n, tree.leafHashes.get(i), bad, root));
        assertThat(e.reason()).isEqualTo(MerkleProofException.Reason.ROOT_MISMATCH);
        assertThat(e.expectedHex()).isEqualTo(Hex.encode(root));
        assertThat(e.calculatedHex()).isNotEqualTo(Hex.encode(root));
      }
    }
  }

  @Test
  void verify_preconditionViolations_rejectedWithReason() throws Exception {
    int n = 13;
    ReferenceTree tree = ReferenceTree.ofLeaves(TestData.randomLeaves(RND, n));
    byte[] root = tree.mth(0, n);
    int i = 5;
    byte[] leaf = tree.leafHashes.get(i);
    List<byte[]> proof = tree.path(i, 0, n);

    assertReason(
        MerkleProofException.Reason.INDEX_OUT_OF_RANGE,
        () -> InclusionProofs.verify(n, n, leaf, proof, root));
    assertReason(
        MerkleProofException.Reason.INDEX_OUT_OF_RANGE,
        () -> InclusionProofs.verify(0, 0, leaf, List.of(), root));
    assertReason(
        MerkleProofException.Reason.NEGATIVE_VALUE,
        () -> InclusionProofs.verify(-1, n, leaf, proof, root));
    assertReason(
        MerkleProofException.Reason.NEGATIVE_VALUE,
        () -> InclusionProofs.verify(i, Long.MIN_VALUE, leaf, proof, root));

    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(root);
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> InclusionProofs.verify(i, n, leaf, longer, root));
    List<byte[]> shorter = proof.subList(0, proof.size() - 1);
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> InclusionProofs.verify(i, n, leaf, shorter, root));
    List<byte[]> prefixed = new ArrayList<>(proof);
    prefixed.add(0, leaf);
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> InclusionProofs.verify(i, n, leaf, prefixed, root));

    List<byte[]> shortHash = new ArrayList<>(proof);
    shortHash.set(1, new byte[31]);
    assertReason(
        MerkleProofException.Reason.WRONG_HASH_SIZE,
        () -> InclusionProofs.verify(i, n, leaf, shortHash, root));
    assertReason(
        MerkleProofException.Reason.WRONG_HASH_SIZE,
        () -> InclusionProofs.verify(i, n, new byte[33], proof, root));
    assertReason(
        MerkleProofException.Reason.WRONG_HASH_SIZE,
        () -> InclusionProofs.verify(i, n, leaf, proof, new byte[0]));
    List<byte[]> withNull = new ArrayList<>(proof);
    withNull.set(0, null);
    assertReason(
        MerkleProofException.Reason.MISSING_VALUE,
        () -> InclusionProofs.verify(i, n, leaf, withNull, root));
    assertReason(
        MerkleProofException.Reason.MISSING_VALUE,
        () -> InclusionProofs.verify(i, n, leaf, null, root));

    // Same proof claimed for a neighbouring index or a different tree shape must not verify. (A
    // size whose tree has the same shape on this path, e.g. 14 for index 5 of 13, yields the same
    // root: size and root come together from a signed checkpoint.)
    for (long[] c : new long[][] {{i + 1, n}, {i - 1, n}, {i, 8}, {i, 2L * n}}) {
      MerkleProofException e =
          catchThrowableOfType(
              MerkleProofException.class,
              () -> InclusionProofs.verify(c[0], c[1], leaf, proof, root));
      assertThat(e).as("index %d size %d", c[0], c[1]).isNotNull();
    }
    // Swapping leaf and root.
    assertReason(
        MerkleProofException.Reason.ROOT_MISMATCH,
        () -> InclusionProofs.verify(i, n, root, proof, leaf));
  }

  @Test
  void verify_singleLeafTree_rootIsLeafHashAndProofEmpty() throws Exception {
    byte[] leaf = Rfc6962.leafHash("x".getBytes());
    InclusionProofs.verify(0, 1, leaf, List.of(), leaf);
    assertReason(
        MerkleProofException.Reason.WRONG_PROOF_SIZE,
        () -> InclusionProofs.verify(0, 1, leaf, List.of(leaf), leaf));
  }

  @Test
  void verify_hugeTreeSizes_noOverflow() throws Exception {
    long n = Long.MAX_VALUE;
    long i = n - 1;
    int len = InclusionProofs.expectedLength(i, n);
    List<byte[]> proof = new ArrayList<>();
    for (int k = 0; k < len; k++) {
      proof.add(Rfc6962.leafHash(new byte[] {(byte) k}));
    }
    byte[] leaf = Rfc6962.leafHash(new byte[0]);
    byte[] root = InclusionProofs.rootFromInclusionProof(i, n, leaf, proof);
    assertThatCode(() -> InclusionProofs.verify(i, n, leaf, proof, root))
        .doesNotThrowAnyException();
    // The last leaf of a tree of 2^63-1 leaves sits under one border node per set bit above it.
    assertThat(len).isEqualTo(62);
  }

  @Test
  void verify_realRekorV1Entry_verifiesAndCorruptedHashFails() throws Exception {
    ObjectMapper om = new ObjectMapper();
    Path bundle = Corpus.path("sigstore-java-samples/samples/bundles/bundle.v3.sigstore");
    JsonNode entry = om.readTree(bundle.toFile()).at("/verificationMaterial/tlogEntries/0");
    byte[] leaf =
        Rfc6962.leafHash(Base64.getDecoder().decode(entry.get("canonicalizedBody").asText()));
    JsonNode ip = entry.get("inclusionProof");
    List<byte[]> proof = new ArrayList<>();
    ip.get("hashes").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
    long index = ip.get("logIndex").asLong();
    long size = ip.get("treeSize").asLong();
    byte[] root = Base64.getDecoder().decode(ip.get("rootHash").asText());
    InclusionProofs.verify(index, size, leaf, proof, root);

    Path corrupted =
        Corpus.path(
            "sigstore-conformance/assets/bundle-verify/inclusion-proof-corrupted-hash_fail/bundle.sigstore.json");
    JsonNode bad = om.readTree(corrupted.toFile()).at("/verificationMaterial/tlogEntries/0");
    byte[] badLeaf =
        Rfc6962.leafHash(Base64.getDecoder().decode(bad.get("canonicalizedBody").asText()));
    JsonNode bip = bad.get("inclusionProof");
    List<byte[]> badProof = new ArrayList<>();
    bip.get("hashes").forEach(h -> badProof.add(Base64.getDecoder().decode(h.asText())));
    MerkleProofException e =
        catchThrowableOfType(
            MerkleProofException.class,
            () ->
                InclusionProofs.verify(
                    bip.get("logIndex").asLong(),
                    bip.get("treeSize").asLong(),
                    badLeaf,
                    badProof,
                    Base64.getDecoder().decode(bip.get("rootHash").asText())));
    assertThat(e.reason()).isEqualTo(MerkleProofException.Reason.ROOT_MISMATCH);
  }

  interface Call {
    void run() throws Exception;
  }

  static void assertReason(MerkleProofException.Reason want, Call c) {
    MerkleProofException e = catchThrowableOfType(MerkleProofException.class, c::run);
    assertThat(e).as("expected %s", want).isNotNull();
    assertThat(e.reason()).isEqualTo(want);
  }
}
