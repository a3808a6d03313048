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
 *   <li>{@link #commit} is atomic and durable: after it returns, the batch survives a crash (power
 *       loss or SIGKILL); if it throws or the process dies inside it, a later open sees either the
 *       whole batch or a prefix of it (never a gap), and indices stay dense.
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
   * Tries to become the log's single sequencer (embedded: the directory lock taken at open;
   * PostgreSQL: a session advisory lock). A store that returns false serves as a follower: it
   * forwards appends with {@link #submitPending} and keeps retrying.
   *
   * @throws IOException if storage fails
   */
  boolean tryAcquireSequencer() throws IOException;

  /** True while this process holds the sequencer role. */
  boolean isSequencer();

  /**
   * The committed head as stored (size and signed checkpoint), re-read from storage: followers use
   * it to follow the sequencer.
   *
   * @return {@code {size, checkpoint}} or null if nothing was committed yet
   * @throws IOException if storage fails
   */
  default StoredHead readHead() throws IOException {
    String cp = latestCheckpoint();
    return cp == null ? null : new StoredHead(size(), cp);
  }

  /** The committed head: size and its signed checkpoint. */
  record StoredHead(long size, String checkpoint) {}

  /** Leaf indices for many leaf hashes at once (null where absent). */
  default Long[] findLeaves(java.util.List<byte[]> leafHashes) throws IOException {
    Long[] out = new Long[leafHashes.size()];
    for (int i = 0; i < out.length; i++) {
      OptionalLong o = findLeaf(leafHashes.get(i));
      out[i] = o.isPresent() ? o.getAsLong() : null;
    }
    return out;
  }

  /**
   * Follower side: hands entries to the sequencer through storage (durably), to be integrated by
   * whichever process holds the sequencer role.
   *
   * @throws IOException if storage fails or the backend has no shared queue
   */
  default void submitPending(List<NewEntry> entries) throws IOException {
    throw new IOException("this storage backend has a single process; nothing to forward to");
  }

  /** Sequencer side: entries forwarded by followers, oldest first, at most {@code max}. */
  default List<PendingEntry> pollPending(int max) throws IOException {
    return List.of();
  }

  /**
   * A forwarded entry waiting for integration.
   *
   * @param id storage id, deleted by the commit that integrates (or deduplicates) it
   * @param entry the entry (integrated time is assigned by the sequencer)
   */
  record PendingEntry(long id, NewEntry entry) {}
}
