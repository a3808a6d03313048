package dev.provenant.platform.up;

import dev.provenant.platform.build.BuildStore;
import dev.provenant.platform.build.FileBuildStore;
import dev.provenant.platform.build.PostgresBuildStore;
import dev.provenant.platform.oidc.PlatformIdentity;
import dev.provenant.platform.pipeline.BuildPipeline;
import dev.provenant.platform.pipeline.Platform;
import dev.provenant.platform.rebuild.RebuildWorker;
import dev.provenant.platform.rebuild.Rebuilder;
import dev.provenant.platform.release.ReleaseStore;
import dev.provenant.platform.sandbox.BubblewrapConfig;
import dev.provenant.platform.sandbox.BubblewrapRunner;
import dev.provenant.platform.source.GitHosting;
import dev.provenant.platform.source.ProjectStore;
import dev.provenant.platform.source.TriggerJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The part of an instance that runs builds, wired once for {@code up} and for {@code runner}: the
 * build store (the queue), the release store, projects and hosted repositories, the trigger loop
 * and the pipeline with its bubblewrap runner. Both processes read and write the same data
 * directory: {@code DIR/platform} (projects, hosted repositories, trigger journal), {@code
 * DIR/releases}, {@code DIR/work} and {@code DIR/logs/builds}, and reach the generator at {@code
 * DIR/private/generator/generator.sock}.
 */
final class PlatformCore implements AutoCloseable {
  /** Where the generator listens, relative to the data directory. */
  static final String GENERATOR_SOCKET = "private/generator/generator.sock";

  /** The build queue: embedded files ({@code postgresUrl} null) or PostgreSQL. */
  record Queue(String postgresUrl, String postgresUser, String postgresPassword, Duration lease) {}

  final BuildStore builds;
  final ReleaseStore releases;
  final ProjectStore projects;
  final TriggerJournal journal;
  final Platform platform;
  final GitHosting hosting;
  final BuildPipeline pipeline;
  final Path generatorSocket;

  /** Runs rebuilds with the pipeline's sandbox runner (started with the runner threads). */
  final Rebuilder rebuilder;

  private final Consumer<String> progress;
  private RebuildWorker rebuildWorker;

  private PlatformCore(
      BuildStore builds,
      ReleaseStore releases,
      ProjectStore projects,
      TriggerJournal journal,
      Platform platform,
      GitHosting hosting,
      BuildPipeline pipeline,
      Path generatorSocket,
      Rebuilder rebuilder,
      Consumer<String> progress) {
    this.builds = builds;
    this.releases = releases;
    this.projects = projects;
    this.journal = journal;
    this.platform = platform;
    this.hosting = hosting;
    this.pipeline = pipeline;
    this.generatorSocket = generatorSocket;
    this.rebuilder = rebuilder;
    this.progress = progress;
  }

  /** Opens the stores under {@code dir} and wires the pipeline; no runner thread starts yet. */
  static PlatformCore open(
      Path dir, Queue queue, PlatformIdentity identity, Clock clock, Consumer<String> progress)
      throws Exception {
    Path platformData = dir.resolve("platform");
    Files.createDirectories(dir.resolve("logs"));
    BuildStore builds =
        queue.postgresUrl() == null
            ? FileBuildStore.open(platformData.resolve("builds"), clock)
            : PostgresBuildStore.open(
                queue.postgresUrl(),
                queue.postgresUser(),
                queue.postgresPassword(),
                clock,
                queue.lease());
    try {
      ReleaseStore releases = ReleaseStore.open(dir.resolve("releases"));
      ProjectStore projects = ProjectStore.open(platformData);
      TriggerJournal journal = new TriggerJournal(platformData);
      Platform platform = new Platform(builds, journal, clock, progress);
      GitHosting hosting =
          new GitHosting(platformData, projects, platform.releasedTags(), platform);
      // Workspaces live outside the data directory (which the sandbox hides): traversable, not
      // listable.
      Path workRoot = Files.createTempDirectory("provenant-work-");
      Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwx--x--x"));
      BubblewrapRunner runner =
          BubblewrapRunner.create(
              BubblewrapConfig.defaults(workRoot, dir.resolve("work/outputs"), dir));
      Path generatorSocket = dir.resolve(GENERATOR_SOCKET);
      BuildPipeline pipeline =
          new BuildPipeline(
              projects,
              hosting,
              runner,
              generatorSocket,
              builds,
              releases,
              identity,
              dir.resolve("work/scratch"),
              dir.resolve("logs/builds"),
              clock,
              ImageRegistries.publisher(dir));
      Rebuilder rebuilder =
          new Rebuilder(
              projects,
              hosting,
              runner,
              builds.rebuilds(),
              dir.resolve("work/scratch"),
              dir.resolve("logs/rebuilds"),
              clock);
      return new PlatformCore(
          builds,
          releases,
          projects,
          journal,
          platform,
          hosting,
          pipeline,
          generatorSocket,
          rebuilder,
          progress);
    } catch (Exception e) {
      builds.close();
      throw e;
    }
  }

  /**
   * Finishes what stopped processes left, then starts {@code count} runner threads named after
   * {@code prefix}.
   */
  void startRunners(int count, String prefix, Duration heartbeat) throws IOException {
    platform.start(pipeline, releases, count, prefix, heartbeat);
    if (count > 0) {
      // One rebuild at a time per process, beside its build runners.
      rebuildWorker =
          RebuildWorker.start(
              builds.rebuilds(), rebuilder, prefix + "-rebuild", heartbeat, progress);
    }
  }

  @Override
  public void close() throws IOException {
    if (rebuildWorker != null) {
      rebuildWorker.close();
    }
    platform.close();
    builds.close();
  }
}
