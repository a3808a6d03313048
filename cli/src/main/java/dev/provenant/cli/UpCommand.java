package dev.provenant.cli;

import dev.provenant.platform.up.Up;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code provenant up --data DIR}: the whole build platform on loopback, until SIGTERM. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole chain on loopback: transparency log, hosted git, build platform with its bubblewrap runner,",
      "the separate provenance generator and the workload OIDC issuer, keyless CA with CT and TSA.",
      "Writes DIR/instance.json when ready (and DIR/admin.token, mode 0600). SIGTERM stops it cleanly;",
      "starting again on the same DIR keeps keys, ports, log, projects, builds and releases."
    })
final class UpCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "The instance's data directory.")
  Path data;

  @Mixin QueueOptions queue;

  @Option(
      names = "--runners",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Runner threads (default ${DEFAULT-VALUE}; 0 with --postgres when `provenant runner`"
              + " processes take the builds).")
  int runners;

  @Override
  public Integer call() throws Exception {
    Up.Config config;
    try {
      if (runners < 0 || (runners == 0 && queue.postgres == null)) {
        throw new IllegalArgumentException(
            "--runners: expected at least 1 (0 only with --postgres), got " + runners);
      }
      config =
          new Up.Config(
              data, queue.postgres, queue.pgUser, queue.password(), runners, queue.lease());
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("FAILED: usage: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    Up up;
    try {
      up = Up.start(config, line -> System.err.println("provenant " + line));
    } catch (Exception e) {
      System.err.println("FAILED: up: " + e.getMessage());
      return ExitCode.UNREACHABLE.code();
    }
    return Serving.untilStopped("up", up);
  }
}
