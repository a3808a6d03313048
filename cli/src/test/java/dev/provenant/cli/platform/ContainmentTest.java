package dev.provenant.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.up.Up;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile builds through the whole platform (signed tag pushed with git, trigger, queue, sandbox,
 * API): each tries one escape or exhaustion, each ends {@code failed} with the sandbox's reason in
 * the API and nothing released, and the platform keeps serving and releases a good tag afterwards.
 * A step that breaks out would succeed, and its tag would be released: the test would then fail.
 */
class ContainmentTest {
  @TempDir Path tmp;
  private Up up;
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (up != null) {
      up.close();
    }
  }

  /** One hostile tag: its build.yaml and what its failure reason must say. */
  record Attack(String tag, String yaml, String reason) {}

  @Test
  void hostileBuilds_failWithTheSandboxReason_platformStillServesAndReleases() throws Exception {
    PlatformProcesses.requireTools(tmp);
    Path dir = tmp.resolve("instance");
    up = Up.start(new Up.Config(dir, null, null, null, 2), progress::add);
    Instance instance = Instance.read(dir.resolve(Instance.FILE));
    int webPort = URI.create(instance.web()).getPort();
    String data = dir.toAbsolutePath().toString();

    List<Attack> attacks =
        List.of(
            // The platform's data directory: the admin token and the workload issuer's signing key.
            // Either one readable is a leak (and a release).
            new Attack(
                "v1.0.1",
                steps(
                    "{ cat '"
                        + data
                        + "/admin.token' || cat '"
                        + data
                        + "/private/issuer/'*; }"
                        + " > dist/leak.txt || exit 41"),
                "BUILD_FAILED: FAILED: a step exited with status 41"),
            // The platform's own web port on the host's loopback (the API, the issuer's discovery).
            new Attack(
                "v1.0.2",
                steps(
                    "perl -MIO::Socket::INET -e 'exit(IO::Socket::INET->new(PeerAddr =>"
                        + " \"127.0.0.1:"
                        + webPort
                        + "\", Timeout => 2) ? 0 : 1)' || exit 42; echo reached > dist/leak.txt"),
                "BUILD_FAILED: FAILED: a step exited with status 42"),
            // Any socket to the outside without an allow-list: no DNS, no route.
            new Attack(
                "v1.0.3",
                steps(
                    "(getent hosts example.com || perl -MIO::Socket::INET -e 'exit(IO::Socket::INET->new("
                        + "PeerAddr => \"1.1.1.1:443\", Timeout => 2) ? 0 : 1)') || exit 43; echo out > dist/leak.txt"),
                "BUILD_FAILED: FAILED: a step exited with status 43"),
            // Writing outside the workspace.
            new Attack(
                "v1.0.4",
                steps("touch /usr/pwned-by-build || exit 44; echo wrote > dist/leak.txt"),
                "BUILD_FAILED: FAILED: a step exited with status 44"),
            new Attack(
                "v1.0.5",
                steps("f() { f | f & }; f; sleep 20; echo survived > dist/leak.txt"),
                "BUILD_FAILED: KILLED_PIDS"),
            new Attack(
                "v1.0.6",
                steps(
                    "perl -e '$x = \"a\" x (400 * 1024 * 1024); print length($x)' > dist/leak.txt",
                    "  memory: 64m"),
                "BUILD_FAILED: KILLED_MEMORY"),
            new Attack(
                "v1.0.7",
                steps("sleep 60; echo late > dist/leak.txt", "  timeout: 5s"),
                "BUILD_FAILED: TIMED_OUT"));

    // What v1.0.1 goes after is there on the host.
    assertThat(dir.resolve("admin.token")).isReadable();
    try (var issuerFiles = Files.list(dir.resolve("private/issuer"))) {
      assertThat(issuerFiles.count()).isPositive();
    }

    PlatformProcesses.Project project =
        PlatformProcesses.Project.create(tmp, dir.resolve(Instance.FILE), "hostile");
    List<String> tags = new ArrayList<>();
    for (Attack a : attacks) {
      project.commitAndTag(a.tag(), Map.of(".provenant/build.yaml", a.yaml()));
      tags.add(a.tag());
    }
    long t0 = System.currentTimeMillis();
    project.push(tags.toArray(String[]::new));

    Map<String, String> reasons = new LinkedHashMap<>();
    for (Attack a : attacks) {
      JsonNode r = project.awaitFinal(a.tag(), 120_000);
      assertThat(r.path("status").asText())
          .as("%s: %s\n%s", a.tag(), r, progress)
          .isEqualTo("failed");
      assertThat(r.path("reason").asText()).as(a.tag()).startsWith(a.reason());
      assertThat(r.has("files")).as(a.tag() + " released nothing").isFalse();
      assertThat(dir.resolve("releases/hostile").resolve(a.tag())).doesNotExist();
      reasons.put(a.tag(), r.path("reason").asText());
    }
    assertThat(Path.of("/usr/pwned-by-build")).doesNotExist();
    String writeLog =
        Files.readString(
            dir.resolve("logs/builds")
                .resolve(
                    project.client.release("hostile", "v1.0.4").path("buildId").asText() + ".log"));
    assertThat(writeLog).contains("Read-only file system");

    // Still serving: health, and a good tag built and released after all of that.
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(instance.web() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    project.commitAndTag(
        "v1.1.0", Map.of(".provenant/build.yaml", steps("echo good > dist/good.txt")));
    project.push("v1.1.0");
    JsonNode good = project.awaitFinal("v1.1.0", 120_000);
    assertThat(good.path("status").asText()).as("%s\n%s", good, progress).isEqualTo("released");
    System.out.printf(
        "ContainmentTest: %d hostile builds failed in %d ms: %s%n",
        attacks.size(), System.currentTimeMillis() - t0, reasons);
  }

  private static String steps(String run, String... limits) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "steps:",
                "  - run: mkdir -p dist",
                "  - run: " + yamlQuote(run),
                "outputs:",
                "  - dist/*"));
    if (limits.length > 0) {
      lines.add("limits:");
      lines.addAll(List.of(limits));
    }
    lines.add("");
    return String.join("\n", lines);
  }

  /** A YAML single-quoted scalar (quotes doubled), so shell text passes through unchanged. */
  private static String yamlQuote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
