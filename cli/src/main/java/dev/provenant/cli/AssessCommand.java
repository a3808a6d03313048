package dev.provenant.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.assess.Assessment;
import dev.provenant.platform.assess.AssessmentFormats;
import dev.provenant.platform.client.PlatformClient;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code provenant assess NAME TAG}: a release's SLSA Build L3 assessment, computed by the platform
 * from the stored release (verified with Provenant's verifier) and its records of the build;
 * markdown reproduces the producer and build-platform tables a project publishes as its SLSA page.
 */
@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description = {
      "Print a release's SLSA Build L3 assessment, generated from its evidence.",
      "Exit 0 when every L3 requirement is met, 1 when one is not, 2 on bad input, 6 when the instance does not answer."
    })
final class AssessCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ReleaseOnInstance release;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|markdown|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    String name = release.name;
    String tag = release.tag;
    if (!format.equals("text") && !format.equals("markdown") && !format.equals("json")) {
      System.err.println(
          "FAILED: usage: unknown --format: expected text | markdown | json, got " + format);
      return ExitCode.USAGE.code();
    }
    Assessment a;
    try {
      PlatformClient client = new PlatformClient(release.read().web(), null);
      a = Assessment.fromJson(client.assessment(name, tag));
    } catch (PlatformClient.PlatformException e) {
      System.err.println("FAILED: " + e.code() + ": " + e.getMessage());
      return e.status() == 404 ? ExitCode.NOT_FOUND.code() : ExitCode.UNREACHABLE.code();
    } catch (IOException e) {
      System.err.println("FAILED: " + e.getMessage());
      return ExitCode.UNREACHABLE.code();
    }
    try {
      System.out.print(
          switch (format) {
            case "json" ->
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a.toJson()) + "\n";
            case "markdown" -> AssessmentFormats.markdown(a);
            default -> AssessmentFormats.text(a);
          });
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("assessment does not serialize", e);
    }
    System.out.flush();
    System.err.println(
        a.meetsL3()
            ? "PASSED: SLSA Build L3 met by " + name + " " + tag
            : "FAILED: SLSA Build L3 not met by " + name + " " + tag);
    return a.meetsL3() ? ExitCode.VERIFIED.code() : ExitCode.POLICY_MISMATCH.code();
  }
}
