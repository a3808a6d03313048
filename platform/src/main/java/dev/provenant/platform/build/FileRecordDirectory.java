package dev.provenant.platform.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The queue both embedded stores share, builds and rebuilds: one JSON file per record under a
 * directory, each replaced atomically (temp file, fsync, rename), all held in memory for reads. One
 * process owns the directory. Not thread-safe: the store that holds it guards every call with its
 * own lock.
 */
final class FileRecordDirectory<R> {
  private final Path dir;
  private final RecordCodec<R> codec;
  private final Map<String, R> byId = new LinkedHashMap<>();

  /** Records claimed through this object: their runner threads are alive in this process. */
  private final Set<String> claimedHere = new HashSet<>();

  private FileRecordDirectory(Path dir, RecordCodec<R> codec) {
    this.dir = dir;
    this.codec = codec;
  }

  /** Opens (creating) the directory and loads every record. */
  static <R> FileRecordDirectory<R> open(Path dir, RecordCodec<R> codec) throws IOException {
    Files.createDirectories(dir);
    FileRecordDirectory<R> d = new FileRecordDirectory<>(dir, codec);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        R r;
        try {
          r = codec.parse(Files.readAllBytes(f));
        } catch (IOException e) {
          throw new IOException(f.getFileName() + ": " + e.getMessage(), e);
        }
        d.byId.put(codec.idOf(r), r);
      }
    }
    // Temp files of a write the process did not finish are garbage: the record they would have
    // replaced is still whole.
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path f : tmp) {
        Files.deleteIfExists(f);
      }
    }
    return d;
  }

  R get(String id) {
    return byId.get(id);
  }

  boolean contains(String id) {
    return byId.containsKey(id);
  }

  Collection<R> values() {
    return byId.values();
  }

  /**
   * Claims the oldest queued record: {@code claim} turns it into the claimed one, which is written
   * and remembered as claimed here.
   */
  Optional<R> claimOldest(Predicate<R> queued, Comparator<R> oldestFirst, UnaryOperator<R> claim)
      throws IOException {
    Optional<R> next = byId.values().stream().filter(queued).min(oldestFirst);
    if (next.isEmpty()) {
      return next;
    }
    R claimed = claim.apply(next.get());
    write(claimed);
    claimedHere.add(codec.idOf(claimed));
    return Optional.of(claimed);
  }

  /** Forgets that a record was claimed here (its runner thread is done with it). */
  void released(String id) {
    claimedHere.remove(id);
  }

  /**
   * Ends every running record this object did not hand out: with one process owning the directory,
   * such a record belongs to a process that died. {@code next} says what it becomes.
   *
   * @return the records written
   */
  List<R> recoverAbandoned(Predicate<R> running, Function<R, R> next) throws IOException {
    List<R> changed = new ArrayList<>();
    for (R r : List.copyOf(byId.values())) {
      if (!running.test(r) || claimedHere.contains(codec.idOf(r))) {
        continue;
      }
      R after = next.apply(r);
      write(after);
      changed.add(after);
    }
    return changed;
  }

  /** Replaces the record's file atomically, then its entry in memory. */
  void write(R r) throws IOException {
    String id = codec.idOf(r);
    Path target = dir.resolve(id + ".json");
    Path tmp = dir.resolve(id + ".json.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(codec.bytes(r));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    byId.put(id, r);
  }
}
