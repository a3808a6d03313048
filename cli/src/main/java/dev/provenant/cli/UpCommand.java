package dev.provenant.cli;

import dev.provenant.platform.up.Up;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The instance's data directory.")
  Path data;

  @Option(names = "--postgres", paramLabel = "JDBC-URL",
      description = "Keep the build queue in PostgreSQL (several runner processes); default: embedded files.")
  String postgres;

  @Option(names = "--pg-user", paramLabel = "USER")
  String pgUser;

  @Option(names = "--pg-password-file", paramLabel = "FILE")
  Path pgPasswordFile;

  @Option(names = "--runners", defaultValue = "1", paramLabel = "N", description = "Runner threads (default ${DEFAULT-VALUE}).")
  int runners;

  @Override
  public Integer call() throws Exception {
    String password = null;
    if (pgPasswordFile != null) {
      password = java.nio.file.Files.readString(pgPasswordFile).trim();
    }
    Up up;
    try {
      up = Up.start(new Up.Config(data, postgres, pgUser, password, runners), line -> System.err.println("provenant " + line));
    } catch (Exception e) {
      System.err.println("FAILED: up: " + e.getMessage());
      return ExitCode.UNREACHABLE.code();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("provenant up: stopping");
      up.close();
      stopped.countDown();
    }));
    stopped.await();
    return ExitCode.VERIFIED.code();
  }
}
