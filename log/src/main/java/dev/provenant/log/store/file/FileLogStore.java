package dev.provenant.log.store.file;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.merkle.CompactRange;
import dev.provenant.core.merkle.HashSource;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.log.store.CommitBatch;
import dev.provenant.log.store.LogStore;
import dev.provenant.log.store.NewEntry;
import dev.provenant.log.store.NodeHash;
import dev.provenant.log.store.StoredEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The embedded storage backend: append-only files under one directory, no setup.
 *
 * <h2>Files</h2>
 *
 * <ul>
 *   <li>{@code journal.log}: the source of truth. One record per leaf: magic, length, integrated
 *       time, data, search keys, CRC-32C. A batch is appended with one write and made durable with
 *       one {@code fdatasync} before anything is acknowledged.
 *   <li>Derived files, rebuilt from the journal when behind: {@code index.dat} (journal offset per
 *       leaf), {@code nodes/L.dat} (32-byte hash of every perfect subtree at level L, which also
 *       makes tlog tiles), {@code keys.dat} (search key hash, index). They are written without
 *       fsync and flushed every few seconds; {@code derived.state} records how far they are known
 *       durable.
 * </ul>
 *
 * <h2>Crash safety</h2>
 *
 * On open the derived files are cut back to the last flushed state and re-derived from the journal;
 * the journal is cut at the first record that is torn or fails its CRC (everything after it was
 * never acknowledged, since acknowledgement waits for the fsync that covers it). Indices therefore
 * stay dense and every acknowledged leaf survives SIGKILL or power loss.
 */
public final class FileLogStore implements LogStore {
  private static final int MAGIC = 0x504c4f47; // "PLOG"
  private static final int HEADER = 8; // magic + body length
  private static final int MAX_LEVELS = 64;
  private static final long DERIVED_SYNC_MILLIS = 5_000;

  private final Path dir;
  private final FileChannel journal;
  private final FileChannel index;
  private final FileChannel keysFile;
  private final FileChannel[] levels = new FileChannel[MAX_LEVELS];
  private final FileChannel lockChannel;
  private FileLock lock;
  private final LongMultiMap leafIndex;
  private final LongMultiMap keyIndex;
  // The last 4096 nodes of every level (128 KiB per level in use): proofs for fresh entries.
  private final RecentNodes recent = new RecentNodes(MAX_LEVELS, 4096);
  private final Object writeLock = new Object();

  private volatile long size;
  private long journalEnd;
  // The journal file is preallocated with zeros ahead of journalEnd, so that a batch's fdatasync
  // flushes data blocks only: appending would also change the file size and force a filesystem
  // journal commit, which waits for every other process's metadata.
  private long allocatedEnd;
  private static final int PREALLOCATE = 16 << 20;
  private volatile long lastDerivedSync;
  private volatile boolean syncing;
  private final java.util.concurrent.ExecutorService syncer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "log-derived-sync");
            t.setDaemon(true);
            return t;
          });
  private volatile String checkpoint;

  private FileLogStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("nodes"));
    lockChannel =
        FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    journal = channel(dir.resolve("journal.log"));
    index = channel(dir.resolve("index.dat"));
    keysFile = channel(dir.resolve("keys.dat"));
    leafIndex = new LongMultiMap(1 << 16);
    keyIndex = new LongMultiMap(1 << 16);
  }

  /**
   * Opens (creating if needed) the store in {@code dir}, recovering from any crash. Takes the
   * directory lock: a second process on the same directory fails.
   *
   * @throws IOException if the directory is unusable or locked by another process
   */
  public static FileLogStore open(Path dir) throws IOException {
    FileLogStore s = new FileLogStore(dir);
    try {
      s.lockDirectory();
      s.recover();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private static FileChannel channel(Path p) throws IOException {
    return FileChannel.open(
        p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private void lockDirectory() throws IOException {
    try {
      lock = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by this very process
    }
    if (lock == null) {
      throw new IOException("data directory " + dir + " is in use by another process");
    }
  }

  private FileChannel level(int l) throws IOException {
    FileChannel c = levels[l];
    if (c == null) {
      synchronized (levels) {
        c = levels[l];
        if (c == null) {
          c = channel(dir.resolve("nodes").resolve(l + ".dat"));
          levels[l] = c;
        }
      }
    }
    return c;
  }

  // ---------------------------------------------------------------- recovery

  private void recover() throws IOException {
    long[] st = readDerivedState();
    long n = st[0];
    long jOff = st[1];
    long kLen = st[2];
    if (jOff > journal.size() || n * 8 > index.size() || kLen > keysFile.size()) {
      // The derived state claims more than exists: start deriving from scratch.
      n = 0;
      jOff = 0;
      kLen = 0;
    }
    index.truncate(n * 8);
    keysFile.truncate(kLen);
    for (int l = 0; l < MAX_LEVELS; l++) {
      Path p = dir.resolve("nodes").resolve(l + ".dat");
      if (Files.exists(p)) {
        level(l).truncate((n >>> l) * Rfc6962.HASH_SIZE);
      }
    }
    // Rebuild the in-memory indexes for the flushed prefix; if the derived files disagree with
    // their state record, derive everything again from the journal.
    CompactRange range;
    try {
      loadLeafIndex(n);
      loadKeyIndex(kLen);
      size = n;
      range = CompactRange.fromSource(hashes(), n);
    } catch (IOException | RuntimeException e) {
      n = 0;
      jOff = 0;
      index.truncate(0);
      keysFile.truncate(0);
      for (int l = 0; l < MAX_LEVELS; l++) {
        if (levels[l] != null) {
          levels[l].truncate(0);
        }
      }
      leafIndex.clear();
      recent.clear();
      keyIndex.clear();
      size = 0;
      range = new CompactRange();
    }
    // Re-derive the tail from the journal.
    long off = jOff;
    long jsize = journal.size();
    List<NodeHash> nodes = new ArrayList<>();
    while (off < jsize) {
      Record r = readRecord(off, jsize);
      if (r == null) {
        break;
      }
      byte[] leafHash = Rfc6962.leafHash(r.data);
      range.append(leafHash, (l, i, h) -> nodes.add(new NodeHash(l, i, h)));
      long idx = size;
      writeIndex(idx, off);
      writeKeys(idx, r.keys);
      leafIndex.put(prefix(leafHash), idx);
      size = idx + 1;
      off += r.length;
      if (nodes.size() > 65536) {
        writeNodes(nodes);
        nodes.clear();
      }
    }
    writeNodes(nodes);
    if (off < jsize) {
      // Torn, corrupt or preallocated tail: never acknowledged, cut it off (so no stale record
      // can ever reappear after newer ones), then preallocate afresh on the next commit.
      journal.truncate(off);
    }
    journal.force(true);
    journalEnd = off;
    allocatedEnd = off;
    syncDerived(new long[] {size, journalEnd, keysFile.size()});
    checkpoint = null;
  }

  private long[] readDerivedState() throws IOException {
    Path p = dir.resolve("derived.state");
    if (!Files.exists(p)) {
      return new long[] {0, 0, 0};
    }
    String[] parts = Files.readString(p).trim().split(" ");
    try {
      return new long[] {
        Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])
      };
    } catch (RuntimeException e) {
      return new long[] {0, 0, 0};
    }
  }

  private void loadLeafIndex(long n) throws IOException {
    FileChannel l0 = level(0);
    ByteBuffer buf = ByteBuffer.allocateDirect(32 * 8192);
    long i = 0;
    while (i < n) {
      buf.clear();
      int want = (int) Math.min(8192, n - i) * 32;
      buf.limit(want);
      readFully(l0, buf, i * 32);
      buf.flip();
      while (buf.remaining() >= 32) {
        leafIndex.put(buf.getLong(), i++);
        buf.position(buf.position() + 24);
      }
    }
  }

  private void loadKeyIndex(long len) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(16 * 8192);
    long off = 0;
    while (off < len) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), len - off));
      readFully(keysFile, buf, off);
      buf.flip();
      while (buf.remaining() >= 16) {
        long h = buf.getLong();
        long idx = buf.getLong();
        keyIndex.put(h, idx);
      }
      off += buf.limit();
    }
  }

  private record Record(long length, long integratedTime, byte[] data, List<String> keys) {}

  /** Reads the record at {@code off}, or null if it is torn, corrupt or absent. */
  private Record readRecord(long off, long limit) throws IOException {
    if (off + HEADER > limit) {
      return null;
    }
    ByteBuffer h = ByteBuffer.allocate(HEADER);
    readFully(journal, h, off);
    h.flip();
    if (h.getInt() != MAGIC) {
      return null;
    }
    int bodyLen = h.getInt();
    if (bodyLen < 14 || off + HEADER + bodyLen + 4L > limit || bodyLen > (64 << 20)) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(bodyLen + 4);
    readFully(journal, body, off + HEADER);
    body.flip();
    CRC32C crc = new CRC32C();
    crc.update(body.array(), 0, bodyLen);
    int stored = body.getInt(bodyLen);
    if ((int) crc.getValue() != stored) {
      return null;
    }
    body.limit(bodyLen);
    return parseBody(body, HEADER + bodyLen + 4L);
  }

  private static Record parseBody(ByteBuffer body, long recordLength) {
    long time = body.getLong();
    int dataLen = body.getInt();
    byte[] data = new byte[dataLen];
    body.get(data);
    int nkeys = body.getShort() & 0xffff;
    List<String> keys = new ArrayList<>(nkeys);
    for (int k = 0; k < nkeys; k++) {
      int len = body.getShort() & 0xffff;
      byte[] kb = new byte[len];
      body.get(kb);
      keys.add(new String(kb, StandardCharsets.UTF_8));
    }
    return new Record(recordLength, time, data, keys);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, p);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + p);
      }
      p += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      p += ch.write(buf, p);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void commit(CommitBatch batch) throws IOException {
    synchronized (writeLock) {
      if (batch.firstIndex() != size) {
        throw new IOException("batch starts at " + batch.firstIndex() + " but size is " + size);
      }
      // 1. One append and one fdatasync of the journal: the durability point.
      int total = 0;
      List<byte[]> encoded = new ArrayList<>(batch.entries().size());
      for (NewEntry e : batch.entries()) {
        byte[] rec = encode(e);
        encoded.add(rec);
        total += rec.length;
      }
      ByteBuffer buf = ByteBuffer.allocate(total);
      long[] offsets = new long[encoded.size()];
      long off = journalEnd;
      for (int i = 0; i < encoded.size(); i++) {
        offsets[i] = off;
        buf.put(encoded.get(i));
        off += encoded.get(i).length;
      }
      buf.flip();
      ensureAllocated(off);
      writeFully(journal, buf, journalEnd);
      journal.force(false);
      journalEnd = off;
      // 2. Derived files (page cache; re-derivable from the journal).
      ByteBuffer ib = ByteBuffer.allocate(8 * offsets.length);
      for (long o : offsets) {
        ib.putLong(o);
      }
      ib.flip();
      writeFully(index, ib, batch.firstIndex() * 8);
      long idx = batch.firstIndex();
      int nkeys = 0;
      for (NewEntry e : batch.entries()) {
        nkeys += e.keys().size();
      }
      ByteBuffer kb = ByteBuffer.allocate(16 * nkeys);
      for (NewEntry e : batch.entries()) {
        for (String k : e.keys()) {
          kb.putLong(keyHash(k)).putLong(idx);
        }
        leafIndex.put(prefix(e.leafHash()), idx);
        idx++;
      }
      // One write for the batch's search keys; the in-memory index follows.
      kb.flip();
      writeFully(keysFile, kb, keysFile.size());
      kb.rewind();
      while (kb.hasRemaining()) {
        keyIndex.put(kb.getLong(), kb.getLong());
      }
      writeNodes(batch.nodes());
      size = batch.newSize();
      // The latest checkpoint is kept in memory only: on open the engine signs a fresh one for
      // the recovered tree, so a file write per batch would buy nothing.
      checkpoint = batch.signedCheckpoint();
      long now = System.currentTimeMillis();
      if (now - lastDerivedSync > DERIVED_SYNC_MILLIS && !syncing) {
        // Flush derived files off the sequencer thread; the snapshot is what they will cover.
        syncing = true;
        lastDerivedSync = now;
        long[] snap = {size, journalEnd, keysFile.size()};
        syncer.execute(
            () -> {
              try {
                syncDerived(snap);
              } catch (IOException e) {
                // The next attempt covers it; recovery re-derives from the journal meanwhile.
              } finally {
                syncing = false;
              }
            });
      }
    }
  }

  private static byte[] encode(NewEntry e) {
    List<byte[]> keys = new ArrayList<>(e.keys().size());
    int keyBytes = 0;
    for (String k : e.keys()) {
      byte[] kb = k.getBytes(StandardCharsets.UTF_8);
      if (kb.length > 0xffff) {
        throw new IllegalArgumentException("search key too long");
      }
      keys.add(kb);
      keyBytes += 2 + kb.length;
    }
    int bodyLen = 8 + 4 + e.data().length + 2 + keyBytes;
    ByteBuffer b = ByteBuffer.allocate(HEADER + bodyLen + 4);
    b.putInt(MAGIC).putInt(bodyLen);
    b.putLong(e.integratedTime()).putInt(e.data().length).put(e.data());
    b.putShort((short) keys.size());
    for (byte[] kb : keys) {
      b.putShort((short) kb.length).put(kb);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), HEADER, bodyLen);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  private void writeIndex(long idx, long journalOffset) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8).putLong(journalOffset);
    b.flip();
    writeFully(index, b, idx * 8);
  }

  private void writeKeys(long idx, List<String> keys) throws IOException {
    if (keys.isEmpty()) {
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(16 * keys.size());
    for (String k : keys) {
      long h = keyHash(k);
      b.putLong(h).putLong(idx);
      keyIndex.put(h, idx);
    }
    b.flip();
    writeFully(keysFile, b, keysFile.size());
  }

  private void writeNodes(List<NodeHash> nodes) throws IOException {
    // Nodes of different levels interleave; within a level they ascend: write contiguous runs.
    List<List<NodeHash>> byLevel = new ArrayList<>();
    for (NodeHash n : nodes) {
      while (byLevel.size() <= n.level()) {
        byLevel.add(new ArrayList<>());
      }
      byLevel.get(n.level()).add(n);
    }
    for (int l = 0; l < byLevel.size(); l++) {
      List<NodeHash> ns = byLevel.get(l);
      int a = 0;
      while (a < ns.size()) {
        int b = a + 1;
        while (b < ns.size() && ns.get(b).index() == ns.get(b - 1).index() + 1) {
          b++;
        }
        ByteBuffer buf = ByteBuffer.allocate((b - a) * Rfc6962.HASH_SIZE);
        for (int k = a; k < b; k++) {
          buf.put(ns.get(k).hash());
        }
        buf.flip();
        writeFully(level(l), buf, ns.get(a).index() * Rfc6962.HASH_SIZE);
        recent.put(l, ns.get(a).index(), buf.array(), 0, b - a);
        a = b;
      }
    }
  }

  /** Extends the zero-filled preallocation of the journal to cover {@code upTo}. */
  private void ensureAllocated(long upTo) throws IOException {
    if (upTo <= allocatedEnd) {
      return;
    }
    ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
    long target = Math.max(upTo, allocatedEnd) + PREALLOCATE;
    long at = allocatedEnd;
    while (at < target) {
      zeros.clear();
      writeFully(journal, zeros, at);
      at += zeros.capacity();
    }
    journal.force(true);
    allocatedEnd = at;
  }

  /**
   * Flushes derived files and records how far they are durable: {@code snap} = size, journal offset
   * and keys-file length captured together under the write lock.
   */
  private void syncDerived(long[] snap) throws IOException {
    index.force(false);
    keysFile.force(false);
    for (int l = 0; l < MAX_LEVELS && (snap[0] >>> l) > 0; l++) {
      level(l).force(false);
    }
    Path tmp = dir.resolve("derived.state.tmp");
    try (FileChannel c =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      c.write(
          ByteBuffer.wrap(
              (snap[0] + " " + snap[1] + " " + snap[2] + "\n")
                  .getBytes(StandardCharsets.US_ASCII)));
      c.force(true);
    }
    Files.move(
        tmp,
        dir.resolve("derived.state"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot fsync a directory; the rename is then as durable as it gets.
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public long size() {
    return size;
  }

  @Override
  public HashSource hashes() {
    return (level, idx) -> {
      byte[] cached = recent.get(level, idx);
      if (cached != null) {
        return cached;
      }
      ByteBuffer b = ByteBuffer.allocate(Rfc6962.HASH_SIZE);
      readFully(level(level), b, idx * Rfc6962.HASH_SIZE);
      return b.array();
    };
  }

  @Override
  public OptionalLong findLeaf(byte[] leafHash) throws IOException {
    HashSource h = hashes();
    for (long idx : leafIndex.get(prefix(leafHash))) {
      if (idx < size && java.util.Arrays.equals(h.hash(0, idx), leafHash)) {
        return OptionalLong.of(idx);
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public List<Long> findByKey(String key, int limit) {
    long[] c = keyIndex.get(keyHash(key));
    java.util.Arrays.sort(c);
    List<Long> out = new ArrayList<>();
    long prev = -1;
    for (long v : c) {
      if (v != prev && v < size) {
        out.add(v);
        if (out.size() >= limit) {
          break;
        }
      }
      prev = v;
    }
    return out;
  }

  @Override
  public StoredEntry entry(long idx) throws IOException {
    if (idx < 0 || idx >= size) {
      throw new IOException("no entry " + idx);
    }
    ByteBuffer b = ByteBuffer.allocate(8);
    readFully(index, b, idx * 8);
    long off = b.getLong(0);
    Record r = readRecord(off, Long.MAX_VALUE);
    if (r == null) {
      throw new IOException("corrupt journal record for entry " + idx);
    }
    return new StoredEntry(r.data, r.integratedTime, r.keys);
  }

  @Override
  public String latestCheckpoint() {
    return checkpoint;
  }

  @Override
  public boolean tryAcquireSequencer() {
    // The directory lock taken at open makes this process the only writer.
    return isSequencer();
  }

  @Override
  public boolean isSequencer() {
    return lock != null && lock.isValid();
  }

  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      try {
        syncer.shutdown();
        try {
          syncer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (lock != null && lock.isValid()) {
          syncDerived(new long[] {size, journalEnd, keysFile.size()});
          // A clean shutdown gives the unused preallocation back.
          journal.truncate(journalEnd);
          journal.force(true);
        }
      } finally {
        for (FileChannel c : levels) {
          if (c != null) {
            c.close();
          }
        }
        journal.close();
        index.close();
        keysFile.close();
        if (lock != null && lock.isValid()) {
          lock.release();
        }
        lockChannel.close();
      }
    }
  }

  private static long prefix(byte[] hash) {
    return ByteBuffer.wrap(hash, 0, 8).getLong();
  }

  static long keyHash(String key) {
    return ByteBuffer.wrap(Sha256.hash(key.getBytes(StandardCharsets.UTF_8)), 0, 8).getLong();
  }
}
