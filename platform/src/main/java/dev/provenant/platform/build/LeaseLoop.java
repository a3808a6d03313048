package dev.provenant.platform.build;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One runner thread's loop over a {@link LeasedQueue}: claim the oldest queued record (when none
 * waits, end what stopped runners left, then idle), and run it while a second thread renews its
 * lease. The build runners and the rebuild worker share it; what a record's work is stays theirs.
 */
public final class LeaseLoop<R> {
  /** How a runner waits when the queue is empty (a timed wait, woken early or not). */
  @FunctionalInterface
  public interface Idle {
    void await() throws InterruptedException;
  }

  private final LeasedQueue<R> queue;
  private final Function<R, String> idOf;
  private final String runnerId;
  private final Duration heartbeat;
  private final String heartbeatThread;

  /**
   * @param heartbeat how often a running record's lease is renewed (well inside the lease)
   * @param heartbeatThread the name of the renewing thread, before the record's id
   */
  public LeaseLoop(
      LeasedQueue<R> queue,
      Function<R, String> idOf,
      String runnerId,
      Duration heartbeat,
      String heartbeatThread) {
    this.queue = queue;
    this.idOf = idOf;
    this.runnerId = runnerId;
    this.heartbeat = heartbeat;
    this.heartbeatThread = heartbeatThread;
  }

  /**
   * Serves the queue on the calling thread until {@code stopped} says so or the thread is
   * interrupted while idle.
   *
   * @param unavailable told when the store cannot be read (the loop idles and tries again)
   * @param work runs one claimed record (its lease renewed meanwhile)
   */
  public void serve(
      BooleanSupplier stopped, Idle idle, Consumer<IOException> unavailable, Consumer<R> work) {
    while (!stopped.getAsBoolean()) {
      Optional<R> next;
      try {
        next = queue.claimNext(runnerId);
        if (next.isEmpty()) {
          queue.recoverAbandoned();
        }
      } catch (IOException e) {
        unavailable.accept(e);
        next = Optional.empty();
      }
      if (next.isEmpty()) {
        try {
          idle.await();
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      R r = next.get();
      Thread beat = renew(idOf.apply(r));
      try {
        work.accept(r);
      } finally {
        beat.interrupt();
      }
    }
  }

  private Thread renew(String id) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(heartbeat.toMillis());
                  queue.heartbeat(id, runnerId);
                }
              } catch (InterruptedException | IOException e) {
                // Done, or the store is unavailable: the lease then lapses and the store's rule for
                // abandoned records applies (a build is retried, a rebuild fails).
              }
            },
            heartbeatThread + id);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
