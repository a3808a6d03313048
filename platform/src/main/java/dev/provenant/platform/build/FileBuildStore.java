package dev.provenant.platform.build;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The embedded store: one JSON file per record under {@code DIR}, each replaced atomically (temp
 * file, fsync, rename), all held in memory for reads. One process owns the directory; its runner
 * threads share this object.
 */
public final class FileBuildStore implements BuildStore {
  private final Clock clock;
  private final FileRecordDirectory<BuildRecord> builds;
  private FileRebuildStore rebuilds;

  private FileBuildStore(FileRecordDirectory<BuildRecord> builds, Clock clock) {
    this.builds = builds;
    this.clock = clock;
  }

  /** Opens (creating) the store and loads every record. */
  public static FileBuildStore open(Path dir, Clock clock) throws IOException {
    FileBuildStore s = new FileBuildStore(FileRecordDirectory.open(dir, RecordCodec.BUILDS), clock);
    s.rebuilds = FileRebuildStore.open(dir.resolve("rebuilds"), clock);
    return s;
  }

  @Override
  public synchronized BuildRecord add(BuildRecord r) throws IOException {
    if (builds.contains(r.id())) {
      throw new IOException("build " + r.id() + " exists");
    }
    builds.write(r);
    return r;
  }

  @Override
  public synchronized Optional<BuildRecord> find(String id) {
    return Optional.ofNullable(builds.get(id));
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
    List<BuildRecord> all = new ArrayList<>(builds.values());
    all.sort(
        Comparator.comparing(BuildRecord::createdAt).thenComparing(BuildRecord::id).reversed());
    return all;
  }

  @Override
  public synchronized Optional<BuildRecord> claimNext(String runnerId) throws IOException {
    return builds.claimOldest(
        r -> r.status() == BuildStatus.QUEUED,
        Comparator.comparing(BuildRecord::createdAt).thenComparing(BuildRecord::id),
        r -> r.claimedBy(runnerId, clock.instant()));
  }

  @Override
  public synchronized boolean heartbeat(String buildId, String runnerId) {
    BuildRecord r = builds.get(buildId);
    return r != null && r.status() == BuildStatus.BUILDING && runnerId.equals(r.runner());
  }

  @Override
  public synchronized void update(BuildRecord r) throws IOException {
    requireHeld(r);
    builds.write(r);
  }

  @Override
  public synchronized void markReleased(BuildRecord r)
      throws IOException, AlreadyReleasedException {
    requireHeld(r);
    if (isReleased(r.project(), r.tag())) {
      throw new AlreadyReleasedException(r.project(), r.tag());
    }
    builds.write(r.withStatus(BuildStatus.RELEASED, null, clock.instant()));
  }

  @Override
  public synchronized void markFailed(BuildRecord r, String reason) throws IOException {
    // Only the runner holding the build may fail it (as in PostgreSQL): a release made meanwhile
    // stays.
    BuildRecord now = builds.get(r.id());
    if (now == null
        || now.status() != BuildStatus.BUILDING
        || r.runner() == null
        || !r.runner().equals(now.runner())) {
      return;
    }
    builds.write(r.withStatus(BuildStatus.FAILED, reason, clock.instant()));
  }

  @Override
  public synchronized boolean isReleased(String project, String tag) {
    return builds.values().stream()
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
    return builds.recoverAbandoned(
        r -> r.status() == BuildStatus.BUILDING,
        r ->
            r.attempt() < 2
                ? r.requeued()
                : r.withStatus(
                    BuildStatus.FAILED,
                    "runner stopped during attempt " + r.attempt() + " (no retries left)",
                    clock.instant()));
  }

  @Override
  public RebuildStore rebuilds() {
    return rebuilds;
  }

  private void requireHeld(BuildRecord r) throws IOException {
    BuildRecord now = builds.get(r.id());
    if (now == null || now.status() != BuildStatus.BUILDING || !r.runner().equals(now.runner())) {
      throw new IOException("build " + r.id() + " is not held by runner " + r.runner());
    }
  }

  @Override
  public void close() {}
}
