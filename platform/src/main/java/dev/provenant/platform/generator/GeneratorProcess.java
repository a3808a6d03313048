package dev.provenant.platform.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.ipc.JsonLineServer;
import dev.provenant.platform.ipc.PrivateDirectories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The platform's handle on the generator: starts it as a separate JVM ({@code java -cp <this JVM's
 * classpath> GeneratorMain --config FILE}) with an empty environment, waits for its {@code READY}
 * line, sends it requests over its socket, and stops it by closing its stdin.
 */
public final class GeneratorProcess implements AutoCloseable {
  /** The file name the release store publishes the bundle under. */
  public static final String PROVENANCE_FILE = "provenance.intoto.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Path socket;

  private GeneratorProcess(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /**
   * Writes {@code config} to {@code configFile} (0600, in a private directory) and starts the
   * generator with it; its stderr goes to {@code logFile}.
   *
   * @throws IOException if it cannot start or does not report ready within {@code timeout}
   */
  public static GeneratorProcess start(
      GeneratorConfig config, Path configFile, Path logFile, Duration timeout) throws IOException {
    PrivateDirectories.ensure(configFile.toAbsolutePath().getParent());
    PrivateDirectories.writePrivate(
        configFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config.toJson()));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                GeneratorMain.class.getName(),
                "--config",
                configFile.toAbsolutePath().toString()));
    // Nothing of the platform's environment (database passwords, tokens) reaches the generator.
    Map<String, String> env = pb.environment();
    Map<String, String> keep = new HashMap<>();
    for (String k : List.of("LANG", "TZ")) {
      if (env.containsKey(k)) {
        keep.put(k, env.get(k));
      }
    }
    env.clear();
    env.putAll(keep);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Process p = pb.start();
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                return r.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    String line;
    try {
      line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      p.destroyForcibly();
      throw new IOException(
          "generator did not report ready within " + timeout + " (see " + logFile + ")", e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for the generator", e);
    }
    if (line == null || !line.startsWith(GeneratorMain.READY)) {
      p.destroyForcibly();
      throw new IOException(
          "generator failed to start: "
              + (line == null ? "exited" : line)
              + " (see "
              + logFile
              + ")");
    }
    return new GeneratorProcess(p, Path.of(line.substring(GeneratorMain.READY.length())));
  }

  /** The generator's OS process id. */
  public long pid() {
    return process.pid();
  }

  /** The generator's socket. */
  public Path socket() {
    return socket;
  }

  /**
   * Asks the generator for provenance.
   *
   * @throws GeneratorException the generator's typed error, or {@code UNREACHABLE}
   */
  public ProvenanceGenerator.Result generate(GenerationRequest request) throws GeneratorException {
    return generate(socket, request);
  }

  /**
   * Asks the generator listening on {@code socket} for provenance.
   *
   * @throws GeneratorException the generator's typed error, or {@code UNREACHABLE}
   */
  public static ProvenanceGenerator.Result generate(Path socket, GenerationRequest request)
      throws GeneratorException {
    JsonNode r;
    try {
      r = JsonLineServer.call(socket, request.toJson(), 64 << 20);
    } catch (IOException e) {
      throw new GeneratorException(
          GeneratorException.Reason.UNREACHABLE,
          "generator socket " + socket + ": " + e.getMessage(),
          e);
    }
    if (r.path("bundle").isTextual()) {
      Map<String, Long> t = new HashMap<>();
      r.path("timingsMicros")
          .fields()
          .forEachRemaining(e -> t.put(e.getKey(), e.getValue().asLong()));
      return new ProvenanceGenerator.Result(r.get("bundle").asText(), t);
    }
    GeneratorException.Reason why;
    try {
      why = GeneratorException.Reason.valueOf(r.path("error").path("reason").asText(""));
    } catch (IllegalArgumentException e) {
      why = GeneratorException.Reason.UNREACHABLE;
    }
    throw new GeneratorException(
        why, r.path("error").path("message").asText("no bundle in the generator's answer"), null);
  }

  /**
   * Writes {@code result}'s bundle as {@code dir/provenance.intoto.jsonl} (one line).
   *
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path writeProvenance(Path dir, ProvenanceGenerator.Result result)
      throws IOException {
    Path f = dir.resolve(PROVENANCE_FILE);
    Path tmp = dir.resolve(PROVENANCE_FILE + ".tmp");
    Files.writeString(tmp, result.bundle() + "\n", StandardCharsets.UTF_8);
    Files.move(
        tmp,
        f,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return f;
  }

  /** Closes the generator's stdin (it exits), and kills it if it has not exited within 5 s. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already gone.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
