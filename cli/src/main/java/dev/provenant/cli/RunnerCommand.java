package dev.provenant.cli;

import dev.provenant.platform.up.RunnerProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code provenant runner --data DIR --postgres URL}: runner threads in a process of their own. */
@Command(
    name = "runner",
    mixinStandardHelpOptions = true,
    description = {
      "Run builds of an instance started with `provenant up --postgres URL`: take them from the same",
      "PostgreSQL queue (FOR UPDATE SKIP LOCKED, leases renewed by heartbeats) and run them through the same",
      "pipeline (bubblewrap sandbox, the instance's generator, the shared release store).",
      "Needs the instance's data directory as up sees it (hosted repositories, releases, instance.json and",
      "the generator's socket): on another machine, DIR must be a shared file system mounted at the same path",
      "and the generator's socket reachable there. SIGTERM stops it; a SIGKILLed runner's builds are retried",
      "by another runner once their lease lapses."
    })
final class RunnerCommand implements Callable<Integer> {
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
      description = "Runner threads (default ${DEFAULT-VALUE}).")
  int runners;

  @Override
  public Integer call() throws Exception {
    RunnerProcess.Config config;
    try {
      config =
          new RunnerProcess.Config(
              data, queue.postgres, queue.pgUser, queue.password(), runners, queue.lease());
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("FAILED: usage: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    RunnerProcess runner;
    try {
      runner = RunnerProcess.start(config, line -> System.err.println("provenant " + line));
    } catch (Exception e) {
      System.err.println("FAILED: runner: " + e.getMessage());
      return ExitCode.UNREACHABLE.code();
    }
    return Serving.untilStopped("runner", runner);
  }
}
