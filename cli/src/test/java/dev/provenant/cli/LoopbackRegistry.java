package dev.provenant.cli;

import dev.provenant.core.testing.Skip;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A docker-registry (distribution 2.8, no referrers API, deletes enabled) this test owns, on a free
 * loopback port, so that a test can stop it; configured as scripts/test.d/45-registry.sh configures
 * its open registry.
 */
final class LoopbackRegistry implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Process process;
  private final String address;

  private LoopbackRegistry(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /** Starts one with its storage under {@code dir}. */
  static LoopbackRegistry start(Path dir) throws IOException, InterruptedException {
    Skip.unless(
        Files.isExecutable(BINARY),
        "docker-registry (scripts/test.d/45-registry.sh install: apt-get install docker-registry)");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir.resolve("storage"));
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: warn",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("storage"),
            "  delete:",
            "    enabled: true",
            "http:",
            "  addr: 127.0.0.1:" + port,
            "  secret: provenant-test-" + port,
            ""));
    Process p =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return new LoopbackRegistry(p, "127.0.0.1:" + port);
      } catch (IOException e) {
        if (!p.isAlive()) {
          throw new IOException(
              "docker-registry exited: " + Files.readString(dir.resolve("registry.log")), e);
        }
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IOException("docker-registry did not listen on 127.0.0.1:" + port);
  }

  /** {@code 127.0.0.1:PORT}. */
  String address() {
    return address;
  }

  /** Stops it (idempotent): the registry stops answering, as a registry that went down. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
