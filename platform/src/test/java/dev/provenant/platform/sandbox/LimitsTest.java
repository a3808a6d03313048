package dev.provenant.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsTest {
  @Test
  void defaults_matchIssue9() {
    assertThat(Limits.DEFAULTS.memoryBytes()).isEqualTo(4L << 30);
    assertThat(Limits.DEFAULTS.pids()).isEqualTo(512);
    assertThat(Limits.DEFAULTS.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(Limits.DEFAULTS.fileSizeBytes()).isEqualTo(2L << 30);
  }

  @Test
  void lowerTo_requestAboveOperator_keepsOperatorLimit() {
    Limits asked = new Limits(8L << 30, 100, 4000, Duration.ofHours(2), 1L << 20);
    Limits effective = Limits.DEFAULTS.lowerTo(asked);
    assertThat(effective)
        .isEqualTo(new Limits(4L << 30, 100, 2000, Duration.ofMinutes(30), 1L << 20));
  }

  @Test
  void constructor_nonPositive_throws() {
    assertThatThrownBy(() -> new Limits(4L << 30, 0, 1000, Duration.ofMinutes(1), 1L << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pids");
    assertThatThrownBy(() -> new Limits(4L << 30, 1, 1000, Duration.ZERO, 1L << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }

  @Test
  void request_outputPatternOutsideWorkspace_throws() {
    assertThatThrownBy(
            () ->
                new SandboxRequest(
                    "b1",
                    Path.of("src"),
                    List.of("true"),
                    List.of("../x"),
                    Limits.DEFAULTS,
                    List.of(),
                    Path.of("log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relative");
    assertThatThrownBy(
            () ->
                new SandboxRequest(
                    "../b",
                    Path.of("src"),
                    List.of("true"),
                    List.of(),
                    Limits.DEFAULTS,
                    List.of(),
                    Path.of("log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buildId");
    assertThatThrownBy(
            () ->
                new SandboxRequest(
                    "b1",
                    Path.of("src"),
                    List.of("true"),
                    List.of(),
                    Limits.DEFAULTS,
                    List.of("http://evil/"),
                    Path.of("log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
  }
}
