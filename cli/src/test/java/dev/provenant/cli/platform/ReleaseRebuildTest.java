package dev.provenant.cli.platform;

import static dev.provenant.cli.platform.PlatformProcesses.awaitLine;
import static dev.provenant.cli.platform.PlatformProcesses.cli;
import static dev.provenant.cli.platform.PlatformProcesses.provenant;
import static dev.provenant.cli.platform.PlatformProcesses.read;
import static dev.provenant.cli.platform.PlatformProcesses.size;
import static dev.provenant.cli.platform.PlatformProcesses.stop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.cli.platform.PlatformProcesses.CliResult;
import dev.provenant.cli.platform.PlatformProcesses.Project;
import dev.provenant.platform.up.Instance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provenant release rebuild} against {@code up} as a real process with the bubblewrap
 * sandbox: a deterministic release rebuilds with every subject matched and the assessment and the
 * release page show it; a build that writes the time into one output rebuilds with that subject
 * (and the checksum list that lists it) different, both digests named, the others matched, exit 7;
 * unknown tags, unreleased tags and missing or wrong admin credentials are refused; the records
 * survive a restart of {@code up}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseRebuildTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEX64 = "[0-9a-f]{64}";
  @TempDir static Path tmp;
  private Path dir;
  private Path log;
  private Path instanceFile;
  private Instance instance;
  private Process up;
  private Project steady;
  private Project jittery;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    PlatformProcesses.requireTools(tmp);
    dir = tmp.resolve("instance");
    log = tmp.resolve("logs/up.log");
    up = provenant(log, "up", "--data", dir.toString());
    awaitLine(up, log, 0, "up: ready", 120_000);
    instanceFile = dir.resolve(Instance.FILE);
    instance = Instance.read(instanceFile);

    steady = Project.create(tmp, instanceFile, "steady");
    steady.commitAndTag(
        "v1.0.0",
        Map.of(
            "VERSION",
            "1.0.0\n",
            ".provenant/build.yaml",
            definition(
                "mkdir -p dist && printf 'steady %s\\n' \"$(cat VERSION)\" > dist/steady.txt",
                "tar --sort=name --mtime=@0 --owner=0 --group=0 -cf dist/steady.tar VERSION")));
    steady.push("v1.0.0");
    jittery = Project.create(tmp, instanceFile, "jittery");
    jittery.commitAndTag(
        "v1.0.0",
        Map.of(
            "VERSION",
            "1.0.0\n",
            ".provenant/build.yaml",
            definition(
                "mkdir -p dist && cp VERSION dist/jittery.txt", "date +%s%N > dist/stamp.txt")));
    jittery.push("v1.0.0");
    for (Project p : List.of(steady, jittery)) {
      JsonNode r = p.awaitFinal("v1.0.0", 180_000);
      assertThat(r.path("status").asText()).as("%s %s", r, read(log)).isEqualTo("released");
    }
  }

  @AfterAll
  void stopUp() throws Exception {
    stop(up);
  }

  private static String definition(String... steps) {
    StringBuilder b = new StringBuilder("steps:\n");
    for (String s : steps) {
      b.append("  - run: ").append(s).append('\n');
    }
    return b.append("outputs:\n  - dist/*\n").toString();
  }

  private CliResult rebuild(String project, String tag, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("release", "rebuild", project, tag, "--instance", instanceFile.toString()));
    args.addAll(List.of(more));
    return cli(args.toArray(String[]::new));
  }

  /** {@code provenant assess PROJECT v1.0.0} in {@code format}. */
  private CliResult assess(String project, String format) {
    return cli(
        "assess", project, "v1.0.0", "--instance", instanceFile.toString(), "--format", format);
  }

  private static Map<String, JsonNode> byName(JsonNode subjects) {
    Map<String, JsonNode> m = new HashMap<>();
    subjects.forEach(s -> m.put(s.path("name").asText(), s));
    return m;
  }

  @Test
  @Order(1)
  void deterministicRelease_rebuildsWithEverySubjectMatched_andAssessAndPageShowIt()
      throws Exception {
    CliResult r = rebuild("steady", "v1.0.0", "--format", "json", "--timeout", "180");
    assertThat(r.exit()).as("%s %s", r.err(), read(log)).isZero();
    assertThat(r.err()).contains("PASSED: steady v1.0.0 rebuilt reproducibly: 4 of 4");
    JsonNode rec = JSON.readTree(r.out());
    assertThat(rec.path("status").asText()).isEqualTo("finished");
    assertThat(rec.path("reproducible").asBoolean()).isTrue();
    Map<String, JsonNode> subjects = byName(rec.path("subjects"));
    assertThat(subjects.keySet())
        .containsExactlyInAnyOrder("steady.txt", "steady.tar", "sbom.cdx.json", "SHA256SUMS");
    // Expected = the released files' digests; the rebuild got each of them again.
    for (JsonNode f : steady.client.release("steady", "v1.0.0").path("files")) {
      JsonNode s = subjects.get(f.path("name").asText());
      assertThat(s.path("outcome").asText()).isEqualTo("MATCHED");
      assertThat(s.path("expectedSha256").asText()).isEqualTo(f.path("sha256").asText());
      assertThat(s.path("actualSha256").asText()).isEqualTo(f.path("sha256").asText());
    }
    // The same sandbox as a release, and the commit the release was built from.
    assertThat(rec.path("sandbox").path("runner").asText()).startsWith("bubblewrap");
    assertThat(rec.path("sandbox").path("limits").path("memoryBytes").asLong()).isPositive();
    assertThat(rec.path("commit").asText())
        .isEqualTo(steady.client.release("steady", "v1.0.0").path("commit").asText());
    assertThat(rec.path("phasesMillis").path("build").isNumber()).isTrue();
    assertThat(rec.path("finishedAt").asText()).isNotEmpty();
    // The release is untouched: one build, the same files.
    assertThat(dir.resolve("releases/steady/v1.0.0/files/provenance.intoto.jsonl")).exists();

    CliResult a = assess("steady", "json");
    assertThat(a.exit()).as(a.err()).isZero();
    JsonNode assessment = JSON.readTree(a.out());
    assertThat(assessment.path("requirements")).hasSize(8);
    JsonNode repro = assessment.path("reproducibility");
    assertThat(repro.path("checked").asBoolean()).isTrue();
    assertThat(repro.path("reproducible").asBoolean()).isTrue();
    assertThat(repro.path("rebuildId").asText()).isEqualTo(rec.path("id").asText());
    assertThat(repro.path("rebuiltAt").asText()).isEqualTo(rec.path("finishedAt").asText());
    assertThat(repro.path("subjects")).hasSize(4);
    CliResult md = assess("steady", "markdown");
    assertThat(md.out())
        .contains("## Reproducible build (beyond SLSA Build L3)", "4 of 4 subjects matched");
    assertThat(md.out().lines().filter(l -> l.startsWith("|"))).hasSize(2 * 2 + 8);

    String page = get("/projects/steady/releases/v1.0.0").body();
    assertThat(page)
        .contains(
            "Reproducible build (beyond SLSA Build L3)",
            "data-reproducible=\"true\"",
            "id=\"rebuild-subjects\"");
  }

  @Test
  @Order(2)
  void nondeterministicOutput_isDifferentWithBothDigests_othersMatched_exit7() throws Exception {
    CliResult r = rebuild("jittery", "v1.0.0", "--timeout", "180");
    assertThat(r.exit()).as("%s %s", r.err(), read(log)).isEqualTo(7);
    assertThat(r.err()).contains("FAILED: NOT_REPRODUCIBLE: jittery v1.0.0", "2 of 4 matched");
    assertThat(r.out())
        .containsPattern("DIFFERENT stamp\\.txt  expected sha256 " + HEX64 + ", got " + HEX64)
        .contains("MATCHED   jittery.txt", "MATCHED   sbom.cdx.json")
        // The checksum list names stamp.txt's digest, so it differs with it.
        .contains("DIFFERENT SHA256SUMS");

    CliResult again = rebuild("jittery", "v1.0.0", "--format", "json", "--timeout", "180");
    assertThat(again.exit()).isEqualTo(7);
    JsonNode rec = JSON.readTree(again.out());
    // The rebuild's own log, beside its record.
    assertThat(
            get("/api/v1/projects/jittery/releases/v1.0.0/rebuilds/"
                    + rec.path("id").asText()
                    + "/log")
                .statusCode())
        .isEqualTo(200);
    JsonNode stamp = byName(rec.path("subjects")).get("stamp.txt");
    assertThat(stamp.path("outcome").asText()).isEqualTo("DIFFERENT");
    assertThat(stamp.path("expectedSha256").asText())
        .matches(HEX64)
        .isNotEqualTo(stamp.path("actualSha256").asText());
    assertThat(stamp.path("actualSha256").asText()).matches(HEX64);

    // Still SLSA Build L3 (reproducibility is not one of its requirements), shown as not
    // reproducible from the latest rebuild.
    CliResult a = assess("jittery", "json");
    assertThat(a.exit()).as(a.err()).isZero();
    JsonNode repro = JSON.readTree(a.out()).path("reproducibility");
    assertThat(repro.path("checked").asBoolean()).isTrue();
    assertThat(repro.path("reproducible").asBoolean()).isFalse();
    assertThat(repro.path("rebuildId").asText()).isEqualTo(rec.path("id").asText());
    String page = get("/projects/jittery/releases/v1.0.0").body();
    assertThat(page).contains("data-reproducible=\"false\"", "data-outcome=\"DIFFERENT\"");
  }

  @Test
  @Order(3)
  void unknownOrUnreleasedTags_andMissingOrWrongAdminCredential_areRefused() throws Exception {
    CliResult unknownTag = rebuild("steady", "v9.9.9");
    assertThat(unknownTag.exit()).isEqualTo(4);
    assertThat(unknownTag.err()).contains("FAILED: UNKNOWN_TAG");
    CliResult unknownProject = rebuild("nope", "v1.0.0");
    assertThat(unknownProject.exit()).isEqualTo(4);
    assertThat(unknownProject.err()).contains("FAILED: UNKNOWN_PROJECT");
    // An unsigned tag is refused at the trigger: triggered, never released.
    steady.git("tag", "-a", "-m", "unsigned", "v1.0.1");
    steady.push("v1.0.1");
    steady.awaitFinal("v1.0.1", 60_000);
    CliResult notReleased = rebuild("steady", "v1.0.1");
    assertThat(notReleased.exit()).isEqualTo(4);
    assertThat(notReleased.err()).contains("FAILED: NOT_RELEASED", "got refused");
    assertThat(rebuild("steady", "v1.0.0", "--format", "yaml").exit()).isEqualTo(2);

    // No admin credential beside the instance file.
    ObjectNode copy = (ObjectNode) JSON.readTree(instanceFile.toFile());
    copy.put("adminCredential", tmp.resolve("absent.token").toString());
    Path noAdmin = tmp.resolve("no-admin.json");
    Files.write(noAdmin, JSON.writeValueAsBytes(copy));
    CliResult noCredential =
        cli("release", "rebuild", "steady", "v1.0.0", "--instance", noAdmin.toString());
    assertThat(noCredential.exit()).isEqualTo(2);
    assertThat(noCredential.err()).contains("FAILED: NO_ADMIN_CREDENTIAL");

    // The API itself: no token, a wrong token; nothing is queued.
    String path = "/api/v1/projects/steady/releases/v1.0.0/rebuilds";
    int before = JSON.readTree(get(path).body()).path("rebuilds").size();
    for (String auth : new String[] {null, "Bearer " + "x".repeat(43)}) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(instance.web() + path))
              .POST(HttpRequest.BodyPublishers.noBody());
      if (auth != null) {
        b.header("Authorization", auth);
      }
      HttpResponse<String> refused = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("UNAUTHORIZED");
    }
    assertThat(JSON.readTree(get(path).body()).path("rebuilds")).hasSize(before);
  }

  @Test
  @Order(4)
  void rebuildRecords_surviveARestartOfUp() throws Exception {
    String path = "/api/v1/projects/steady/releases/v1.0.0/rebuilds";
    JsonNode before = JSON.readTree(get(path).body()).path("rebuilds");
    assertThat(before).isNotEmpty();
    stop(up);
    long mark = size(log);
    up = provenant(log, "up", "--data", dir.toString());
    awaitLine(up, log, mark, "up: ready", 120_000);
    JsonNode after = JSON.readTree(get(path).body()).path("rebuilds");
    assertThat(after).isEqualTo(before);
    JsonNode one = JSON.readTree(get(path + "/" + before.get(0).path("id").asText()).body());
    assertThat(one.path("reproducible").asBoolean()).isTrue();
    CliResult a = assess("steady", "json");
    assertThat(JSON.readTree(a.out()).path("reproducibility").path("reproducible").asBoolean())
        .isTrue();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(instance.web() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
