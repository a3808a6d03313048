package dev.provenant.log;

import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.CompactRange;
import dev.provenant.core.merkle.HashSource;
import dev.provenant.core.merkle.MerkleProofs;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.note.Checkpoint;
import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteSigner;
import dev.provenant.core.note.Notes;
import dev.provenant.log.store.CommitBatch;
import dev.provenant.log.store.LogStore;
import dev.provenant.log.store.NewEntry;
import dev.provenant.log.store.NodeHash;
import dev.provenant.log.store.StoredEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@link LogEngine} implementation: a single sequencer thread that drains the queue of pending
 * appends into batches, commits each batch durably through the {@link LogStore} and signs one
 * checkpoint per batch.
 *
 * <p>Why batches: the cost of durability is one fsync (or one database commit) per batch, so while
 * a batch is being synced the next one fills up, and throughput rises with concurrency instead of
 * being capped at fsyncs per second.
 */
final class SequencedLogEngine implements LogEngine {
  /** Default bound on appends waiting for the sequencer. */
  static final int QUEUE_CAPACITY = 1 << 16;

  private final LogStore store;
  private final NoteSigner signer;
  private final String origin;
  private final int maxBatch;
  private final LongSupplier clockMillis;
  private final BlockingQueue<Pending> queue;
  // Sequencer thread only: appends this process forwarded as a follower and now integrates itself
  // after its promotion. Unbounded on purpose: they were already accepted, so none may be dropped.
  private final Deque<Pending> promoted = new ArrayDeque<>();
  private final Thread sequencer;
  private volatile boolean running = true;
  private volatile TreeHead head;
  private volatile LogException failure;
  private volatile boolean leader;
  private CompactRange range;
  // Follower: appends forwarded to the sequencer through storage, by leaf hash.
  private final Map<ByteBuffer, List<Pending>> forwarded = new HashMap<>();

  /** A queued append; remote ones (forwarded by a follower) have a pending id and no future. */
  private record Pending(
      byte[] leaf,
      byte[] leafHash,
      List<String> keys,
      CompletableFuture<AppendResult> future,
      long pendingId) {}

  SequencedLogEngine(
      LogStore store, NoteSigner signer, String origin, int maxBatch, LongSupplier clockMillis)
      throws LogException {
    this(store, signer, origin, maxBatch, clockMillis, QUEUE_CAPACITY);
  }

  /** As above, with the bound on queued appends (small in tests that need a full queue). */
  SequencedLogEngine(
      LogStore store,
      NoteSigner signer,
      String origin,
      int maxBatch,
      LongSupplier clockMillis,
      int queueCapacity)
      throws LogException {
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.store = store;
    this.signer = signer;
    this.origin = origin;
    this.maxBatch = maxBatch;
    this.clockMillis = clockMillis;
    try {
      if (store.tryAcquireSequencer()) {
        becomeLeader();
      } else {
        refreshFollowerHead();
        if (head == null) {
          head = signHead(0, Rfc6962.emptyRoot());
        }
      }
    } catch (IOException e) {
      throw new LogException(
          LogException.Reason.STORAGE, "cannot open log storage: " + e.getMessage(), e);
    }
    sequencer = new Thread(this::run, "log-sequencer");
    sequencer.setDaemon(true);
    sequencer.start();
  }

  /** Takes over sequencing: rebuild the right edge of the committed tree and sign its head. */
  private void becomeLeader() throws IOException, LogException {
    long size = store.size();
    range = CompactRange.fromSource(store.hashes(), size);
    head = signHead(size, range.root());
    leader = true;
  }

  /** Follower: adopt the head the sequencer committed (its signed checkpoint, verbatim). */
  private void refreshFollowerHead() throws IOException, LogException {
    LogStore.StoredHead h = store.readHead();
    if (h == null || (head != null && h.size() <= head.size())) {
      return;
    }
    try {
      Checkpoint cp =
          Checkpoint.parse(dev.provenant.core.note.SignedNote.parse(h.checkpoint()).text());
      head = new TreeHead(cp.size(), cp.rootHash(), clockMillis.getAsLong(), h.checkpoint());
    } catch (NoteException e) {
      throw new LogException(LogException.Reason.STORAGE, "stored checkpoint is unreadable", e);
    }
  }

  private TreeHead signHead(long size, byte[] root) throws LogException {
    long now = clockMillis.getAsLong();
    Checkpoint cp = new Checkpoint(origin, size, root, List.of());
    try {
      String note = Notes.sign(cp.toText(), List.of(signer)).serialize();
      return new TreeHead(size, root, now, note);
    } catch (NoteException e) {
      // The key, not the storage, failed: callers (and HTTP clients) must be able to tell the two
      // apart, since retrying against the same storage will not help.
      throw new LogException(
          LogException.Reason.SIGNING, "cannot sign checkpoint: " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<AppendResult> append(byte[] leaf, List<String> searchKeys) {
    if (leaf.length > MAX_LEAF_BYTES) {
      return CompletableFuture.failedFuture(
          new LogException(
              LogException.Reason.TOO_LARGE,
              "leaf is " + leaf.length + " bytes, limit " + MAX_LEAF_BYTES));
    }
    LogException f = failure;
    if (!running || f != null) {
      return CompletableFuture.failedFuture(
          f != null ? f : new LogException(LogException.Reason.UNAVAILABLE, "log is closed"));
    }
    // Hash in the caller's thread so the sequencer only does tree work.
    Pending p =
        new Pending(
            leaf.clone(),
            Rfc6962.leafHash(leaf),
            List.copyOf(searchKeys),
            new CompletableFuture<>(),
            -1);
    try {
      if (!queue.offer(p, 5, TimeUnit.SECONDS)) {
        return CompletableFuture.failedFuture(
            new LogException(LogException.Reason.UNAVAILABLE, "log is overloaded"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(
          new LogException(LogException.Reason.UNAVAILABLE, "interrupted"));
    }
    return p.future;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    long lastLeaderAttempt = 0;
    while (running) {
      try {
        batch.clear();
        if (!leader) {
          long now = System.nanoTime();
          if (now - lastLeaderAttempt > 1_000_000_000L) {
            lastLeaderAttempt = now;
            if (store.tryAcquireSequencer()) {
              becomeLeader();
              adoptForwarded();
              continue;
            }
          }
          followerStep(batch);
          continue;
        }
        while (batch.size() < maxBatch && !promoted.isEmpty()) {
          batch.add(promoted.poll());
        }
        Pending first = batch.isEmpty() ? queue.poll(10, TimeUnit.MILLISECONDS) : queue.poll();
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, maxBatch - batch.size());
        }
        if (batch.size() < maxBatch) {
          for (LogStore.PendingEntry pe : store.pollPending(maxBatch - batch.size())) {
            batch.add(
                new Pending(
                    pe.entry().data(), pe.entry().leafHash(), pe.entry().keys(), null, pe.id()));
          }
        }
        if (!batch.isEmpty()) {
          integrate(batch);
        }
      } catch (InterruptedException e) {
        break;
      } catch (LogException | IOException | RuntimeException e) {
        LogException le =
            e instanceof LogException l
                ? l
                : new LogException(LogException.Reason.STORAGE, "sequencer failed: " + e, e);
        failure = le;
        for (Pending p : batch) {
          if (p.future != null) {
            p.future.completeExceptionally(le);
          }
        }
        running = false;
      }
    }
    LogException closed =
        failure != null
            ? failure
            : new LogException(LogException.Reason.UNAVAILABLE, "log is closed");
    Pending p;
    while ((p = queue.poll()) != null) {
      p.future.completeExceptionally(closed);
    }
    while ((p = promoted.poll()) != null) {
      p.future.completeExceptionally(closed);
    }
    synchronized (forwarded) {
      for (List<Pending> ps : forwarded.values()) {
        ps.forEach(x -> x.future.completeExceptionally(closed));
      }
      forwarded.clear();
    }
  }

  /** Follower: forward queued appends through storage, follow the head, resolve what landed. */
  private void followerStep(List<Pending> batch)
      throws IOException, LogException, InterruptedException {
    Pending first = queue.poll(10, TimeUnit.MILLISECONDS);
    if (first != null) {
      batch.add(first);
      queue.drainTo(batch, maxBatch - 1);
      List<byte[]> hashes = new ArrayList<>();
      batch.forEach(p -> hashes.add(p.leafHash));
      Long[] existing = store.findLeaves(hashes);
      refreshFollowerHead();
      List<NewEntry> send = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        if (existing[i] != null && existing[i] < head.size()) {
          p.future.complete(
              new AppendResult(
                  existing[i], p.leafHash, store.entry(existing[i]).integratedTime(), true, head));
          continue;
        }
        synchronized (forwarded) {
          forwarded.computeIfAbsent(ByteBuffer.wrap(p.leafHash), k -> new ArrayList<>()).add(p);
        }
        send.add(new NewEntry(p.leafHash, p.leaf, 0, p.keys));
      }
      if (!send.isEmpty()) {
        store.submitPending(send);
      }
    }
    refreshFollowerHead();
    List<ByteBuffer> keys;
    synchronized (forwarded) {
      keys = new ArrayList<>(forwarded.keySet());
    }
    if (keys.isEmpty()) {
      return;
    }
    List<byte[]> hashes = new ArrayList<>();
    keys.forEach(k -> hashes.add(k.array()));
    Long[] found = store.findLeaves(hashes);
    TreeHead h = head;
    for (int i = 0; i < keys.size(); i++) {
      if (found[i] != null && found[i] < h.size()) {
        List<Pending> ps;
        synchronized (forwarded) {
          ps = forwarded.remove(keys.get(i));
        }
        long t = store.entry(found[i]).integratedTime();
        for (Pending p : ps) {
          p.future.complete(new AppendResult(found[i], p.leafHash, t, false, h));
        }
      }
    }
  }

  /**
   * On promotion, the appends this process forwarded (and still waits for) are integrated here.
   * They go to {@link #promoted}, ahead of new appends, and not back into the bounded queue: a full
   * queue would refuse them and leave their callers waiting forever. Their pending rows in storage
   * are consumed by the same batches and count as duplicates of them.
   */
  private void adoptForwarded() {
    synchronized (forwarded) {
      for (List<Pending> ps : forwarded.values()) {
        promoted.addAll(ps);
      }
      forwarded.clear();
    }
  }

  private void integrate(List<Pending> batch) throws LogException {
    long integratedTime = clockMillis.getAsLong() / 1000;
    CompactRange next = range.copy();
    List<NodeHash> nodes = new ArrayList<>(batch.size() * 2 + 8);
    List<NewEntry> entries = new ArrayList<>(batch.size());
    List<Long> consumed = new ArrayList<>();
    long[] indexOf = new long[batch.size()];
    boolean[] dup = new boolean[batch.size()];
    Map<ByteBuffer, Long> inBatch = new HashMap<>();
    try {
      List<byte[]> hashes = new ArrayList<>(batch.size());
      batch.forEach(p -> hashes.add(p.leafHash));
      Long[] existing = store.findLeaves(hashes);
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        if (p.pendingId >= 0) {
          consumed.add(p.pendingId);
        }
        ByteBuffer key = ByteBuffer.wrap(p.leafHash);
        Long seen = inBatch.get(key);
        if (seen != null) {
          indexOf[i] = seen;
          dup[i] = true;
          continue;
        }
        if (existing[i] != null) {
          indexOf[i] = existing[i];
          dup[i] = true;
          continue;
        }
        long idx = next.size();
        next.append(p.leafHash, (l, n, h) -> nodes.add(new NodeHash(l, n, h)));
        entries.add(new NewEntry(p.leafHash, p.leaf, integratedTime, p.keys));
        inBatch.put(key, idx);
        indexOf[i] = idx;
      }
      TreeHead newHead = head;
      if (!entries.isEmpty() || !consumed.isEmpty()) {
        if (!entries.isEmpty()) {
          newHead = signHead(next.size(), next.root());
        }
        store.commit(
            new CommitBatch(
                range.size(),
                entries,
                nodes,
                next.size(),
                newHead.rootHash(),
                newHead.signedCheckpoint(),
                consumed));
        range = next;
        head = newHead;
      }
      long firstNew = range.size() - entries.size();
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        if (p.future == null) {
          continue;
        }
        long t = integratedTime;
        if (dup[i] && indexOf[i] < firstNew) {
          t = store.entry(indexOf[i]).integratedTime();
        }
        p.future.complete(new AppendResult(indexOf[i], p.leafHash, t, dup[i], newHead));
      }
    } catch (IOException e) {
      throw new LogException(LogException.Reason.STORAGE, "commit failed: " + e.getMessage(), e);
    }
  }

  @Override
  public TreeHead latest() {
    return head;
  }

  /** True while this engine holds the sequencer role (false: follower of another process). */
  boolean isLeader() {
    return leader;
  }

  @Override
  public String origin() {
    return origin;
  }

  @Override
  public LogEntry entry(long index) throws LogException {
    long size = head.size();
    if (index < 0 || index >= size) {
      throw new LogException(
          LogException.Reason.OUT_OF_RANGE,
          "index " + index + " is not in the log (size " + size + ")");
    }
    try {
      StoredEntry e = store.entry(index);
      return new LogEntry(index, e.data(), e.integratedTime(), e.keys());
    } catch (IOException e) {
      throw storage(e);
    }
  }

  @Override
  public OptionalLong indexOf(byte[] leafHash) throws LogException {
    try {
      OptionalLong i = store.findLeaf(leafHash);
      return i.isPresent() && i.getAsLong() < head.size() ? i : OptionalLong.empty();
    } catch (IOException e) {
      throw storage(e);
    }
  }

  @Override
  public List<Long> search(String key, int limit) throws LogException {
    try {
      long size = head.size();
      List<Long> out = new ArrayList<>();
      for (long idx : store.findByKey(key, limit * 2 + 8)) {
        // Candidates come from a hash index: keep only those really stored with this key.
        if (idx < size && store.entry(idx).keys().contains(key)) {
          out.add(idx);
          if (out.size() >= limit) {
            break;
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw storage(e);
    }
  }

  @Override
  public List<byte[]> inclusionProof(long index, long treeSize) throws LogException {
    long size = head.size();
    if (treeSize < 1 || treeSize > size || index < 0 || index >= treeSize) {
      throw new LogException(
          LogException.Reason.OUT_OF_RANGE,
          "need 0 <= index < treeSize <= "
              + size
              + ", got index "
              + index
              + ", treeSize "
              + treeSize);
    }
    try {
      return MerkleProofs.inclusionProof(store.hashes(), index, treeSize);
    } catch (IOException e) {
      throw storage(e);
    }
  }

  @Override
  public List<byte[]> consistencyProof(long size1, long size2) throws LogException {
    long size = head.size();
    if (size1 < 0 || size2 < size1 || size2 > size) {
      throw new LogException(
          LogException.Reason.OUT_OF_RANGE,
          "need 0 <= firstSize <= lastSize <= " + size + ", got " + size1 + ", " + size2);
    }
    try {
      return MerkleProofs.consistencyProof(store.hashes(), size1, size2);
    } catch (IOException e) {
      throw storage(e);
    }
  }

  @Override
  public byte[] rootHash(long size) throws LogException {
    if (size < 0 || size > head.size()) {
      throw new LogException(
          LogException.Reason.OUT_OF_RANGE,
          "tree size " + size + " is beyond the log (size " + head.size() + ")");
    }
    try {
      return MerkleProofs.rootHash(store.hashes(), size);
    } catch (IOException e) {
      throw storage(e);
    }
  }

  @Override
  public HashSource hashes() {
    return store.hashes();
  }

  @Override
  public void close() {
    running = false;
    sequencer.interrupt();
    try {
      sequencer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      store.close();
    } catch (IOException e) {
      // Closing flushes derived data only; the journal is already durable.
    }
  }

  private static LogException storage(IOException e) {
    return new LogException(
        LogException.Reason.STORAGE, "storage read failed: " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "LogEngine["
        + origin
        + ", size "
        + head.size()
        + ", root "
        + Hex.encode(head.rootHash())
        + "]";
  }
}
