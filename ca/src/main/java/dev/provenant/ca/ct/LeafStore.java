package dev.provenant.ca.ct;

import java.io.IOException;

/**
 * Where the CT log appends its RFC 6962 {@code MerkleTreeLeaf} structures: the transparency log
 * engine (module {@code log}) provides the Merkle tree, durability and proofs. Contract: when
 * {@link #append} returns, the leaf is durable and will be at the returned index.
 */
@FunctionalInterface
public interface LeafStore {
  /**
   * Appends {@code leaf}.
   *
   * @return the leaf's index in the tree
   * @throws IOException if the leaf could not be stored durably
   */
  long append(byte[] leaf) throws IOException;
}
