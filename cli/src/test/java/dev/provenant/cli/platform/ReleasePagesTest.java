package dev.provenant.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.cli.Main;
import dev.provenant.core.testing.Skip;
import dev.provenant.platform.client.PlatformClient;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.up.Up;
import dev.provenant.platform.web.AdminCredential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release pages, the generated assessment and verify-release on a real release: {@code up}, a
 * signed tag built in the sandbox, then the page, {@code assess} and {@code verify-release}, with a
 * stored file altered on disk and downloaded files altered, removed and added.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleasePagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  private Up up;
  private Instance instance;
  private Path instanceFile;
  private PlatformClient client;
  private Path work;
  private Path key;
  private String pushUrl;
  private String sourceUri;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    for (String tool : List.of("/usr/bin/bwrap", "/usr/bin/socat", "/usr/bin/git", "/usr/bin/ssh-keygen", "/usr/bin/setpriv")) {
      Skip.unless(Files.isExecutable(Path.of(tool)), tool + " (scripts/test.d installs it)");
    }
    Skip.unless("0".equals(run(tmp, "id", "-u").trim()), "root (the runner mounts workspaces and cgroups)");
    up = Up.start(new Up.Config(tmp.resolve("instance"), null, null, null, 1), progress::add);
    instanceFile = tmp.resolve("instance/instance.json");
    instance = Instance.read(instanceFile);
    client = new PlatformClient(instance.web(), AdminCredential.read(instance.adminCredential()).token());
    key = tmp.resolve("alice");
    run(tmp, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "alice@example.org", "-f", key.toString());
    JsonNode p = client.addProject("widget", List.of(Files.readString(tmp.resolve("alice.pub"))), null);
    pushUrl = p.path("pushUrl").asText();
    sourceUri = p.path("sourceUri").asText();
    work = tmp.resolve("widget");
    Files.createDirectories(work.resolve(".provenant"));
    Files.writeString(work.resolve(".provenant/build.yaml"), String.join("\n",
        "steps:",
        "  - run: mkdir -p dist && printf 'widget %s\\n' \"$(cat VERSION)\" > dist/widget.txt",
        "  - run: tar --sort=name --mtime=@0 --owner=0 --group=0 -czf dist/widget.tar.gz VERSION",
        "  - run: echo 'building <b>widget</b> & friends'",
        "outputs:",
        "  - dist/*",
        ""));
    Files.writeString(work.resolve("VERSION"), "1.0.0\n");
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "widget 1.0.0");
    signedTag("v1.0.0");
    git("push", "-q", pushUrl, "main", "refs/tags/v1.0.0");
    assertThat(waitFor("v1.0.0").path("status").asText()).as("progress: %s", progress).isEqualTo("released");
  }

  @AfterAll
  void stop() {
    if (up != null) {
      up.close();
    }
  }

  @Test
  @Order(1)
  void assess_goodRelease_everyL3RequirementMetWithEvidence() throws Exception {
    Result r = cli("assess", "widget", "v1.0.0", "--instance", instanceFile.toString(), "--format", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode a = JSON.readTree(r.out());
    List<String> ids = new ArrayList<>();
    for (JsonNode row : a.path("requirements")) {
      ids.add(row.path("id").asText());
      assertThat(row.path("requiredAtL3").asBoolean()).isTrue();
      assertThat(row.path("met").asBoolean()).as(row.toString()).isTrue();
      assertThat(row.path("evidence").asText()).isNotBlank().doesNotStartWith("No");
    }
    assertThat(ids).containsExactly("producer.choose-platform", "producer.consistent-build",
        "producer.distribute-provenance", "platform.provenance-exists", "platform.provenance-authentic",
        "platform.provenance-unforgeable", "platform.hosted", "platform.isolated");
    assertThat(a.path("meetsL3").asBoolean()).isTrue();
    assertThat(evidence(a, "producer.consistent-build")).contains(client.release("widget", "v1.0.0")
        .path("build").path("signer").asText());

    Result md = cli("assess", "widget", "v1.0.0", "--instance", instanceFile.toString(), "--format", "markdown");
    assertThat(md.exit()).isZero();
    assertThat(md.out()).contains("## Producer", "## Build platform",
        "| Requirement | Required at SLSA L3 | Met by widget | Evidence |",
        "| Choose an appropriate build platform | Yes | Yes |", "| Follow a consistent build process | Yes | Yes |",
        "| Distribute provenance | Yes | Yes |", "| Provenance exists | Yes | Yes |",
        "| Provenance is authentic | Yes | Yes |", "| Provenance is unforgeable | Yes | Yes |",
        "| Hosted | Yes | Yes |", "| Isolated | Yes | Yes |");
    assertThat(cli("assess", "widget", "v1.0.0", "--instance", instanceFile.toString(), "--format", "yaml").exit())
        .isEqualTo(2);
    assertThat(cli("assess", "widget", "v9.9.9", "--instance", instanceFile.toString()).exit()).isEqualTo(4);
  }

  @Test
  @Order(2)
  void releasePage_showsFilesSbomProvenanceLogAndAssessment_escaped() throws Exception {
    HttpResponse<String> page = get("/projects/widget/releases/v1.0.0");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html).contains("id=\"files\"", "widget.txt", "id=\"sbom\"", "id=\"provenance\"", "id=\"tlog-entry\"",
        "verify-release", "Provenance is authentic", "SLSA Build L3: met");
    assertThat(html).doesNotContain("class=\"met no\"");
    HttpResponse<String> build = get("/projects/widget/builds/" + client.release("widget", "v1.0.0").path("buildId").asText());
    assertThat(build.statusCode()).isEqualTo(200);
    // The build log's markup is shown as text.
    assertThat(build.body()).contains("building &lt;b&gt;widget&lt;/b&gt; &amp; friends").doesNotContain("<b>widget</b>");
    HttpResponse<String> project = get("/projects/widget");
    assertThat(project.body()).contains("id=\"maintainers\"", "SHA256:", "id=\"components\"", ">v1.0.0</a>");
    assertThat(get("/projects/widget/releases/v9.9.9").statusCode()).isEqualTo(404);
    assertThat(get("/projects/nope").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void verifyRelease_downloadedRelease_passes_thenNamesAlteredMissingAndExtraFiles() throws Exception {
    Path dl = tmp.resolve("download");
    assertThat(Main.run("release", "download", "widget", "v1.0.0", "--instance", instanceFile.toString(), "--to",
        dl.toString())).isZero();
    List<String> verify = List.of("verify-release", dl.toString(), "--provenance-path",
        dl.resolve("provenance.intoto.jsonl").toString(), "--source-uri", sourceUri, "--source-tag", "v1.0.0",
        "--builder-id", instance.builderId(), "--trusted-root", instance.trustedRoot().toString(), "--builders",
        instance.builders().toString());
    Result ok = cli(verify.toArray(String[]::new));
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.err()).contains("MATCHED widget.txt", "MATCHED sbom.cdx.json", "PASSED");

    Files.writeString(dl.resolve("widget.txt"), "widget 6.6.6\n");
    Result altered = cli(verify.toArray(String[]::new));
    assertThat(altered.exit()).isEqualTo(1);
    assertThat(altered.err()).contains("MISMATCHED widget.txt: subject digest mismatch", "SUBJECT_DIGEST_MISMATCH");

    Files.delete(dl.resolve("widget.txt"));
    Files.writeString(dl.resolve("notes.txt"), "not released\n");
    Result missingExtra = cli(verify.toArray(String[]::new));
    assertThat(missingExtra.exit()).isEqualTo(1);
    assertThat(missingExtra.err()).contains("MISSING widget.txt", "EXTRA notes.txt", "SUBJECT_DIGEST_MISSING");

    // Wrong tag: the provenance's policy check fails, as verify-artifact's would.
    List<String> wrongTag = new ArrayList<>(verify);
    wrongTag.set(wrongTag.indexOf("v1.0.0"), "v2.0.0");
    assertThat(cli(wrongTag.toArray(String[]::new)).exit()).isEqualTo(1);
    assertThat(cli("verify-release", tmp.resolve("absent").toString(), "--source-uri", sourceUri).exit()).isEqualTo(2);
  }

  @Test
  @Order(4)
  void storedFileAlteredOnDisk_turnsExistsAndAuthenticToNo_onPageAndInAssess() throws Exception {
    Path stored = tmp.resolve("instance/releases/widget/v1.0.0/files/widget.txt");
    Path saved = tmp.resolve("widget.txt.orig");
    Files.copy(stored, saved, StandardCopyOption.REPLACE_EXISTING);
    try {
      Files.writeString(stored, "widget 6.6.6\n");
      Result r = cli("assess", "widget", "v1.0.0", "--instance", instanceFile.toString(), "--format", "json");
      assertThat(r.exit()).isEqualTo(1);
      JsonNode a = JSON.readTree(r.out());
      for (String id : List.of("platform.provenance-exists", "platform.provenance-authentic")) {
        JsonNode row = row(a, id);
        assertThat(row.path("met").asBoolean()).isFalse();
        assertThat(row.path("evidence").asText()).startsWith("No").contains("widget.txt", "SUBJECT_DIGEST_MISMATCH",
            "subject digest mismatch");
      }
      String html = get("/projects/widget/releases/v1.0.0").body();
      assertThat(html).contains("SLSA Build L3: not met", "class=\"met no\"", "subject digest mismatch");
      assertThat(html).containsPattern("data-id=\"platform.provenance-authentic\"><td>Provenance is authentic</td><td>Yes</td>"
          + "<td class=\"met no\">No</td><td class=\"evidence\">No: [^<]*widget.txt");
    } finally {
      Files.copy(saved, stored, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(cli("assess", "widget", "v1.0.0", "--instance", instanceFile.toString()).exit()).isZero();
  }

  // ------------------------------------------------------------------ helpers

  record Result(int exit, String out, String err) {}

  /** Runs the CLI in this process, capturing stdout and stderr. */
  static synchronized Result cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static JsonNode row(JsonNode a, String id) {
    for (JsonNode r : a.path("requirements")) {
      if (r.path("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no row " + id + " in " + a);
  }

  private static String evidence(JsonNode a, String id) {
    return row(a, id).path("evidence").asText();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(instance.web() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void signedTag(String tag) throws Exception {
    git("-c", "gpg.format=ssh", "-c", "user.signingkey=" + key, "tag", "-s", "-m", tag, tag);
  }

  private JsonNode waitFor(String tag) throws Exception {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      try {
        JsonNode r = client.release("widget", tag);
        String s = r.path("status").asText();
        if (s.equals("released") || s.equals("refused") || s.equals("failed") || System.nanoTime() > deadline) {
          return r;
        }
      } catch (PlatformClient.PlatformException e) {
        if (e.status() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
  }

  private String git(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    return run(work, cmd.toArray(String[]::new));
  }

  private String run(Path dir, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("HOME", tmp.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_AUTHOR_NAME", "Alice Maintainer");
    env.put("GIT_AUTHOR_EMAIL", "alice@example.org");
    env.put("GIT_COMMITTER_NAME", "Alice Maintainer");
    env.put("GIT_COMMITTER_EMAIL", "alice@example.org");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
    }
    return out;
  }
}
