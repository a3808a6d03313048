package dev.provenant.cli.platform;

import static dev.provenant.cli.platform.PlatformProcesses.awaitLine;
import static dev.provenant.cli.platform.PlatformProcesses.kill9;
import static dev.provenant.cli.platform.PlatformProcesses.provenant;
import static dev.provenant.cli.platform.PlatformProcesses.read;
import static dev.provenant.cli.platform.PlatformProcesses.size;
import static dev.provenant.cli.platform.PlatformProcesses.stop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.platform.release.ReleaseFile;
import dev.provenant.platform.release.ReleaseManifest;
import dev.provenant.platform.up.Instance;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provenant up} as a real process, SIGKILLed twice: once while a build sleeps in the
 * sandbox, once while its (large) release is being staged. A watcher checks all along that every
 * release directory visible under {@code DIR/releases} is whole (manifest and every listed file at
 * its size). After each restart on the same directory the instance serves again on the same ports
 * with the same builder id, the earlier release still downloads, and the interrupted build is
 * retried and released.
 */
class UpCrashTest {
  private static final long MIB = 1024 * 1024;
  @TempDir Path tmp;
  private Process up;
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile boolean watching = true;

  @AfterEach
  void stopUp() throws Exception {
    watching = false;
    stop(up);
  }

  @Test
  void sigkillOfUp_midBuildAndMidStaging_leavesNoPartialRelease_andResumesOnRestart()
      throws Exception {
    PlatformProcesses.requireTools(tmp);
    Path dir = tmp.resolve("instance");
    Path log = tmp.resolve("logs/up.log");
    up = provenant(log, "up", "--data", dir.toString());
    awaitLine(up, log, 0, "up: ready", 90_000);
    Instance before = Instance.read(dir.resolve(Instance.FILE));
    String ports = Files.readString(dir.resolve("ports.properties"));
    Thread watcher = new Thread(() -> watch(dir.resolve("releases")), "release-watcher");
    watcher.setDaemon(true);
    watcher.start();

    PlatformProcesses.Project project =
        PlatformProcesses.Project.create(tmp, dir.resolve(Instance.FILE), "crashy");
    project.commitAndTag(
        "v0.9.0", Map.of("VERSION", "0.9.0\n", ".provenant/build.yaml", definition("")));
    project.push("v0.9.0");
    JsonNode old = project.awaitFinal("v0.9.0", 120_000);
    assertThat(old.path("status").asText()).as("%s %s", old, read(log)).isEqualTo("released");

    // 1. SIGKILL while the build sleeps in the sandbox.
    project.commitAndTag(
        "v1.0.0", Map.of("VERSION", "1.0.0\n", ".provenant/build.yaml", definition("sleep 8 && ")));
    project.push("v1.0.0");
    project.await("v1.0.0", r -> r.path("status").asText().equals("building"), 60_000);
    Thread.sleep(2000);
    assertThat(project.client.release("crashy", "v1.0.0").path("status").asText())
        .isEqualTo("building");
    kill9(up);
    assertThat(dir.resolve("releases/crashy/v1.0.0")).doesNotExist();
    long mark = size(log);
    up = provenant(log, "up", "--data", dir.toString());
    awaitLine(up, log, mark, "up: ready", 90_000);
    assertServesAsBefore(dir, before, ports, project, old);
    JsonNode retried = project.awaitFinal("v1.0.0", 120_000);
    assertThat(retried.path("status").asText())
        .as("%s %s", retried, read(log))
        .isEqualTo("released");
    assertThat(retried.path("build").path("attempt").asInt()).isEqualTo(2);
    assertThat(read(log)).contains("was interrupted: queued again, attempt 2");

    // 2. SIGKILL while the release is staged: outputs large enough that copying them into the
    // release store takes a while; the kill follows the staging directory's appearance.
    project.commitAndTag(
        "v1.1.0",
        Map.of(
            "VERSION",
            "1.1.0\n",
            ".provenant/build.yaml",
            String.join(
                "\n",
                "steps:",
                "  - run: mkdir -p dist && head -c "
                    + 100 * MIB
                    + " /dev/zero > dist/big-a.bin && head -c "
                    + 100 * MIB
                    + " /dev/zero > dist/big-b.bin",
                "outputs:",
                "  - dist/*",
                "")));
    project.push("v1.1.0");
    Path staging = dir.resolve("releases/.staging");
    long deadline = System.currentTimeMillis() + 120_000;
    Path staged = null;
    while (staged == null && System.currentTimeMillis() < deadline) {
      staged = firstChild(staging);
      if (staged == null) {
        Thread.sleep(5);
      }
    }
    assertThat(staged).as("a staging directory of v1.1.0; %s", read(log)).isNotNull();
    kill9(up);
    boolean sealedAtKill = Files.exists(staged.resolve(ReleaseManifest.FILE));
    assertThat(dir.resolve("releases/crashy/v1.1.0")).doesNotExist();
    mark = size(log);
    up = provenant(log, "up", "--data", dir.toString());
    awaitLine(up, log, mark, "up: ready", 90_000);
    assertServesAsBefore(dir, before, ports, project, old);
    JsonNode big = project.awaitFinal("v1.1.0", 180_000);
    assertThat(big.path("status").asText()).as("%s %s", big, read(log)).isEqualTo("released");
    // Killed before the commit point: attempt 2 builds it again. (Killed between the store's
    // "released" mark and the rename, recovery publishes attempt 1's sealed release instead.)
    String recovered = read(log).substring((int) mark);
    if (recovered.contains("recovered release of build")) {
      assertThat(big.path("build").path("attempt").asInt()).isEqualTo(1);
    } else {
      assertThat(big.path("build").path("attempt").asInt()).isEqualTo(2);
    }
    assertThat(firstChild(staging)).as("staging left behind").isNull();

    watching = false;
    watcher.join();
    assertThat(violations).as("partial releases seen").isEmpty();
    System.out.printf(
        "UpCrashTest: killed mid-build and mid-staging (sealed at kill: %s); both released after"
            + " restart, attempt %d of the staged one%n",
        sealedAtKill, big.path("build").path("attempt").asInt());
  }

  private static String definition(String before) {
    return String.join(
        "\n",
        "steps:",
        "  - run: "
            + before
            + "mkdir -p dist && printf 'crashy %s\\n' \"$(cat VERSION)\" > dist/crashy.txt",
        "outputs:",
        "  - dist/*",
        "");
  }

  /** Same ports, same builder id, health answering, the release made before the crash intact. */
  private void assertServesAsBefore(
      Path dir, Instance before, String ports, PlatformProcesses.Project project, JsonNode old)
      throws Exception {
    assertThat(Files.readString(dir.resolve("ports.properties"))).isEqualTo(ports);
    Instance after = Instance.read(dir.resolve(Instance.FILE));
    assertThat(after.web()).isEqualTo(before.web());
    assertThat(after.builderId()).isEqualTo(before.builderId());
    java.net.http.HttpResponse<String> health =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(after.web() + "/healthz"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode again = project.client.release("crashy", "v0.9.0");
    assertThat(again.path("buildId").asText()).isEqualTo(old.path("buildId").asText());
    Path dl = tmp.resolve("old-" + System.nanoTime());
    project.client.download(again.path("files").path(0).path("url").asText(), dl);
    assertThat(Files.readString(dl)).isEqualTo("crashy 0.9.0\n");
  }

  private static Path firstChild(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return null;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        return p;
      }
    }
    return null;
  }

  /** Every visible release is whole: its manifest and every file it lists, at the listed size. */
  private void watch(Path releases) {
    while (watching) {
      try (DirectoryStream<Path> projects =
          Files.newDirectoryStream(releases, Files::isDirectory)) {
        for (Path p : projects) {
          if (p.getFileName().toString().startsWith(".")) {
            continue;
          }
          try (DirectoryStream<Path> tags = Files.newDirectoryStream(p)) {
            for (Path t : tags) {
              check(t);
            }
          }
        }
      } catch (IOException e) {
        // Not created yet.
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void check(Path release) throws IOException {
    Path m = release.resolve(ReleaseManifest.FILE);
    if (!Files.isRegularFile(m)) {
      violations.add(release + ": no manifest");
      return;
    }
    ReleaseManifest manifest = ReleaseManifest.parse(Files.readAllBytes(m));
    for (ReleaseFile f : manifest.files()) {
      Path file = release.resolve("files").resolve(f.name());
      if (!Files.isRegularFile(file) || Files.size(file) != f.size()) {
        violations.add(release + ": " + f.name() + " missing or not " + f.size() + " bytes");
      }
    }
    if (!Files.isRegularFile(release.resolve("files").resolve(manifest.provenance()))) {
      violations.add(release + ": no provenance");
    }
  }
}
