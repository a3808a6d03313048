package dev.provenant.platform.build;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds of released tags and their queue, kept beside the builds (same directory or database)
 * with the same rules: a rebuild is claimed by one runner at a time, held by a lease its runner
 * renews (PostgreSQL), and only the runner holding it writes its outcome.
 */
public interface RebuildStore extends LeasedQueue<RebuildRecord> {

  /** Records a new rebuild (normally {@link RebuildRecord.Status#QUEUED}). */
  void add(RebuildRecord r) throws IOException;

  Optional<RebuildRecord> find(String id) throws IOException;

  /** Every rebuild of a project's tag, newest first. */
  List<RebuildRecord> forRelease(String project, String tag) throws IOException;

  /** Takes the oldest queued rebuild for {@code runnerId}; empty when none waits. */
  @Override
  Optional<RebuildRecord> claimNext(String runnerId) throws IOException;

  /** Keeps a claimed rebuild's lease alive; false when it is no longer this runner's. */
  @Override
  boolean heartbeat(String id, String runnerId) throws IOException;

  /**
   * Writes the final record ({@code FINISHED} or {@code FAILED}) of a rebuild the record's runner
   * holds; false (nothing written) when that runner no longer holds it.
   */
  boolean finish(RebuildRecord r) throws IOException;

  /**
   * Rebuilds whose runner stopped (embedded: every rebuild still running at start-up that this
   * store did not hand out; PostgreSQL: leases that lapsed) fail with {@link
   * RebuildRecord.Failure#RUNNER_STOPPED}: queueing a rebuild again is cheap, a retry loop is not
   * worth its complexity.
   *
   * @return the records changed
   */
  @Override
  List<RebuildRecord> recoverAbandoned() throws IOException;
}
