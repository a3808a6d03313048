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
 * The embedded store: one JSON file per record under {@code DIR}, each replaced atomically (temp
 * file, fsync, rename), all held in memory for reads. One process owns the directory; its runner
 * threads share this object.
 */
public final class FileBuildStore implements BuildStore {
  private final Path dir;
  private final Clock clock;
  private final Map<String, BuildRecord> byId = new LinkedHashMap<>();
  private FileRebuildStore rebuilds;

  /** Builds claimed through this store object: their runner threads are alive in this process. */
  private final Set<String> claimedHere = new HashSet<>();

  private FileBuildStore(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** Opens (creating) the store and loads every record. */
  public static FileBuildStore open(Path dir, Clock clock) throws IOException {
    Files.createDirectories(dir);
    FileBuildStore s = new FileBuildStore(dir, clock);
    s.rebuilds = FileRebuildStore.open(dir.resolve("rebuilds"), clock);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        BuildRecord r;
        try {
          r = BuildRecordJson.parse(Files.readAllBytes(f));
        } catch (IOException e) {
          throw new IOException(f.getFileName() + ": " + e.getMessage(), e);
        }
        s.byId.put(r.id(), r);
      }
    }
    // Temp files of a write the process did not finish are garbage: the record they would have
    // replaced is still whole.
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path f : tmp) {
        Files.deleteIfExists(f);
      }
    }
    return s;
  }

  @Override
  public synchronized BuildRecord add(BuildRecord r) throws IOException {
    if (byId.containsKey(r.id())) {
      throw new IOException("build " + r.id() + " exists");
    }
    write(r);
    return r;
  }

  @Override
  public synchronized Optional<BuildRecord> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<BuildRecord> latest(String project, String tag) {
    return newestFirst().stream()
        .filter(r -> r.project().equals(project) && r.tag().equals(tag))
        .findFirst();
  }

  @Override
  public synchronized List<BuildRecord> forProject(String project) {
    return newestFirst().stream().filter(r -> r.project().equals(project)).toList();
  }

  private List<BuildRecord> newestFirst() {
    List<BuildRecord> all = new ArrayList<>(byId.values());
    all.sort(
        Comparator.comparing(BuildRecord::createdAt).thenComparing(BuildRecord::id).reversed());
    return all;
  }

  @Override
  public synchronized Optional<BuildRecord> claimNext(String runnerId) throws IOException {
    Optional<BuildRecord> next =
        byId.values().stream()
            .filter(r -> r.status() == BuildStatus.QUEUED)
            .min(Comparator.comparing(BuildRecord::createdAt).thenComparing(BuildRecord::id));
    if (next.isEmpty()) {
      return next;
    }
    BuildRecord claimed = next.get().claimedBy(runnerId, clock.instant());
    write(claimed);
    claimedHere.add(claimed.id());
    return Optional.of(claimed);
  }

  @Override
  public synchronized boolean heartbeat(String buildId, String runnerId) {
    BuildRecord r = byId.get(buildId);
    return r != null && r.status() == BuildStatus.BUILDING && runnerId.equals(r.runner());
  }

  @Override
  public synchronized void update(BuildRecord r) throws IOException {
    requireHeld(r);
    write(r);
  }

  @Override
  public synchronized void markReleased(BuildRecord r)
      throws IOException, AlreadyReleasedException {
    requireHeld(r);
    if (isReleased(r.project(), r.tag())) {
      throw new AlreadyReleasedException(r.project(), r.tag());
    }
    write(r.withStatus(BuildStatus.RELEASED, null, clock.instant()));
  }

  @Override
  public synchronized void markFailed(BuildRecord r, String reason) throws IOException {
    // Only the runner holding the build may fail it (as in PostgreSQL): a release made meanwhile
    // stays.
    BuildRecord now = byId.get(r.id());
    if (now == null
        || now.status() != BuildStatus.BUILDING
        || r.runner() == null
        || !r.runner().equals(now.runner())) {
      return;
    }
    write(r.withStatus(BuildStatus.FAILED, reason, clock.instant()));
  }

  @Override
  public synchronized boolean isReleased(String project, String tag) {
    return byId.values().stream()
        .anyMatch(
            x ->
                x.status() == BuildStatus.RELEASED
                    && x.project().equals(project)
                    && x.tag().equals(tag));
  }

  @Override
  public synchronized List<BuildRecord> recoverAbandoned() throws IOException {
    // Embedded: this process is the only runner, so at start-up every BUILDING record belongs to a
    // process that died. Retry once; a second death fails the build. Builds this process claimed
    // since are another runner thread's work in progress (an idle thread calls this too).
    List<BuildRecord> changed = new ArrayList<>();
    for (BuildRecord r : List.copyOf(byId.values())) {
      if (r.status() != BuildStatus.BUILDING || claimedHere.contains(r.id())) {
        continue;
      }
      BuildRecord next =
          r.attempt() < 2
              ? r.requeued()
              : r.withStatus(
                  BuildStatus.FAILED,
                  "runner stopped during attempt " + r.attempt() + " (no retries left)",
                  clock.instant());
      write(next);
      changed.add(next);
    }
    return changed;
  }

  @Override
  public RebuildStore rebuilds() {
    return rebuilds;
  }

  private void requireHeld(BuildRecord r) throws IOException {
    BuildRecord now = byId.get(r.id());
    if (now == null || now.status() != BuildStatus.BUILDING || !r.runner().equals(now.runner())) {
      throw new IOException("build " + r.id() + " is not held by runner " + r.runner());
    }
  }

  private void write(BuildRecord r) throws IOException {
    Path target = dir.resolve(r.id() + ".json");
    Path tmp = dir.resolve(r.id() + ".json.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(BuildRecordJson.toBytes(r));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    byId.put(r.id(), r);
  }

  @Override
  public void close() {}
}
