package dev.provenant.platform.rebuild;

import dev.provenant.platform.build.BuildRecord;
import dev.provenant.platform.build.BuildStore;
import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.release.ReleaseFile;
import dev.provenant.platform.release.ReleaseManifest;
import dev.provenant.platform.release.ReleaseStore;
import dev.provenant.platform.source.GitHosting;
import dev.provenant.platform.source.Project;
import dev.provenant.platform.source.ProjectStore;
import dev.provenant.platform.source.ProjectStoreException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * The queue side of rebuilds: checks that a tag is released and still points at its released
 * commit, then queues a rebuild that names the release's build, commit and subjects (read from the
 * release manifest here, so the runner never opens the release store). A release with a rebuild
 * already queued or running gets that one back rather than a second.
 */
public final class RebuildRequests {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ProjectStore projects;
  private final GitHosting hosting;
  private final BuildStore builds;
  private final ReleaseStore releases;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public RebuildRequests(
      ProjectStore projects,
      GitHosting hosting,
      BuildStore builds,
      ReleaseStore releases,
      Clock clock) {
    this.projects = projects;
    this.hosting = hosting;
    this.builds = builds;
    this.releases = releases;
    this.clock = clock;
  }

  /**
   * Queues a rebuild of {@code project}'s released {@code tag}, or returns the one already queued
   * or running.
   *
   * <p>Synchronized, so two requests to this process do not queue two rebuilds of one release;
   * across processes (PostgreSQL) two may be queued, and both run.
   *
   * @throws RebuildRefusedException UNKNOWN_PROJECT, UNKNOWN_TAG, NOT_RELEASED, or TAG_MOVED when
   *     the tag no longer points at the commit the release was built from
   */
  public synchronized RebuildRecord queue(String project, String tag)
      throws RebuildRefusedException, IOException {
    Project p = requireProject(project);
    Optional<ReleaseManifest> release = releases.find(project, tag);
    if (release.isEmpty()) {
      Optional<BuildRecord> latest = builds.latest(project, tag);
      if (latest.isEmpty()) {
        throw new RebuildRefusedException(
            RebuildRefusedException.Reason.UNKNOWN_TAG,
            "project " + project + " has no trigger of tag " + tag);
      }
      throw new RebuildRefusedException(
          RebuildRefusedException.Reason.NOT_RELEASED,
          project
              + " "
              + tag
              + " is not released: expected status released, got "
              + latest.get().status().apiName());
    }
    ReleaseManifest m = release.get();
    BuildRecord build =
        builds
            .find(m.buildId())
            .orElseThrow(
                () ->
                    new RebuildRefusedException(
                        RebuildRefusedException.Reason.NOT_RELEASED,
                        "the release's build " + m.buildId() + " has no record"));
    try (Repository repo = hosting.openRepository(p)) {
      Optional<String> moved = Rebuilder.tagProblem(repo, tag, build.commit());
      if (moved.isPresent()) {
        throw new RebuildRefusedException(RebuildRefusedException.Reason.TAG_MOVED, moved.get());
      }
    }
    for (RebuildRecord r : builds.rebuilds().forRelease(project, tag)) {
      if (!r.status().isFinal()) {
        return r;
      }
    }
    List<RebuildRecord.Expected> expected =
        m.files().stream()
            .map((ReleaseFile f) -> new RebuildRecord.Expected(f.name(), f.sha256()))
            .toList();
    RebuildRecord r =
        RebuildRecord.queued(
            newId(), project, tag, build.id(), build.commit(), expected, clock.instant());
    builds.rebuilds().add(r);
    return r;
  }

  /** Every rebuild of a project's tag, newest first. */
  public List<RebuildRecord> list(String project, String tag)
      throws RebuildRefusedException, IOException {
    requireProject(project);
    return builds.rebuilds().forRelease(project, tag);
  }

  /** One rebuild of a project's tag. */
  public RebuildRecord find(String project, String tag, String id)
      throws RebuildRefusedException, IOException {
    requireProject(project);
    return builds
        .rebuilds()
        .find(id)
        .filter(r -> r.project().equals(project) && r.tag().equals(tag))
        .orElseThrow(
            () ->
                new RebuildRefusedException(
                    RebuildRefusedException.Reason.UNKNOWN_REBUILD,
                    "no rebuild " + id + " of " + project + " " + tag));
  }

  private Project requireProject(String name) throws RebuildRefusedException, IOException {
    try {
      Optional<Project> p = Project.isValidName(name) ? projects.find(name) : Optional.empty();
      return p.orElseThrow(
          () ->
              new RebuildRefusedException(
                  RebuildRefusedException.Reason.UNKNOWN_PROJECT, "no project " + name));
    } catch (ProjectStoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private String newId() {
    byte[] r = new byte[3];
    random.nextBytes(r);
    return "rb-" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
  }
}
