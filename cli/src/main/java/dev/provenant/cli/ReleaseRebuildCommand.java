package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.build.RebuildRecordJson;
import dev.provenant.platform.client.PlatformClient;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.web.AdminCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code provenant release rebuild NAME TAG}: asks the platform to rebuild a release in a fresh
 * sandbox (the platform runs it, not this command), waits, and prints whether each released subject
 * was rebuilt with the same sha256. Reproducibility is evidence beyond SLSA Build L3.
 */
@Command(
    name = "rebuild",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild a release on the platform in a fresh sandbox and compare every subject's sha256"
          + " (needs the admin credential `up` wrote).",
      "Exit 0 when every subject matched, 7 when one differs, is missing or extra or the rebuild"
          + " failed, 1 when the tag moved, 2 on bad input or a refused credential, 4 for an"
          + " unknown project, tag or unreleased tag (or the timeout), 6 when the platform cannot"
          + " run it."
    })
final class ReleaseRebuildCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ReleaseOnInstance release;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--timeout",
      defaultValue = "1800",
      paramLabel = "SECONDS",
      description = "How long to wait for the rebuild (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    String name = release.name;
    String tag = release.tag;
    if (!format.equals("text") && !format.equals("json")) {
      System.err.println("FAILED: usage: unknown --format: expected text | json, got " + format);
      return ExitCode.USAGE.code();
    }
    Instance in;
    try {
      in = release.read();
    } catch (IOException e) {
      System.err.println(
          "FAILED: usage: cannot read the instance file " + release.instance + ": " + e);
      return ExitCode.USAGE.code();
    }
    String token;
    try {
      if (in.adminCredential() == null || !Files.isReadable(in.adminCredential())) {
        throw new IOException(
            "expected the admin credential at " + in.adminCredential() + ", got no readable file");
      }
      token = AdminCredential.read(in.adminCredential()).token();
    } catch (IOException e) {
      System.err.println(
          "FAILED: NO_ADMIN_CREDENTIAL: queueing a rebuild needs the instance's admin credential: "
              + e.getMessage());
      return ExitCode.USAGE.code();
    }
    PlatformClient client = new PlatformClient(in.web(), token);
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    RebuildRecord r;
    try {
      JsonNode queued = client.queueRebuild(name, tag);
      String id = queued.path("id").asText();
      System.err.println("rebuild " + id + " of " + name + " " + tag + " queued");
      String last = null;
      while (true) {
        r = RebuildRecordJson.parse(client.rebuild(name, tag, id));
        if (!r.status().apiName().equals(last)) {
          last = r.status().apiName();
          System.err.println("rebuild " + id + ": " + last);
        }
        if (r.status().isFinal()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          System.err.println(
              "FAILED: TIMEOUT: rebuild "
                  + id
                  + " of "
                  + name
                  + " "
                  + tag
                  + " still "
                  + last
                  + " after "
                  + timeoutSeconds
                  + " s");
          return ExitCode.NOT_FOUND.code();
        }
        Thread.sleep(250);
      }
    } catch (PlatformClient.PlatformException e) {
      System.err.println("FAILED: " + e.code() + ": " + e.getMessage());
      return switch (e.code()) {
        case "UNAUTHORIZED" -> ExitCode.USAGE.code();
        case "UNKNOWN_PROJECT", "UNKNOWN_TAG", "NOT_RELEASED" -> ExitCode.NOT_FOUND.code();
        case "TAG_MOVED" -> ExitCode.POLICY_MISMATCH.code();
        default -> ExitCode.UNREACHABLE.code();
      };
    } catch (IOException e) {
      System.err.println("FAILED: " + e.getMessage());
      return ExitCode.UNREACHABLE.code();
    }

    if (format.equals("json")) {
      try {
        System.out.println(
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(RebuildRecordJson.toJson(r)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("a rebuild record does not serialize", e);
      }
    } else {
      printText(r);
    }
    System.out.flush();
    if (r.reproducible()) {
      System.err.println(
          "PASSED: "
              + name
              + " "
              + tag
              + " rebuilt reproducibly: "
              + r.subjects().size()
              + " of "
              + r.subjects().size()
              + " subjects matched");
      return ExitCode.VERIFIED.code();
    }
    if (r.status() == RebuildRecord.Status.FAILED) {
      System.err.println("FAILED: " + r.failure() + ": " + r.reason());
      if (r.failure() == RebuildRecord.Failure.TAG_MOVED) {
        return ExitCode.POLICY_MISMATCH.code();
      }
      return r.failure().isBuildOutcome()
          ? ExitCode.NOT_REPRODUCIBLE.code()
          : ExitCode.UNREACHABLE.code();
    }
    long matched =
        r.subjects().stream().filter(s -> s.outcome() == RebuildRecord.Outcome.MATCHED).count();
    System.err.println(
        "FAILED: NOT_REPRODUCIBLE: "
            + name
            + " "
            + tag
            + ": expected every subject rebuilt with its released sha256, got "
            + matched
            + " of "
            + r.subjects().size()
            + " matched");
    return ExitCode.NOT_REPRODUCIBLE.code();
  }

  private static void printText(RebuildRecord r) {
    System.out.println(
        "rebuild "
            + r.id()
            + " of "
            + r.project()
            + " "
            + r.tag()
            + " (commit "
            + r.commit()
            + ", released by build "
            + r.buildId()
            + "): "
            + (r.status() == RebuildRecord.Status.FAILED
                ? "failed"
                : r.reproducible() ? "reproducible" : "not reproducible"));
    for (RebuildRecord.Subject s : r.subjects()) {
      System.out.println(
          switch (s.outcome()) {
            case MATCHED -> "MATCHED   " + s.name() + "  sha256 " + s.actualSha256();
            case DIFFERENT ->
                "DIFFERENT "
                    + s.name()
                    + "  expected sha256 "
                    + s.expectedSha256()
                    + ", got "
                    + s.actualSha256();
            case MISSING ->
                "MISSING   " + s.name() + "  expected sha256 " + s.expectedSha256() + ", got none";
            case EXTRA -> "EXTRA     " + s.name() + "  sha256 " + s.actualSha256();
          });
    }
    JsonNode sb = r.sandbox();
    if (sb.size() > 0) {
      System.out.println(
          "sandbox: "
              + sb.path("runner").asText()
              + ", limits "
              + sb.path("limits")
              + ", network "
              + sb.path("network").asText());
    }
    System.out.println(
        "timing: requested "
            + r.requestedAt()
            + ", started "
            + r.startedAt()
            + ", finished "
            + r.finishedAt()
            + ", phases (ms) "
            + r.phases());
  }
}
