package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs many CLI invocations in one JVM: reads a JSON array of argument vectors, prints one exit
 * code per line. Used by {@link NetworkIsolationTest} inside a network namespace.
 */
public final class CorpusBatch {
  private CorpusBatch() {}

  public static void main(String[] args) throws Exception {
    JsonNode runs = new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0])));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(
        new PrintStream(SlsaCorpusTest.OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8));
    System.setErr(
        new PrintStream(SlsaCorpusTest.OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8));
    for (JsonNode r : runs) {
      List<String> argv = new ArrayList<>();
      r.forEach(a -> argv.add(a.asText()));
      out.println(Main.run(argv.toArray(String[]::new)));
    }
  }
}
