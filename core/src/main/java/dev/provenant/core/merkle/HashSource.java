package dev.provenant.core.merkle;

import java.io.IOException;

/**
 * Where proof generation reads the hashes of perfect subtrees. The log keeps every complete node
 * (as C2SP tlog-tiles do); a client that fetched tiles can serve the same interface, so server and
 * client build proofs with the same code ({@link MerkleProofs}).
 *
 * <p>Contract: {@code hash(level, index)} returns the 32-byte root of the perfect subtree that
 * covers leaves {@code [index << level, (index + 1) << level)}; level 0 is the leaf hashes. It is
 * only called for subtrees that are complete in the tree being proven.
 */
@FunctionalInterface
public interface HashSource {
  /**
   * The hash of the perfect subtree at {@code level} and {@code index}.
   *
   * @throws IOException if the backing store cannot be read
   */
  byte[] hash(int level, long index) throws IOException;
}
