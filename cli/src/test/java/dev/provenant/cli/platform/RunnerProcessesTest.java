package dev.provenant.cli.platform;

import static dev.provenant.cli.platform.PlatformProcesses.awaitLine;
import static dev.provenant.cli.platform.PlatformProcesses.kill9;
import static dev.provenant.cli.platform.PlatformProcesses.provenant;
import static dev.provenant.cli.platform.PlatformProcesses.read;
import static dev.provenant.cli.platform.PlatformProcesses.stop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.PgTestEnv;
import dev.provenant.platform.release.ReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runner processes sharing one PostgreSQL queue: {@code up --postgres --runners 0} plus two {@code
 * provenant runner} JVMs on the same data directory take 20 signed tags; one runner is SIGKILLed in
 * the middle of a (slow) build, whose lease then lapses and which the other runners retry. Every
 * tag ends released exactly once, by the build the store marked released.
 */
class RunnerProcessesTest {
  private static final int TAGS = 20;
  private static final String SLOW = "v1.0.7";
  @TempDir Path tmp;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Process p : processes) {
      stop(p);
    }
  }

  @Test
  void twentyTags_twoRunnerProcessesAndUp_oneKilledMidBuild_eachTagReleasedOnce() throws Exception {
    PlatformProcesses.requireTools(tmp);
    PgTestEnv pg = PgTestEnv.require();
    String db = pg.freshDatabase("runners");
    Path password = tmp.resolve("pg-password");
    Files.writeString(password, pg.password() + "\n");
    Path dir = tmp.resolve("instance");
    List<String> queue =
        List.of(
            "--data",
            dir.toString(),
            "--postgres",
            db,
            "--pg-user",
            pg.user(),
            "--pg-password-file",
            password.toString(),
            "--lease-seconds",
            "3");

    Path upLog = tmp.resolve("logs/up.log");
    Process up = start(upLog, "up", queue, "--runners", "0");
    awaitLine(up, upLog, 0, "up: ready", 90_000);
    Map<Long, Process> runners = new LinkedHashMap<>();
    Map<Long, Path> runnerLogs = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      Path log = tmp.resolve("logs/runner-" + i + ".log");
      Process r = start(log, "runner", queue, "--runners", "1");
      awaitLine(r, log, 0, "taking builds from the PostgreSQL queue", 60_000);
      runners.put(r.pid(), r);
      runnerLogs.put(r.pid(), log);
    }

    PlatformProcesses.Project project =
        PlatformProcesses.Project.create(tmp, dir.resolve("instance.json"), "fleet");
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < TAGS; i++) {
      String tag = "v1.0." + i;
      tags.add(tag);
      Map<String, String> files = new LinkedHashMap<>();
      files.put("VERSION", "1.0." + i + "\n");
      // The slow tag sleeps in the sandbox long enough to be killed mid-build.
      files.put(
          ".provenant/build.yaml",
          String.join(
              "\n",
              "steps:",
              "  - run: "
                  + (tag.equals(SLOW) ? "sleep 8 && " : "")
                  + "mkdir -p dist && printf 'fleet %s\\n' \"$(cat VERSION)\""
                  + " > dist/fleet.txt",
              "outputs:",
              "  - dist/*",
              ""));
      project.commitAndTag(tag, files);
    }
    project.push(tags.toArray(String[]::new));

    // The slow build, on one of the two runner processes (up runs no runner thread here).
    JsonNode building =
        project.await(
            SLOW,
            r ->
                r.path("status").asText().equals("building")
                    && r.path("build").path("runner").asText().startsWith("runner-"),
            120_000);
    String victimRunner = building.path("build").path("runner").asText();
    long victimPid = Long.parseLong(victimRunner.split("-")[1]);
    assertThat(runners).containsKey(victimPid);
    Thread.sleep(1500);
    assertThat(project.client.release("fleet", SLOW).path("build").path("runner").asText())
        .isEqualTo(victimRunner);
    kill9(runners.get(victimPid));
    long killedAt = System.currentTimeMillis();

    Map<String, JsonNode> released = new LinkedHashMap<>();
    for (String tag : tags) {
      JsonNode r = project.awaitFinal(tag, 180_000);
      assertThat(r.path("status").asText())
          .as("%s: %s\nup: %s", tag, r, read(upLog))
          .isEqualTo("released");
      released.put(tag, r);
    }
    long retriedAfter = System.currentTimeMillis() - killedAt;

    // Exactly one build per tag, released once, and it is the build the release's manifest names.
    try (Connection c = DriverManager.getConnection(db, pg.user(), pg.password())) {
      Set<String> releasingRunners = new HashSet<>();
      for (String tag : tags) {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, status, runner FROM platform_builds WHERE project = 'fleet' AND tag = ?")) {
          ps.setString(1, tag);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
          }
        }
        assertThat(rows).as(tag).hasSize(1);
        assertThat(rows.get(0)[1]).as(tag).isEqualTo("released");
        ReleaseManifest m =
            ReleaseManifest.parse(
                Files.readAllBytes(
                    dir.resolve("releases/fleet").resolve(tag).resolve(ReleaseManifest.FILE)));
        assertThat(m.buildId())
            .as(tag)
            .isEqualTo(rows.get(0)[0])
            .isEqualTo(released.get(tag).path("buildId").asText());
        releasingRunners.add(rows.get(0)[2].replaceAll("-[0-9]+$", ""));
      }
      // The queue was shared: both runner processes released builds (the victim before its death).
      assertThat(releasingRunners).as("runners that released").hasSizeGreaterThanOrEqualTo(2);
    }

    // The killed runner's build: retried (attempt 2) by another runner once the lease lapsed.
    JsonNode slow = project.client.release("fleet", SLOW);
    JsonNode record = slow.path("build");
    assertThat(record.path("attempt").asInt()).as("%s", slow).isEqualTo(2);
    assertThat(record.path("runner").asText()).isNotEqualTo(victimRunner);
    Path dl = tmp.resolve("download");
    project.client.download(slow.path("files").path(0).path("url").asText(), dl);
    assertThat(Files.readString(dl)).isEqualTo("fleet 1.0.7\n");

    // No runner ever lost a release race: nothing was released twice, so nobody was refused.
    StringBuilder allLogs = new StringBuilder(read(upLog));
    for (Path l : runnerLogs.values()) {
      allLogs.append(read(l));
    }
    assertThat(allLogs.toString()).doesNotContain("ALREADY_RELEASED").doesNotContain("INTERNAL");
    System.out.printf(
        "RunnerProcessesTest: %d tags released once; killed runner's build retried and released"
            + " %d ms after the kill%n",
        TAGS, retriedAfter);
  }

  /**
   * A runner paused (SIGSTOP) past its lease is a live zombie, not a dead one: another runner
   * retries its build and releases it; when the zombie resumes it cannot release, fail or overwrite
   * anything — the tag stays released once, by attempt 2.
   */
  @Test
  void pausedRunner_pastItsLease_cannotReleaseAfterTheRetryDid() throws Exception {
    PlatformProcesses.requireTools(tmp);
    PgTestEnv pg = PgTestEnv.require();
    String db = pg.freshDatabase("zombie");
    Path password = tmp.resolve("pg-password");
    Files.writeString(password, pg.password() + "\n");
    Path dir = tmp.resolve("instance");
    List<String> queue =
        List.of(
            "--data",
            dir.toString(),
            "--postgres",
            db,
            "--pg-user",
            pg.user(),
            "--pg-password-file",
            password.toString(),
            "--lease-seconds",
            "3");
    Path upLog = tmp.resolve("logs/up.log");
    Process up = start(upLog, "up", queue, "--runners", "0");
    awaitLine(up, upLog, 0, "up: ready", 90_000);
    Map<Long, Process> runners = new LinkedHashMap<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path log = tmp.resolve("logs/runner-" + i + ".log");
      Process r = start(log, "runner", queue, "--runners", "1");
      awaitLine(r, log, 0, "taking builds from the PostgreSQL queue", 60_000);
      runners.put(r.pid(), r);
      logs.add(log);
    }
    PlatformProcesses.Project project =
        PlatformProcesses.Project.create(tmp, dir.resolve("instance.json"), "zombie");
    project.commitAndTag(
        "v3.0.0",
        Map.of(
            "VERSION",
            "3.0.0\n",
            ".provenant/build.yaml",
            String.join(
                "\n",
                "steps:",
                "  - run: sleep 4 && mkdir -p dist && printf 'zombie %s\\n' \"$(cat VERSION)\" > dist/zombie.txt",
                "outputs:",
                "  - dist/*",
                "")));
    project.push("v3.0.0");
    JsonNode building =
        project.await(
            "v3.0.0",
            r ->
                r.path("status").asText().equals("building")
                    && r.path("build").path("runner").asText().startsWith("runner-"),
            60_000);
    String zombieRunner = building.path("build").path("runner").asText();
    long zombie = Long.parseLong(zombieRunner.split("-")[1]);
    PlatformProcesses.run(tmp, tmp, "kill", "-STOP", Long.toString(zombie));
    JsonNode released;
    try {
      released = project.awaitFinal("v3.0.0", 120_000);
    } finally {
      PlatformProcesses.run(tmp, tmp, "kill", "-CONT", Long.toString(zombie));
    }
    assertThat(released.path("status").asText()).as("%s", released).isEqualTo("released");
    assertThat(released.path("build").path("attempt").asInt()).isEqualTo(2);
    assertThat(released.path("build").path("runner").asText()).isNotEqualTo(zombieRunner);
    // The zombie wakes up, finishes its attempt and is refused by the store (no token for a stale
    // attempt, no update of a build it does not hold).
    Path zombieLog = logs.get(new ArrayList<>(runners.keySet()).indexOf(zombie));
    awaitLine(
        runners.get(zombie),
        zombieLog,
        0,
        "build " + released.path("buildId").asText() + ": failed",
        60_000);
    Thread.sleep(1000);
    JsonNode after = project.client.release("zombie", "v3.0.0");
    assertThat(after.path("status").asText()).isEqualTo("released");
    assertThat(after.path("build").path("status").asText()).isEqualTo("released");
    assertThat(after.path("build").path("attempt").asInt()).isEqualTo(2);
    assertThat(after.path("buildId").asText()).isEqualTo(released.path("buildId").asText());
    try (Connection c = DriverManager.getConnection(db, pg.user(), pg.password());
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM platform_builds WHERE status = 'released'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    try (var staged = Files.list(dir.resolve("releases/.staging"))) {
      assertThat(staged.toList()).as("zombie's staging left behind").isEmpty();
    }
    // A rebuild goes through the same PostgreSQL queue: a runner process takes it (up runs no
    // runner here) and its record is a row beside the builds.
    PlatformProcesses.CliResult rebuilt =
        PlatformProcesses.cli(
            "release",
            "rebuild",
            "zombie",
            "v3.0.0",
            "--instance",
            dir.resolve("instance.json").toString(),
            "--format",
            "json",
            "--timeout",
            "120");
    assertThat(rebuilt.exit()).as("%s %s", rebuilt.err(), logs).isZero();
    assertThat(new ObjectMapper().readTree(rebuilt.out()).path("runner").asText())
        .startsWith("runner-")
        .endsWith("-rebuild");
    try (Connection c = DriverManager.getConnection(db, pg.user(), pg.password());
        PreparedStatement ps =
            c.prepareStatement("SELECT status FROM platform_rebuilds WHERE project = 'zombie'");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("finished");
    }
    System.out.printf(
        "RunnerProcessesTest: the paused runner's late end: %s%n",
        read(zombieLog)
            .lines()
            .filter(l -> l.contains(released.path("buildId").asText()))
            .toList());
  }

  private Process start(Path log, String command, List<String> queue, String... more)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(queue);
    args.addAll(List.of(more));
    Process p = provenant(log, args.toArray(String[]::new));
    processes.add(p);
    return p;
  }
}
