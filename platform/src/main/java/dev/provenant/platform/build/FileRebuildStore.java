package dev.provenant.platform.build;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded rebuild store of a {@link FileBuildStore}: one JSON file per rebuild under {@code
 * DIR/rebuilds}, each replaced atomically (temp file, fsync, rename), all held in memory for reads.
 */
final class FileRebuildStore implements RebuildStore {
  private final FileRecordDirectory<RebuildRecord> rebuilds;
  private final Clock clock;

  private FileRebuildStore(FileRecordDirectory<RebuildRecord> rebuilds, Clock clock) {
    this.rebuilds = rebuilds;
    this.clock = clock;
  }

  static FileRebuildStore open(Path dir, Clock clock) throws IOException {
    return new FileRebuildStore(FileRecordDirectory.open(dir, RecordCodec.REBUILDS), clock);
  }

  @Override
  public synchronized void add(RebuildRecord r) throws IOException {
    if (rebuilds.contains(r.id())) {
      throw new IOException("rebuild " + r.id() + " exists");
    }
    rebuilds.write(r);
  }

  @Override
  public synchronized Optional<RebuildRecord> find(String id) {
    return Optional.ofNullable(rebuilds.get(id));
  }

  @Override
  public synchronized List<RebuildRecord> forRelease(String project, String tag) {
    List<RebuildRecord> all = new ArrayList<>();
    for (RebuildRecord r : rebuilds.values()) {
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
    return rebuilds.claimOldest(
        r -> r.status() == RebuildRecord.Status.QUEUED,
        Comparator.comparing(RebuildRecord::requestedAt).thenComparing(RebuildRecord::id),
        r -> r.claimedBy(runnerId, clock.instant()));
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
    rebuilds.write(r);
    rebuilds.released(r.id());
    return true;
  }

  @Override
  public synchronized List<RebuildRecord> recoverAbandoned() throws IOException {
    // Embedded: one process owns the directory, so a running rebuild it did not hand out belongs to
    // a process that died.
    return rebuilds.recoverAbandoned(
        r -> r.status() == RebuildRecord.Status.RUNNING,
        r ->
            r.failed(
                RebuildRecord.Failure.RUNNER_STOPPED,
                "runner " + r.runner() + " stopped during the rebuild; queue it again",
                null,
                Map.of(),
                clock.instant()));
  }

  private boolean held(String id, String runnerId) {
    RebuildRecord now = rebuilds.get(id);
    return now != null
        && now.status() == RebuildRecord.Status.RUNNING
        && runnerId.equals(now.runner());
  }
}
