package dev.provenant.platform.pipeline;

import dev.provenant.platform.build.BuildRecord;
import dev.provenant.platform.build.BuildStatus;
import dev.provenant.platform.build.BuildStore;
import dev.provenant.platform.build.LeaseLoop;
import dev.provenant.platform.release.ReleaseStore;
import dev.provenant.platform.source.Project;
import dev.provenant.platform.source.ReleasedTags;
import dev.provenant.platform.source.TagListener;
import dev.provenant.platform.source.TagTrigger;
import dev.provenant.platform.source.TriggerDecision;
import dev.provenant.platform.source.TriggerJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The trigger-to-release loop: tags arriving at the hosting (or a watched remote) go through the
 * trigger rule into the build store, as a queued build or a refused trigger with its reason; runner
 * threads claim queued builds and run them through the {@link BuildPipeline}.
 *
 * <p>A tag whose trigger was accepted is frozen from then on (queued, building or released): moving
 * it is refused at push time. A tag whose build failed may be pushed again.
 */
public final class Platform implements TagListener, AutoCloseable {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

  private final BuildStore builds;
  private final TriggerJournal journal;
  private final Clock clock;
  private final TagTrigger trigger;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final List<Thread> runners = new ArrayList<>();
  private final Consumer<String> progress;
  private volatile BuildPipeline pipeline;
  private volatile Duration heartbeat = DEFAULT_HEARTBEAT;
  private volatile boolean closed;

  /**
   * @param progress receives one human-readable line per build event (the {@code up} console)
   */
  public Platform(
      BuildStore builds, TriggerJournal journal, Clock clock, Consumer<String> progress) {
    this.builds = builds;
    this.journal = journal;
    this.clock = clock;
    this.progress = progress;
    this.trigger = new TagTrigger(releasedTags());
  }

  /** Tags frozen by an accepted trigger: queued, building or released. */
  public ReleasedTags releasedTags() {
    return (project, tag) -> {
      try {
        Optional<BuildRecord> r = builds.latest(project, tag);
        return r.filter(
                b ->
                    b.tagObject() != null
                        && (b.status() == BuildStatus.QUEUED
                            || b.status() == BuildStatus.BUILDING
                            || b.status() == BuildStatus.RELEASED))
            .map(BuildRecord::tagObject);
      } catch (IOException e) {
        // Unknown is not "free to move": answer with a value no push can match.
        return Optional.of("unavailable: " + e.getMessage());
      }
    };
  }

  /** Finishes what a previous process left, then starts {@code count} runner threads. */
  public void start(BuildPipeline pipeline, ReleaseStore releases, int count, String runnerPrefix)
      throws IOException {
    start(pipeline, releases, count, runnerPrefix, DEFAULT_HEARTBEAT);
  }

  /**
   * Finishes what a previous process left, then starts {@code count} runner threads that renew
   * their build's lease every {@code heartbeat} (well inside the store's lease).
   */
  public void start(
      BuildPipeline pipeline,
      ReleaseStore releases,
      int count,
      String runnerPrefix,
      Duration heartbeat)
      throws IOException {
    this.pipeline = pipeline;
    this.heartbeat = heartbeat;
    // Abandoned builds first: what is still building afterwards belongs to a live runner (another
    // process sharing the queue and the release store), and its staging is left alone.
    for (BuildRecord r : builds.recoverAbandoned()) {
      progress.accept(
          "build "
              + r.id()
              + " ("
              + r.project()
              + " "
              + r.tag()
              + ") was interrupted: "
              + (r.status() == BuildStatus.QUEUED
                  ? "queued again, attempt " + r.attempt()
                  : r.reason()));
    }
    List<String> published =
        releases.recover(
            m -> status(m.buildId()) == BuildStatus.RELEASED,
            id -> status(id) == BuildStatus.BUILDING);
    for (String id : published) {
      progress.accept("recovered release of build " + id + " (published after a restart)");
    }
    for (int i = 0; i < count; i++) {
      String runnerId = runnerPrefix + "-" + i;
      Thread t = new Thread(() -> runLoop(runnerId), "provenant-runner-" + i);
      t.setDaemon(true);
      runners.add(t);
      t.start();
    }
  }

  private BuildStatus status(String buildId) {
    try {
      return builds.find(buildId).map(BuildRecord::status).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void runLoop(String runnerId) {
    new LeaseLoop<>(builds, BuildRecord::id, runnerId, heartbeat, "provenant-heartbeat-")
        .serve(
            () -> closed,
            () -> {
              lock.lock();
              try {
                work.await(1, TimeUnit.SECONDS);
              } finally {
                lock.unlock();
              }
            },
            e ->
                progress.accept(
                    "runner " + runnerId + ": build store unavailable: " + e.getMessage()),
            b -> build(b, runnerId));
  }

  private void build(BuildRecord b, String runnerId) {
    progress.accept(
        "build "
            + b.id()
            + ": "
            + b.project()
            + " "
            + b.tag()
            + " ("
            + b.commit()
            + ") building on "
            + runnerId);
    BuildRecord done = pipeline.run(b);
    progress.accept(
        "build "
            + b.id()
            + ": "
            + done.status().apiName()
            + (done.reason() != null ? " (" + done.reason() + ")" : "")
            + " "
            + phases(done.phases()));
  }

  private static String phases(Map<String, Long> p) {
    StringBuilder s = new StringBuilder("[");
    p.forEach(
        (k, v) -> s.append(s.length() > 1 ? " " : "").append(k).append('=').append(v).append("ms"));
    return s.append(']').toString();
  }

  @Override
  public TriggerDecision onTag(
      Project project, Repository repository, String tag, ObjectId refValue) {
    long t0 = clock.millis();
    TriggerDecision d;
    try {
      d = trigger.evaluate(project, repository, tag, refValue);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tag " + tag + " of " + project.name(), e);
    }
    journal.record(d);
    String id = newId();
    BuildRecord r;
    if (d instanceof TriggerDecision.Accepted a) {
      r =
          new BuildRecord(
              id,
              a.project(),
              a.tag(),
              a.commitSha(),
              a.tagObjectSha(),
              a.signerFingerprint(),
              BuildStatus.QUEUED,
              null,
              1,
              null,
              clock.instant(),
              null,
              null,
              Map.of("trigger", clock.millis() - t0));
      progress.accept(
          "trigger: "
              + a.project()
              + " "
              + a.tag()
              + " accepted (signed by "
              + a.signerFingerprint()
              + "), build "
              + id
              + " queued");
    } else {
      TriggerDecision.Refused f = (TriggerDecision.Refused) d;
      r =
          new BuildRecord(
              id,
              f.project(),
              f.tag(),
              null,
              null,
              null,
              BuildStatus.REFUSED,
              f.reason().name() + ": " + f.detail(),
              1,
              null,
              clock.instant(),
              null,
              clock.instant(),
              Map.of());
      progress.accept(
          "trigger: "
              + f.project()
              + " "
              + f.tag()
              + " refused: "
              + f.reason()
              + ": "
              + f.detail());
    }
    try {
      builds.add(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the trigger of " + tag, e);
    }
    lock.lock();
    try {
      work.signalAll();
    } finally {
      lock.unlock();
    }
    return d;
  }

  @Override
  public void onRefused(TriggerDecision.Refused refused) {
    journal.record(refused);
    try {
      builds.add(
          new BuildRecord(
              newId(),
              refused.project(),
              refused.tag(),
              null,
              null,
              null,
              BuildStatus.REFUSED,
              refused.reason().name() + ": " + refused.detail(),
              1,
              null,
              clock.instant(),
              null,
              clock.instant(),
              Map.of()));
    } catch (IOException e) {
      // The push was refused either way; the journal has the record.
    }
    progress.accept(
        "trigger: "
            + refused.project()
            + " "
            + refused.tag()
            + " refused: "
            + refused.reason()
            + ": "
            + refused.detail());
  }

  private String newId() {
    byte[] r = new byte[3];
    random.nextBytes(r);
    return ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : runners) {
      t.interrupt();
    }
  }
}
