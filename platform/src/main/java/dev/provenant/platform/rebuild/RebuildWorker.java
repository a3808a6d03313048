package dev.provenant.platform.rebuild;

import dev.provenant.platform.build.LeaseLoop;
import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.build.RebuildStore;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One thread that takes queued rebuilds from the store and runs them through the {@link Rebuilder},
 * renewing each one's lease while it runs. {@code up} and each runner process start one beside
 * their build runners; they share the sandbox runner, never the release path.
 */
public final class RebuildWorker implements AutoCloseable {
  private static final long IDLE_MILLIS = 1000;

  private final RebuildStore store;
  private final Rebuilder rebuilder;
  private final String runnerId;
  private final Duration heartbeat;
  private final Consumer<String> progress;
  private final Thread thread;
  private volatile boolean closed;

  private RebuildWorker(
      RebuildStore store,
      Rebuilder rebuilder,
      String runnerId,
      Duration heartbeat,
      Consumer<String> progress) {
    this.store = store;
    this.rebuilder = rebuilder;
    this.runnerId = runnerId;
    this.heartbeat = heartbeat;
    this.progress = progress;
    this.thread = new Thread(this::loop, "provenant-rebuilder");
    this.thread.setDaemon(true);
  }

  /**
   * Fails what a stopped process left running, then starts the worker thread.
   *
   * @param heartbeat how often a running rebuild's lease is renewed (well inside the lease)
   */
  public static RebuildWorker start(
      RebuildStore store,
      Rebuilder rebuilder,
      String runnerId,
      Duration heartbeat,
      Consumer<String> progress)
      throws IOException {
    RebuildWorker w = new RebuildWorker(store, rebuilder, runnerId, heartbeat, progress);
    for (RebuildRecord r : store.recoverAbandoned()) {
      progress.accept(
          "rebuild " + r.id() + " (" + r.project() + " " + r.tag() + "): " + r.reason());
    }
    w.thread.start();
    return w;
  }

  private void loop() {
    new LeaseLoop<>(store, RebuildRecord::id, runnerId, heartbeat, "provenant-rebuild-heartbeat-")
        .serve(
            () -> closed,
            () -> Thread.sleep(IDLE_MILLIS),
            e ->
                progress.accept("rebuilder " + runnerId + ": store unavailable: " + e.getMessage()),
            this::rebuild);
  }

  private void rebuild(RebuildRecord r) {
    progress.accept(
        "rebuild "
            + r.id()
            + ": "
            + r.project()
            + " "
            + r.tag()
            + " ("
            + r.commit()
            + ") rebuilding on "
            + runnerId);
    RebuildRecord done = rebuilder.run(r);
    progress.accept(
        "rebuild "
            + done.id()
            + ": "
            + done.status().apiName()
            + (done.failure() != null
                ? " (" + done.failure() + ": " + done.reason() + ")"
                : done.reproducible() ? ", reproducible" : ", not reproducible")
            + " "
            + done.phases());
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
