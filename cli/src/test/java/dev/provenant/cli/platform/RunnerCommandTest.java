package dev.provenant.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.cli.Main;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad invocations of {@code runner} and {@code up}'s queue options: a typed exit, nothing started.
 */
class RunnerCommandTest {
  @TempDir Path tmp;

  @Test
  void runner_withoutPostgres_isAUsageError() {
    assertThat(Main.run("runner", "--data", tmp.toString())).isEqualTo(2);
  }

  @Test
  void runner_zeroThreadsOrLease_isAUsageError() {
    assertThat(
            Main.run(
                "runner",
                "--data",
                tmp.toString(),
                "--postgres",
                "jdbc:postgresql://127.0.0.1:1/x",
                "--runners",
                "0"))
        .isEqualTo(2);
    assertThat(
            Main.run(
                "runner",
                "--data",
                tmp.toString(),
                "--postgres",
                "jdbc:postgresql://127.0.0.1:1/x",
                "--lease-seconds",
                "0"))
        .isEqualTo(2);
  }

  @Test
  void runner_beforeUpWroteTheInstance_failsUnreachable() {
    assertThat(
            Main.run(
                "runner",
                "--data",
                tmp.resolve("none").toString(),
                "--postgres",
                "jdbc:postgresql://127.0.0.1:1/x"))
        .isEqualTo(6);
  }

  @Test
  void up_zeroRunnersWithTheEmbeddedQueue_isAUsageError() {
    assertThat(Main.run("up", "--data", tmp.toString(), "--runners", "0")).isEqualTo(2);
  }
}
