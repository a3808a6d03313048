package dev.provenant.log.store;

import dev.provenant.core.merkle.HashSource;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Storage SPI of the log engine. One sequencer writes ({@link #commit}); any number of threads
 * read. Implementations: embedded files ({@code store.file}) and PostgreSQL ({@code store.pg}).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #commit} is atomic and durable: after it returns, the batch survives a crash
 *       (power loss or SIGKILL); if it throws or the process dies inside it, a later open sees
 *       either the whole batch or a prefix of it (never a gap), and indices stay dense.
 *   <li>Reads only ask for data below the committed size.
 *   <li>Node hashes are those of perfect subtrees (see {@link HashSource}); the store keeps every
 *       one the batch reports.
 * </ul>
 */
public interface LogStore extends Closeable {
  /** The committed tree size (number of leaves). */
  long size() throws IOException;

  /** Perfect-subtree hashes of the committed tree. */
  HashSource hashes();

  /** The index of a committed leaf by its leaf hash. */
  OptionalLong findLeaf(byte[] leafHash) throws IOException;

  /** Candidate indices stored with {@code key} (ascending; callers re-check), at most limit. */
  List<Long> findByKey(String key, int limit) throws IOException;

  /** A committed entry. */
  StoredEntry entry(long index) throws IOException;

  /** The latest stored signed checkpoint, or null if none was stored. */
  String latestCheckpoint() throws IOException;

  /** Durably appends a batch (see the class contract). */
  void commit(CommitBatch batch) throws IOException;

  /**
   * Becomes the log's single sequencer, blocking until this process holds the role (embedded: a
   * lock file; PostgreSQL: an advisory lock). Re-reads the committed state afterwards, since
   * another process may have written before.
   *
   * @throws IOException if the role cannot be taken
   */
  void acquireSequencer() throws IOException;

  /** True while this process holds the sequencer role. */
  boolean isSequencer();
}
