package dev.provenant.platform.build;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Builds and refused triggers, and the queue of builds waiting for a runner. Embedded (files, one
 * process) or PostgreSQL (several runner processes on several machines).
 *
 * <p>The one rule both keep: a build is claimed by one runner at a time, and a tag is released at
 * most once ({@link #markReleased} fails for a second release of the same project and tag).
 */
public interface BuildStore extends LeasedQueue<BuildRecord>, AutoCloseable {

  /** Records a new trigger: {@code QUEUED} for an accepted tag, {@code REFUSED} with its reason. */
  BuildRecord add(BuildRecord r) throws IOException;

  Optional<BuildRecord> find(String id) throws IOException;

  /** The newest record for a project's tag (a refused push and a later accepted one: the later). */
  Optional<BuildRecord> latest(String project, String tag) throws IOException;

  /** Every record of a project, newest first. */
  List<BuildRecord> forProject(String project) throws IOException;

  /**
   * Takes the oldest queued build for {@code runnerId} and marks it {@code BUILDING}; empty when
   * none waits. Two runners never get the same build.
   */
  @Override
  Optional<BuildRecord> claimNext(String runnerId) throws IOException;

  /** Keeps a claimed build's lease alive; false when the build is no longer this runner's. */
  @Override
  boolean heartbeat(String buildId, String runnerId) throws IOException;

  /** Writes phases and other progress of a build this runner holds. */
  void update(BuildRecord r) throws IOException;

  /**
   * Marks a build released. Fails with {@link AlreadyReleasedException} when the project's tag was
   * released before (by this or another runner): the caller must then drop its staged release.
   */
  void markReleased(BuildRecord r) throws IOException, AlreadyReleasedException;

  /**
   * Marks a build failed with its reason; does nothing unless the record's runner still holds the
   * build (a runner whose lease lapsed cannot overwrite the retry or a release).
   */
  void markFailed(BuildRecord r, String reason) throws IOException;

  /** True when the project's tag has a release. */
  boolean isReleased(String project, String tag) throws IOException;

  /**
   * Builds whose runner stopped (embedded: every build still {@code BUILDING} at start-up;
   * PostgreSQL: leases older than the timeout) go back to the queue once, then fail.
   *
   * @return the records changed
   */
  @Override
  List<BuildRecord> recoverAbandoned() throws IOException;

  /** The rebuilds of released tags, kept beside the builds (same directory or database). */
  RebuildStore rebuilds();

  @Override
  void close() throws IOException;

  /** A second release of a released tag. */
  final class AlreadyReleasedException extends Exception {
    private static final long serialVersionUID = 1L;

    public AlreadyReleasedException(String project, String tag) {
      super(project + " " + tag + " is already released");
    }
  }
}
