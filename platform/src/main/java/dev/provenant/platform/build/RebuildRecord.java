package dev.provenant.platform.build;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rebuild of a released tag: the released commit built again in a fresh sandbox with the same
 * build definition, its outputs hashed as a release hashes them, and each released subject compared
 * with its rebuilt counterpart. Evidence beyond SLSA Build L3 (which does not ask for reproducible
 * builds); it never changes the release. Immutable; a change is a new record written over the old.
 *
 * @param id the rebuild's id
 * @param project the project
 * @param tag the released tag
 * @param buildId the build that made the release (its record names the commit)
 * @param commit the released commit (hex) the rebuild checks out
 * @param expected the released subjects by name and sha256 (the release manifest's files, read when
 *     the rebuild was queued)
 * @param status where the rebuild stands
 * @param failure why a {@link Status#FAILED} rebuild produced no comparison; null otherwise
 * @param reason the failure's detail; null unless failed
 * @param runner the runner that holds or held the rebuild; null while queued
 * @param requestedAt when it was queued
 * @param startedAt when a runner claimed it
 * @param finishedAt when it ended
 * @param subjects the comparison, one entry per released subject then one per extra output; empty
 *     until finished
 * @param sandbox the sandbox settings the rebuild ran under (as the provenance records them for the
 *     release); empty until the sandbox ran
 * @param phases milliseconds per phase (checkout, sandboxStart, build, collect, compare)
 */
public record RebuildRecord(
    String id,
    String project,
    String tag,
    String buildId,
    String commit,
    List<Expected> expected,
    Status status,
    Failure failure,
    String reason,
    String runner,
    Instant requestedAt,
    Instant startedAt,
    Instant finishedAt,
    List<Subject> subjects,
    ObjectNode sandbox,
    Map<String, Long> phases) {

  /** Validates and copies. */
  public RebuildRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(buildId, "buildId");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(requestedAt, "requestedAt");
    expected = List.copyOf(expected);
    subjects = List.copyOf(subjects == null ? List.of() : subjects);
    sandbox = sandbox == null ? JsonNodeFactory.instance.objectNode() : sandbox.deepCopy();
    phases = Map.copyOf(phases == null ? Map.of() : phases);
    if ((status == Status.FAILED) != (failure != null)) {
      throw new IllegalArgumentException(
          "a failure reason goes with status failed only, got " + status + " and " + failure);
    }
  }

  @Override
  public ObjectNode sandbox() {
    return sandbox.deepCopy();
  }

  /** A new rebuild waiting for a runner. */
  public static RebuildRecord queued(
      String id,
      String project,
      String tag,
      String buildId,
      String commit,
      List<Expected> expected,
      Instant at) {
    return new RebuildRecord(
        id,
        project,
        tag,
        buildId,
        commit,
        expected,
        Status.QUEUED,
        null,
        null,
        null,
        at,
        null,
        null,
        List.of(),
        null,
        Map.of());
  }

  /** This rebuild claimed by {@code runnerId}. */
  public RebuildRecord claimedBy(String runnerId, Instant at) {
    return new RebuildRecord(
        id,
        project,
        tag,
        buildId,
        commit,
        expected,
        Status.RUNNING,
        null,
        null,
        runnerId,
        requestedAt,
        at,
        null,
        List.of(),
        null,
        Map.of());
  }

  /** The compared outcome of a rebuild that ran to the end. */
  public RebuildRecord finished(
      List<Subject> compared, ObjectNode settings, Map<String, Long> times, Instant at) {
    return new RebuildRecord(
        id,
        project,
        tag,
        buildId,
        commit,
        expected,
        Status.FINISHED,
        null,
        null,
        runner,
        requestedAt,
        startedAt,
        at,
        compared,
        settings,
        times);
  }

  /** A rebuild that produced nothing to compare. */
  public RebuildRecord failed(
      Failure why, String detail, ObjectNode settings, Map<String, Long> times, Instant at) {
    return new RebuildRecord(
        id,
        project,
        tag,
        buildId,
        commit,
        expected,
        Status.FAILED,
        why,
        detail,
        runner,
        requestedAt,
        startedAt,
        at,
        List.of(),
        settings,
        times);
  }

  /**
   * True when the rebuild finished and every released subject was rebuilt bit for bit, with no
   * output the release did not have.
   */
  public boolean reproducible() {
    return status == Status.FINISHED
        && !subjects.isEmpty()
        && subjects.stream().allMatch(s -> s.outcome() == Outcome.MATCHED);
  }

  /** Where a rebuild stands. */
  public enum Status {
    QUEUED,
    RUNNING,
    /** Rebuilt and compared: see {@link #subjects()}. */
    FINISHED,
    /** Nothing to compare: see {@link #failure()}. */
    FAILED;

    /** The name the API and the stored records use. */
    public String apiName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Status parse(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean isFinal() {
      return this == FINISHED || this == FAILED;
    }
  }

  /** Why a rebuild produced nothing to compare. */
  public enum Failure {
    /** The tag no longer points at the released commit. */
    TAG_MOVED,
    /** The project, its repository or the release's build record is gone. */
    SOURCE_GONE,
    CHECKOUT_FAILED,
    BAD_BUILD_DEFINITION,
    /** The rebuild's steps failed, timed out or hit a limit. */
    BUILD_FAILED,
    /** An output was missing, not a regular file, or two outputs shared a release name. */
    OUTPUT_REJECTED,
    /** The platform could not run a sandbox. */
    SANDBOX_UNAVAILABLE,
    /** The runner stopped while the rebuild ran. */
    RUNNER_STOPPED,
    INTERNAL;

    /** True when the build itself did not reproduce (not the platform failing to run it). */
    public boolean isBuildOutcome() {
      return this == BUILD_FAILED || this == OUTPUT_REJECTED || this == BAD_BUILD_DEFINITION;
    }
  }

  /** One released subject, by name and sha256. */
  public record Expected(String name, String sha256) {
    public Expected {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** How one subject compared. */
  public enum Outcome {
    /** Rebuilt with the released digest. */
    MATCHED,
    /** Rebuilt with another digest. */
    DIFFERENT,
    /** Released, but the rebuild did not produce it. */
    MISSING,
    /** Produced by the rebuild, but not part of the release. */
    EXTRA
  }

  /**
   * One subject's comparison.
   *
   * @param expectedSha256 the released digest; null for an extra output
   * @param actualSha256 the rebuilt digest; null for a missing subject
   */
  public record Subject(String name, Outcome outcome, String expectedSha256, String actualSha256) {
    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
