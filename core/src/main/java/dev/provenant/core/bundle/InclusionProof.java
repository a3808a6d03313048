package dev.provenant.core.bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 6962 inclusion proof of a log entry with the signed checkpoint it leads to.
 *
 * @param logIndex the entry's index in the tree the proof is for (for sharded Rekor v1 logs this is
 *     the shard-local index, which can differ from the entry's global logIndex)
 * @param rootHash the root hash the proof leads to
 * @param treeSize the size of that tree
 * @param hashes the audit path, leaf to root
 * @param checkpoint the signed-note checkpoint text committing to {@code rootHash}
 */
public record InclusionProof(
    long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {
  /** Validates and copies. */
  public InclusionProof {
    Objects.requireNonNull(checkpoint, "checkpoint");
    rootHash = rootHash.clone();
    List<byte[]> copy = new ArrayList<>(hashes.size());
    for (byte[] h : hashes) {
      copy.add(h.clone());
    }
    hashes = List.copyOf(copy);
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** Copies of the audit path hashes. */
  @Override
  public List<byte[]> hashes() {
    List<byte[]> out = new ArrayList<>(hashes.size());
    for (byte[] h : hashes) {
      out.add(h.clone());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InclusionProof p) || p.hashes.size() != hashes.size()) {
      return false;
    }
    for (int i = 0; i < hashes.size(); i++) {
      if (!Arrays.equals(hashes.get(i), p.hashes.get(i))) {
        return false;
      }
    }
    return logIndex == p.logIndex
        && treeSize == p.treeSize
        && Arrays.equals(rootHash, p.rootHash)
        && checkpoint.equals(p.checkpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logIndex, treeSize, Arrays.hashCode(rootHash), checkpoint);
  }

  @Override
  public String toString() {
    return "InclusionProof[index="
        + logIndex
        + ", treeSize="
        + treeSize
        + ", "
        + hashes.size()
        + " hashes]";
  }
}
