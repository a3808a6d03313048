package dev.provenant.platform.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded rebuild store of a {@link FileBuildStore}: one JSON file per rebuild under {@code
 * DIR/rebuilds}, each replaced atomically (temp file, fsync, rename), all held in memory for reads.
 */
final class FileRebuildStore implements RebuildStore {
  private final Path dir;
  private final Clock clock;
  private final Map<String, RebuildRecord> byId = new LinkedHashMap<>();

  /** Rebuilds claimed through this object: their runner threads are alive in this process. */
  private final Set<String> claimedHere = new HashSet<>();

  private FileRebuildStore(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  static FileRebuildStore open(Path dir, Clock clock) throws IOException {
    Files.createDirectories(dir);
    FileRebuildStore s = new FileRebuildStore(dir, clock);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        RebuildRecord r;
        try {
          r = RebuildRecordJson.parse(Files.readAllBytes(f));
        } catch (IOException e) {
          throw new IOException(f.getFileName() + ": " + e.getMessage(), e);
        }
        s.byId.put(r.id(), r);
      }
    }
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path f : tmp) {
        Files.deleteIfExists(f);
      }
    }
    return s;
  }

  @Override
  public synchronized void add(RebuildRecord r) throws IOException {
    if (byId.containsKey(r.id())) {
      throw new IOException("rebuild " + r.id() + " exists");
    }
    write(r);
  }

  @Override
  public synchronized Optional<RebuildRecord> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized List<RebuildRecord> forRelease(String project, String tag) {
    List<RebuildRecord> all = new ArrayList<>();
    for (RebuildRecord r : byId.values()) {
      if (r.project().equals(project) && r.tag().equals(tag)) {
        all.add(r);
      }
    }
    all.sort(
        Comparator.comparing(RebuildRecord::requestedAt)
            .thenComparing(RebuildRecord::id)
            .reversed());
    return all;
  }

  @Override
  public synchronized Optional<RebuildRecord> claimNext(String runnerId) throws IOException {
    Optional<RebuildRecord> next =
        byId.values().stream()
            .filter(r -> r.status() == RebuildRecord.Status.QUEUED)
            .min(Comparator.comparing(RebuildRecord::requestedAt).thenComparing(RebuildRecord::id));
    if (next.isEmpty()) {
      return next;
    }
    RebuildRecord claimed = next.get().claimedBy(runnerId, clock.instant());
    write(claimed);
    claimedHere.add(claimed.id());
    return Optional.of(claimed);
  }

  @Override
  public synchronized boolean heartbeat(String id, String runnerId) {
    return held(id, runnerId);
  }

  @Override
  public synchronized boolean finish(RebuildRecord r) throws IOException {
    if (!r.status().isFinal() || r.runner() == null || !held(r.id(), r.runner())) {
      return false;
    }
    write(r);
    claimedHere.remove(r.id());
    return true;
  }

  @Override
  public synchronized List<RebuildRecord> recoverAbandoned() throws IOException {
    // Embedded: one process owns the directory, so a running rebuild it did not hand out belongs to
    // a process that died.
    List<RebuildRecord> changed = new ArrayList<>();
    for (RebuildRecord r : List.copyOf(byId.values())) {
      if (r.status() != RebuildRecord.Status.RUNNING || claimedHere.contains(r.id())) {
        continue;
      }
      RebuildRecord failed =
          r.failed(
              RebuildRecord.Failure.RUNNER_STOPPED,
              "runner " + r.runner() + " stopped during the rebuild; queue it again",
              null,
              Map.of(),
              clock.instant());
      write(failed);
      changed.add(failed);
    }
    return changed;
  }

  private boolean held(String id, String runnerId) {
    RebuildRecord now = byId.get(id);
    return now != null
        && now.status() == RebuildRecord.Status.RUNNING
        && runnerId.equals(now.runner());
  }

  private void write(RebuildRecord r) throws IOException {
    Path target = dir.resolve(r.id() + ".json");
    Path tmp = dir.resolve(r.id() + ".json.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(RebuildRecordJson.toBytes(r));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    byId.put(r.id(), r);
  }
}
