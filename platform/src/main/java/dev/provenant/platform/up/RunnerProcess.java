package dev.provenant.platform.up;

import dev.provenant.platform.oidc.PlatformIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@code provenant runner}: runner threads in a process of their own, taking builds from the
 * instance's PostgreSQL queue and running them through the same pipeline as {@code up} (wired by
 * the same {@link PlatformCore}).
 *
 * <p>What a runner needs: the PostgreSQL queue {@code up} was started with; the instance's data
 * directory as {@code up} sees it — hosted repositories and projects ({@code DIR/platform}), the
 * release store ({@code DIR/releases}), {@code DIR/instance.json} (the builder identity) and the
 * generator's socket ({@code DIR/private/generator/generator.sock}, which only a process of the
 * instance's user can open); bubblewrap. On this machine that is the same directory; on other
 * machines {@code DIR} must be one shared file system (NFS or similar) mounted at the same path,
 * with atomic rename, so that a release published by any runner is one rename in the shared release
 * store — and the generator's unix socket is only reachable on the machine that runs {@code up}, so
 * across machines the generator's socket must be forwarded to each runner.
 *
 * <p>A runner that dies (SIGKILL, machine lost) stops renewing its builds' leases; when a lease
 * lapses any other runner (or {@code up}) queues the build again for a second attempt, or fails it
 * after the second. A runner whose lease was taken over cannot release: the store only marks a
 * build released for the runner holding it, and only once per tag.
 */
public final class RunnerProcess implements AutoCloseable {
  /**
   * @param data the instance's data directory (written by {@code up})
   * @param runners runner threads in this process (at least one)
   * @param lease how long a claimed build stays this runner's without a heartbeat
   */
  public record Config(
      Path data,
      String postgresUrl,
      String postgresUser,
      String postgresPassword,
      int runners,
      Duration lease) {
    public Config {
      if (postgresUrl == null || postgresUrl.isBlank()) {
        throw new IllegalArgumentException(
            "a runner process needs the instance's PostgreSQL queue (--postgres)");
      }
      if (runners < 1) {
        throw new IllegalArgumentException("expected at least one runner thread, got " + runners);
      }
      if (lease == null || lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("expected a positive lease, got " + lease);
      }
    }
  }

  private final PlatformCore core;

  private RunnerProcess(PlatformCore core) {
    this.core = core;
  }

  /**
   * Opens the instance's stores and starts the runner threads.
   *
   * @throws IOException when {@code DIR/instance.json} is missing (start {@code up} first) or a
   *     store cannot be opened
   */
  public static RunnerProcess start(Config c, Consumer<String> progress) throws Exception {
    Path dir = c.data().toAbsolutePath().normalize();
    Path instanceFile = dir.resolve(Instance.FILE);
    if (!Files.isRegularFile(instanceFile)) {
      throw new IOException(
          "no "
              + instanceFile
              + ": start `provenant up --data "
              + dir
              + " --postgres ...` first (the runner takes the instance's identity from it)");
    }
    Instance instance = Instance.read(instanceFile);
    PlatformIdentity identity = PlatformIdentity.of(instance.web());
    PlatformCore core =
        PlatformCore.open(
            dir,
            new PlatformCore.Queue(
                c.postgresUrl(), c.postgresUser(), c.postgresPassword(), c.lease()),
            identity,
            Clock.systemUTC(),
            progress);
    try {
      if (!Files.exists(core.generatorSocket)) {
        progress.accept(
            "runner: warning: no generator socket at "
                + core.generatorSocket
                + " yet; builds fail with PROVENANCE_FAILED until up's generator listens there");
      }
      core.startRunners(
          c.runners(), "runner-" + ProcessHandle.current().pid(), c.lease().dividedBy(3));
    } catch (Exception e) {
      core.close();
      throw e;
    }
    progress.accept(
        "runner: "
            + c.runners()
            + " bubblewrap runner(s) of "
            + instance.builderId()
            + " taking builds from the PostgreSQL queue");
    return new RunnerProcess(core);
  }

  @Override
  public void close() throws IOException {
    core.close();
  }
}
