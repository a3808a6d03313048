package dev.provenant.platform.build;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A queue whose records a runner claims and holds by a lease it renews: the builds and the
 * rebuilds. {@link LeaseLoop} serves either one.
 */
public interface LeasedQueue<R> {
  /** Takes the oldest queued record for {@code runnerId}; empty when none waits. */
  Optional<R> claimNext(String runnerId) throws IOException;

  /** Keeps a claimed record's lease alive; false when it is no longer this runner's. */
  boolean heartbeat(String id, String runnerId) throws IOException;

  /**
   * Ends the records whose runner stopped (what each becomes is the store's rule).
   *
   * @return the records changed
   */
  List<R> recoverAbandoned() throws IOException;
}
