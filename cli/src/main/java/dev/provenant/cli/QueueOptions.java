package dev.provenant.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The build queue options {@code up} and {@code runner} share (one declaration for both). */
final class QueueOptions {
  @Option(
      names = "--postgres",
      paramLabel = "JDBC-URL",
      description =
          "Keep the build queue in PostgreSQL (several runner processes); default: embedded files.")
  String postgres;

  @Option(names = "--pg-user", paramLabel = "USER")
  String pgUser;

  @Option(names = "--pg-password-file", paramLabel = "FILE")
  Path pgPasswordFile;

  @Option(
      names = "--lease-seconds",
      defaultValue = "60",
      paramLabel = "N",
      description =
          "How long a claimed build stays a runner's without a heartbeat (PostgreSQL queue; default"
              + " ${DEFAULT-VALUE}); a build whose runner died is retried once its lease lapses.")
  int leaseSeconds;

  /** The password file's first line, or null without one. */
  String password() throws IOException {
    return pgPasswordFile == null ? null : Files.readString(pgPasswordFile).trim();
  }

  /** The lease; a usage error below one second. */
  Duration lease() {
    if (leaseSeconds < 1) {
      throw new IllegalArgumentException(
          "--lease-seconds: expected at least 1, got " + leaseSeconds);
    }
    return Duration.ofSeconds(leaseSeconds);
  }
}
