package dev.provenant.platform.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorMainTest {
  @TempDir Path dir;

  int run(ByteArrayOutputStream err, String... args) {
    return GeneratorMain.run(
        args,
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void run_noConfigOption_usageExit2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "--socket", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("FAILED: usage");
  }

  @Test
  void run_configMissingCaUrl_configExit2() throws Exception {
    Path cfg = dir.resolve("c.json");
    Files.writeString(
        cfg,
        "{\"platformUrl\":\"http://127.0.0.1:1\",\"socket\":\""
            + dir.resolve("g/s.sock")
            + "\",\"issuerSocket\":\""
            + dir.resolve("i/s.sock")
            + "\",\"rekorUrl\":\"http://127.0.0.1:2\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "--config", cfg.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("caUrl");
  }

  @Test
  void run_validConfigStdinClosed_listensThenExits0() throws Exception {
    Path cfg = dir.resolve("c.json");
    Files.writeString(
        cfg,
        "{\"platformUrl\":\"http://127.0.0.1:1\",\"socket\":\""
            + dir.resolve("g/s.sock")
            + "\",\"issuerSocket\":\""
            + dir.resolve("i/s.sock")
            + "\",\"caUrl\":\"http://127.0.0.1:3\",\"rekorUrl\":\"http://127.0.0.1:2\"}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc =
        GeneratorMain.run(
            new String[] {"--config", cfg.toString()},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(GeneratorMain.READY + dir.resolve("g/s.sock") + System.lineSeparator());
    assertThat(dir.resolve("g/s.sock")).doesNotExist();
  }
}
