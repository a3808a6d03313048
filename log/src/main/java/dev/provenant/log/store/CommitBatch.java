package dev.provenant.log.store;

import java.util.List;

/**
 * One sequencer batch: new leaves at {@code firstIndex..}, the node hashes they complete, and the
 * signed checkpoint of the resulting tree.
 *
 * @param firstIndex index of the first new leaf (equals the committed size)
 * @param entries the new leaves, in index order
 * @param nodes every perfect-subtree hash the batch completes (level 0 included)
 * @param newSize size after the batch
 * @param rootHash root after the batch
 * @param signedCheckpoint the checkpoint note for {@code newSize}
 * @param consumedPending ids of forwarded entries this batch integrated or found duplicate
 */
public record CommitBatch(
    long firstIndex,
    List<NewEntry> entries,
    List<NodeHash> nodes,
    long newSize,
    byte[] rootHash,
    String signedCheckpoint,
    List<Long> consumedPending) {
  /** Checks that sizes add up. */
  public CommitBatch {
    entries = List.copyOf(entries);
    nodes = List.copyOf(nodes);
    consumedPending = List.copyOf(consumedPending);
    if (firstIndex + entries.size() != newSize) {
      throw new IllegalArgumentException("batch sizes do not add up");
    }
  }
}
