package dev.provenant.platform.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.platform.ipc.JsonLineServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The provenance generator process: {@code java -cp <platform classpath>
 * dev.provenant.platform.generator.GeneratorMain --config FILE}.
 *
 * <p>Listens on the UNIX socket named in the config (its directory 0700) for {@link
 * GenerationRequest} lines and answers {@code {"bundle":"<bundle JSON>","timingsMicros":{...}}} or
 * {@code {"error":{"reason":R,"message":M}}} with R a {@link GeneratorException.Reason}. Prints
 * {@code READY <socket>} on stdout once listening; exits when its stdin closes (the platform that
 * started it is gone) or on SIGTERM. Exit 2 on bad usage or config, 1 if it cannot listen.
 */
public final class GeneratorMain {
  /** The first stdout line once the socket accepts requests. */
  public static final String READY = "READY ";

  /**
   * Requests beyond this size are refused unread (a release with thousands of files fits easily).
   */
  static final int MAX_REQUEST_BYTES = 16 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private GeneratorMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    if (args.length != 2 || !args[0].equals("--config")) {
      err.println("FAILED: usage: GeneratorMain --config FILE");
      return 2;
    }
    GeneratorConfig config;
    try {
      config = GeneratorConfig.read(Path.of(args[1]));
    } catch (IOException e) {
      err.println("FAILED: config: " + e.getMessage());
      return 2;
    }
    ProvenanceGenerator generator = new ProvenanceGenerator(config);
    JsonLineServer server;
    try {
      server =
          JsonLineServer.start(
              config.socket(),
              MAX_REQUEST_BYTES,
              2,
              "generator",
              req -> handle(generator, req, err));
    } catch (IOException e) {
      err.println("FAILED: listen on " + config.socket() + ": " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    out.println(READY + server.socket());
    out.flush();
    // Long-lived, but never orphaned: the platform holds our stdin open while it runs.
    try {
      while (stdin.read() >= 0) {
        // Input is not a channel for requests; ignore it.
      }
    } catch (IOException e) {
      // The pipe broke: same as closed.
    }
    server.close();
    return 0;
  }

  static ObjectNode handle(ProvenanceGenerator generator, JsonNode req, PrintStream err) {
    try {
      ProvenanceGenerator.Result r = generator.generate(GenerationRequest.parse(req));
      ObjectNode ok = JSON.createObjectNode();
      ok.put("bundle", r.bundle());
      ObjectNode t = ok.putObject("timingsMicros");
      r.timingsMicros().forEach(t::put);
      err.println(
          "generator: build "
              + req.path("buildId").asText()
              + " attempt "
              + req.path("attempt").asText()
              + ": signed; "
              + r.timingsMicros());
      return ok;
    } catch (GeneratorException e) {
      err.println("generator: build " + req.path("buildId").asText() + ": " + e.getMessage());
      return JsonLineServer.error(e.reason().name(), e.getMessage());
    } catch (RuntimeException e) {
      // A bug must not take the long-lived process down or leave the platform waiting.
      err.println("generator: internal error: " + e);
      String m = e.toString();
      return JsonLineServer.error("INTERNAL", m.length() > 500 ? m.substring(0, 500) : m);
    }
  }
}
