package dev.provenant.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.MerkleProofException.Reason;
import dev.provenant.core.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the published RFC 6962 / RFC 9162 vectors: the reference tree of eight leaves (root hashes
 * for every size, the hash of every perfect subtree) and transparency-dev/merkle's inclusion and
 * consistency probes ({@code testdata/vectors}, sources in {@code testdata/README.md}). Each probe
 * says whether verification must fail; a failing probe must also fail for its kind of reason: a
 * well-formed proof of the right length that does not hash to the root is a mismatch, anything else
 * is rejected on a precondition before hashing.
 */
class PublishedMerkleVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Reason> MISMATCH =
      EnumSet.of(Reason.ROOT_MISMATCH, Reason.OLD_ROOT_MISMATCH, Reason.NEW_ROOT_MISMATCH);

  /** Probes that transparency-dev/merkle publishes in these folders (counted at 417fb0c). */
  private static final int INCLUSION_PROBES = 98;

  private static final int CONSISTENCY_PROBES = 98;

  /**
   * Where we are stricter than the reference verifier, on purpose: it accepts equal sizes with
   * equal "roots" of any length, we require every hash to be 32 bytes (RFC 9162 §2.1: "HASH_SIZE").
   */
  private static final Map<String, Reason> STRICTER =
      Map.of(
          "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
          Reason.WRONG_HASH_SIZE);

  @Test
  void referenceTree_everySize_hasThePublishedRoot() throws IOException {
    JsonNode tree = JSON.readTree(Corpus.vectors("rfc6962-reference-tree.json").toFile());
    List<byte[]> leafHashes = new ArrayList<>();
    for (JsonNode leaf : tree.get("leavesHex")) {
      leafHashes.add(Rfc6962.leafHash(Hex.decode(leaf.asText())));
    }
    JsonNode roots = tree.get("rootHexBySize");
    assertThat(roots).hasSize(leafHashes.size() + 1);
    CompactRange range = new CompactRange();
    assertThat(Hex.encode(range.root())).isEqualTo(roots.get(0).asText());
    for (int size = 1; size <= leafHashes.size(); size++) {
      range.append(leafHashes.get(size - 1), (level, index, hash) -> {});
      assertThat(Hex.encode(range.root()))
          .as("root of size %d (CompactRange)", size)
          .isEqualTo(roots.get(size).asText());
      assertThat(Hex.encode(MerkleProofs.rootHash((l, i) -> subtree(leafHashes, l, i), size)))
          .as("root of size %d (MerkleProofs)", size)
          .isEqualTo(roots.get(size).asText());
    }
  }

  @Test
  void referenceTree_everyPerfectSubtree_hasThePublishedHash() throws IOException {
    JsonNode tree = JSON.readTree(Corpus.vectors("rfc6962-reference-tree.json").toFile());
    List<byte[]> leafHashes = new ArrayList<>();
    for (JsonNode leaf : tree.get("leavesHex")) {
      leafHashes.add(Rfc6962.leafHash(Hex.decode(leaf.asText())));
    }
    JsonNode levels = tree.get("nodeHashesHexByLevel");
    int checked = 0;
    for (int level = 0; level < levels.size(); level++) {
      for (int index = 0; index < levels.get(level).size(); index++) {
        assertThat(Hex.encode(subtree(leafHashes, level, index)))
            .as("node %d/%d", level, index)
            .isEqualTo(levels.get(level).get(index).asText());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(8 + 4 + 2 + 1);
  }

  @Test
  void referenceTree_generatedProofs_verifyForEveryPair() throws Exception {
    JsonNode tree = JSON.readTree(Corpus.vectors("rfc6962-reference-tree.json").toFile());
    List<byte[]> leaves = new ArrayList<>();
    for (JsonNode leaf : tree.get("leavesHex")) {
      leaves.add(Rfc6962.leafHash(Hex.decode(leaf.asText())));
    }
    JsonNode roots = tree.get("rootHexBySize");
    HashSource source = (l, i) -> subtree(leaves, l, i);
    for (int size = 1; size <= leaves.size(); size++) {
      byte[] root = Hex.decode(roots.get(size).asText());
      for (int index = 0; index < size; index++) {
        InclusionProofs.verify(
            index, size, leaves.get(index), MerkleProofs.inclusionProof(source, index, size), root);
      }
      for (int size1 = 1; size1 <= size; size1++) {
        ConsistencyProofs.verify(
            size1,
            size,
            Hex.decode(roots.get(size1).asText()),
            root,
            MerkleProofs.consistencyProof(source, size1, size));
      }
    }
  }

  static Stream<Arguments> inclusionProbes() throws IOException {
    return probes("inclusion", INCLUSION_PROBES);
  }

  static Stream<Arguments> consistencyProbes() throws IOException {
    return probes("consistency", CONSISTENCY_PROBES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionProbes")
  void inclusionProbe_verdictAndReason_matchTheVector(String name, JsonNode v) {
    long index = v.get("leafIdx").bigIntegerValue().longValue(); // uint64: 2^64-1 reads as -1
    long size = v.get("treeSize").bigIntegerValue().longValue();
    byte[] root = b64(v.get("root"));
    byte[] leaf = b64(v.get("leafHash"));
    List<byte[]> proof = proof(v.get("proof"));
    if (!v.get("wantErr").asBoolean()) {
      assertThatCode(() -> InclusionProofs.verify(index, size, leaf, proof, root))
          .doesNotThrowAnyException();
      return;
    }
    MerkleProofException e =
        catchThrowableOfType(
            MerkleProofException.class,
            () -> InclusionProofs.verify(index, size, leaf, proof, root));
    assertThat(e).as("%s must be rejected", name).isNotNull();
    boolean wellFormed =
        index >= 0
            && index < size
            && leaf.length == 32
            && root.length == 32
            && allHashes(proof)
            && proof.size() == InclusionProofs.expectedLength(index, size);
    assertReasonKind(name, e, wellFormed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyProbes")
  void consistencyProbe_verdictAndReason_matchTheVector(String name, JsonNode v) {
    long size1 = v.get("size1").bigIntegerValue().longValue();
    long size2 = v.get("size2").bigIntegerValue().longValue();
    byte[] root1 = b64(v.get("root1"));
    byte[] root2 = b64(v.get("root2"));
    List<byte[]> proof = proof(v.get("proof"));
    if (STRICTER.containsKey(name)) {
      MerkleProofException e =
          catchThrowableOfType(
              MerkleProofException.class,
              () -> ConsistencyProofs.verify(size1, size2, root1, root2, proof));
      assertThat(e).as("%s: stricter than the reference", name).isNotNull();
      assertThat(e.reason()).isEqualTo(STRICTER.get(name));
      return;
    }
    if (!v.get("wantErr").asBoolean()) {
      assertThatCode(() -> ConsistencyProofs.verify(size1, size2, root1, root2, proof))
          .doesNotThrowAnyException();
      return;
    }
    MerkleProofException e =
        catchThrowableOfType(
            MerkleProofException.class,
            () -> ConsistencyProofs.verify(size1, size2, root1, root2, proof));
    assertThat(e).as("%s must be rejected", name).isNotNull();
    boolean wellFormed =
        size1 >= 0
            && size1 <= size2
            && root1.length == 32
            && root2.length == 32
            && allHashes(proof)
            && proof.size() == ConsistencyProofs.expectedLength(size1, size2);
    assertReasonKind(name, e, wellFormed);
  }

  private static void assertReasonKind(String name, MerkleProofException e, boolean wellFormed) {
    if (wellFormed) {
      assertThat(e.reason()).as("%s: a well-formed proof that is wrong", name).isIn(MISMATCH);
    } else {
      assertThat(e.reason())
          .as("%s: a malformed input, rejected before hashing", name)
          .isNotIn(MISMATCH);
    }
  }

  private static Stream<Arguments> probes(String kind, int expected) throws IOException {
    Path base = Corpus.vectors("transparency-dev-merkle");
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(base.resolve(kind))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        out.add(
            Arguments.of(
                base.relativize(p).toString().replace('\\', '/'), JSON.readTree(p.toFile())));
      }
    }
    assertThat(out).as("%s probes", kind).hasSize(expected);
    return out.stream();
  }

  private static byte[] b64(JsonNode n) {
    return n == null || n.isNull() ? new byte[0] : Base64.getDecoder().decode(n.asText());
  }

  private static List<byte[]> proof(JsonNode n) {
    List<byte[]> out = new ArrayList<>();
    if (n != null && !n.isNull()) {
      n.forEach(h -> out.add(b64(h)));
    }
    return out;
  }

  private static boolean allHashes(List<byte[]> proof) {
    return proof.stream().allMatch(h -> h.length == 32);
  }

  /**
   * The hash of the perfect subtree over leaves [index << level, (index + 1) << level), by
   * definition.
   */
  private static byte[] subtree(List<byte[]> leafHashes, int level, long index) {
    if (level == 0) {
      return leafHashes.get((int) index);
    }
    return Rfc6962.nodeHash(
        subtree(leafHashes, level - 1, 2 * index), subtree(leafHashes, level - 1, 2 * index + 1));
  }
}
