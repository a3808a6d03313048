package dev.provenant.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.cli.Main;
import dev.provenant.core.testing.Skip;
import dev.provenant.platform.client.PlatformClient;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.up.Up;
import java.io.IOException;
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
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Release pages, the generated assessment and verify-release on a real release: {@code up}, a
 * signed tag built in the sandbox, then the page, {@code assess} and {@code verify-release}, with a
 * stored file altered on disk and downloaded files altered, removed and added.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleasePagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BUILD_TIMEOUT = 180_000;
  @TempDir static Path tmp;
  private Up up;
  private Instance instance;
  private Path instanceFile;
  private PlatformProcesses.Project project;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    PlatformProcesses.requireTools(tmp);
    up = Up.start(new Up.Config(tmp.resolve("instance"), null, null, null, 1), progress::add);
    instanceFile = tmp.resolve("instance/instance.json");
    instance = Instance.read(instanceFile);
    project = PlatformProcesses.Project.create(tmp, instanceFile, "widget");
    project.write(
        Map.of(
            ".provenant/build.yaml",
            String.join(
                "\n",
                "steps:",
                "  - run: mkdir -p dist && printf 'widget %s\\n' \"$(cat VERSION)\" > dist/widget.txt",
                "  - run: tar --sort=name --mtime=@0 --owner=0 --group=0 -czf dist/widget.tar.gz VERSION",
                "  - run: echo 'building <b>widget</b> & friends'",
                "outputs:",
                "  - dist/*",
                ""),
            "VERSION",
            "1.0.0\n"));
    project.git("add", "-A");
    project.git("commit", "-q", "-m", "widget 1.0.0");
    project.signedTag("v1.0.0");
    project.git("push", "-q", project.pushUrl, "main", "refs/tags/v1.0.0");
    assertThat(project.awaitFinal("v1.0.0", BUILD_TIMEOUT).path("status").asText())
        .as("progress: %s", progress)
        .isEqualTo("released");
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
    Result r =
        cli(
            "assess",
            "widget",
            "v1.0.0",
            "--instance",
            instanceFile.toString(),
            "--format",
            "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode a = JSON.readTree(r.out());
    List<String> ids = new ArrayList<>();
    for (JsonNode row : a.path("requirements")) {
      ids.add(row.path("id").asText());
      assertThat(row.path("requiredAtL3").asBoolean()).isTrue();
      assertThat(row.path("met").asBoolean()).as(row.toString()).isTrue();
      assertThat(row.path("evidence").asText()).isNotBlank().doesNotStartWith("No");
    }
    assertThat(ids)
        .containsExactly(
            "producer.choose-platform",
            "producer.consistent-build",
            "producer.distribute-provenance",
            "platform.provenance-exists",
            "platform.provenance-authentic",
            "platform.provenance-unforgeable",
            "platform.hosted",
            "platform.isolated");
    assertThat(a.path("meetsL3").asBoolean()).isTrue();
    assertThat(evidence(a, "producer.consistent-build"))
        .contains(project.client.release("widget", "v1.0.0").path("build").path("signer").asText());

    Result md =
        cli(
            "assess",
            "widget",
            "v1.0.0",
            "--instance",
            instanceFile.toString(),
            "--format",
            "markdown");
    assertThat(md.exit()).isZero();
    assertThat(md.out())
        .contains(
            "## Producer",
            "## Build platform",
            "| Requirement | Required at SLSA L3 | Met by widget | Evidence |",
            "| Choose an appropriate build platform | Yes | Yes |",
            "| Follow a consistent build process | Yes | Yes |",
            "| Distribute provenance | Yes | Yes |",
            "| Provenance exists | Yes | Yes |",
            "| Provenance is authentic | Yes | Yes |",
            "| Provenance is unforgeable | Yes | Yes |",
            "| Hosted | Yes | Yes |",
            "| Isolated | Yes | Yes |");
    assertThat(
            cli(
                    "assess",
                    "widget",
                    "v1.0.0",
                    "--instance",
                    instanceFile.toString(),
                    "--format",
                    "yaml")
                .exit())
        .isEqualTo(2);
    assertThat(cli("assess", "widget", "v9.9.9", "--instance", instanceFile.toString()).exit())
        .isEqualTo(4);
  }

  @Test
  @Order(2)
  void releasePage_showsFilesSbomProvenanceLogAndAssessment_escaped() throws Exception {
    HttpResponse<String> page = get("/projects/widget/releases/v1.0.0");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html)
        .contains(
            "id=\"files\"",
            "widget.txt",
            "id=\"sbom\"",
            "id=\"provenance\"",
            "id=\"tlog-entry\"",
            "verify-release",
            "Provenance is authentic",
            "SLSA Build L3: met");
    assertThat(html).doesNotContain("class=\"met no\"");
    HttpResponse<String> build =
        get(
            "/projects/widget/builds/"
                + project.client.release("widget", "v1.0.0").path("buildId").asText());
    assertThat(build.statusCode()).isEqualTo(200);
    // The build log's markup is shown as text.
    assertThat(build.body())
        .contains("building &lt;b&gt;widget&lt;/b&gt; &amp; friends")
        .doesNotContain("<b>widget</b>");
    project.git("tag", "-a", "-m", "unsigned <script>", "v1.0.1");
    project.git("push", "-q", project.pushUrl, "refs/tags/v1.0.1");
    assertThat(project.awaitFinal("v1.0.1", BUILD_TIMEOUT).path("status").asText())
        .isEqualTo("refused");
    HttpResponse<String> projectPage = get("/projects/widget");
    assertThat(projectPage.body())
        .contains("id=\"maintainers\"", "SHA256:", "id=\"components\"", ">v1.0.0</a>");
    assertThat(projectPage.body().substring(projectPage.body().indexOf("id=\"refused\"")))
        .contains("v1.0.1", "UNSIGNED");
    assertThat(get("/projects/widget/releases/v9.9.9").statusCode()).isEqualTo(404);
    assertThat(get("/projects/nope").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void verifyRelease_downloadedRelease_passes_thenNamesAlteredMissingAndExtraFiles()
      throws Exception {
    Path dl = tmp.resolve("download");
    assertThat(
            Main.run(
                "release",
                "download",
                "widget",
                "v1.0.0",
                "--instance",
                instanceFile.toString(),
                "--to",
                dl.toString()))
        .isZero();
    List<String> verify =
        PlatformProcesses.verifyCommand(
            List.of(
                "verify-release",
                dl.toString(),
                "--provenance-path",
                dl.resolve("provenance.intoto.jsonl").toString()),
            instance,
            project.sourceUri,
            "v1.0.0");
    Result ok = cli(verify.toArray(String[]::new));
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.err()).contains("MATCHED widget.txt", "MATCHED sbom.cdx.json", "PASSED");

    Files.writeString(dl.resolve("widget.txt"), "widget 6.6.6\n");
    Result altered = cli(verify.toArray(String[]::new));
    assertThat(altered.exit()).isEqualTo(1);
    assertThat(altered.err())
        .contains("MISMATCHED widget.txt: subject digest mismatch", "SUBJECT_DIGEST_MISMATCH");

    Files.delete(dl.resolve("widget.txt"));
    Files.writeString(dl.resolve("notes.txt"), "not released\n");
    Result missingExtra = cli(verify.toArray(String[]::new));
    assertThat(missingExtra.exit()).isEqualTo(1);
    assertThat(missingExtra.err())
        .contains("MISSING widget.txt", "EXTRA notes.txt", "SUBJECT_DIGEST_MISSING");

    // Wrong tag: the provenance's policy check fails, as verify-artifact's would.
    List<String> wrongTag = new ArrayList<>(verify);
    wrongTag.set(wrongTag.indexOf("v1.0.0"), "v2.0.0");
    assertThat(cli(wrongTag.toArray(String[]::new)).exit()).isEqualTo(1);
    assertThat(
            cli(
                    "verify-release",
                    tmp.resolve("absent").toString(),
                    "--source-uri",
                    project.sourceUri)
                .exit())
        .isEqualTo(2);
  }

  @Test
  @Order(4)
  void storedFileAlteredOnDisk_turnsExistsAndAuthenticToNo_onPageAndInAssess() throws Exception {
    Path stored = tmp.resolve("instance/releases/widget/v1.0.0/files/widget.txt");
    Path saved = tmp.resolve("widget.txt.orig");
    Files.copy(stored, saved, StandardCopyOption.REPLACE_EXISTING);
    try {
      Files.writeString(stored, "widget 6.6.6\n");
      Result r =
          cli(
              "assess",
              "widget",
              "v1.0.0",
              "--instance",
              instanceFile.toString(),
              "--format",
              "json");
      assertThat(r.exit()).isEqualTo(1);
      JsonNode a = JSON.readTree(r.out());
      for (String id : List.of("platform.provenance-exists", "platform.provenance-authentic")) {
        JsonNode row = row(a, id);
        assertThat(row.path("met").asBoolean()).isFalse();
        assertThat(row.path("evidence").asText())
            .startsWith("No")
            .contains("widget.txt", "SUBJECT_DIGEST_MISMATCH", "subject digest mismatch");
      }
      String html = get("/projects/widget/releases/v1.0.0").body();
      assertThat(html)
          .contains("SLSA Build L3: not met", "class=\"met no\"", "subject digest mismatch");
      assertThat(html)
          .containsPattern(
              "data-id=\"platform.provenance-authentic\"><td>Provenance is authentic</td><td>Yes</td>"
                  + "<td class=\"met no\">No</td><td class=\"evidence\">No: [^<]*widget.txt");
    } finally {
      Files.copy(saved, stored, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(cli("assess", "widget", "v1.0.0", "--instance", instanceFile.toString()).exit())
        .isZero();
  }

  @Test
  @Order(4)
  void storedProvenanceAltered_everyRowNo_withTheVerifiersReason() throws Exception {
    Path stored = tmp.resolve("instance/releases/widget/v1.0.0/files/provenance.intoto.jsonl");
    byte[] saved = Files.readAllBytes(stored);
    try {
      com.fasterxml.jackson.databind.node.ObjectNode bundle =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(saved);
      com.fasterxml.jackson.databind.node.ObjectNode env =
          (com.fasterxml.jackson.databind.node.ObjectNode) bundle.path("dsseEnvelope");
      String statement =
          new String(
              java.util.Base64.getDecoder().decode(env.path("payload").asText()),
              StandardCharsets.UTF_8);
      String forged = statement.replace("\"widget.txt\"", "\"widget.exe\"");
      assertThat(forged).isNotEqualTo(statement);
      env.put(
          "payload",
          java.util.Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
      Files.writeString(stored, JSON.writeValueAsString(bundle) + "\n");
      Result r =
          cli(
              "assess",
              "widget",
              "v1.0.0",
              "--instance",
              instanceFile.toString(),
              "--format",
              "json");
      assertThat(r.exit()).isEqualTo(1);
      for (JsonNode row : JSON.readTree(r.out()).path("requirements")) {
        assertThat(row.path("met").asBoolean()).as(row.toString()).isFalse();
        assertThat(row.path("evidence").asText()).startsWith("No");
      }
      assertThat(evidence(JSON.readTree(r.out()), "platform.provenance-authentic"))
          .containsAnyOf("SIGNATURE_INVALID", "TLOG_BODY_MISMATCH", "TLOG_ENTRY_MISMATCH");
    } finally {
      Files.write(stored, saved);
    }
    assertThat(cli("assess", "widget", "v1.0.0", "--instance", instanceFile.toString()).exit())
        .isZero();
  }

  @Test
  @Order(5)
  void browser_releasePage_everyL3RowMet_andProofCheckedInBrowser_failingOnAlteredData()
      throws Exception {
    try (Browser b = Browser.start(tmp.resolve("chrome-release"))) {
      ChromeDriver d = b.driver();
      d.get(instance.web() + "/projects/widget/releases/v1.0.0");
      assertThat(awaitCheck(d)).as(text(d, "tlog-check")).isEqualTo("passed");
      assertThat(text(d, "tlog-check")).contains("PASSED", "inclusion proof", "checkpoint");
      for (String g : List.of("producer", "platform")) {
        List<WebElement> rows = d.findElements(By.cssSelector("#assessment-" + g + " tbody tr"));
        assertThat(rows).hasSize(g.equals("producer") ? 3 : 5);
        for (WebElement row : rows) {
          List<WebElement> cells = row.findElements(By.tagName("td"));
          assertThat(cells.get(1).getText()).isEqualTo("Yes");
          assertThat(cells.get(2).getText()).as(row.getText()).isEqualTo("Yes");
          assertThat(cells.get(3).getText()).isNotBlank();
        }
      }
      b.screenshot("release-page-good");

      // The page's data altered in the browser: each change makes the in-browser check fail.
      String original =
          (String) d.executeScript("return document.getElementById('tlog-entry').textContent");
      JsonNode entry = JSON.readTree(original);
      Map<String, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>>
          alterations =
              Map.of(
                  "root hash",
                      e ->
                          ((com.fasterxml.jackson.databind.node.ObjectNode)
                                  e.path("inclusionProof"))
                              .put(
                                  "rootHash",
                                  flipFirst(e.path("inclusionProof").path("rootHash").asText())),
                  "logged body",
                      e ->
                          e.put(
                              "canonicalizedBody", flipFirst(e.path("canonicalizedBody").asText())),
                  "checkpoint size",
                      e ->
                          ((com.fasterxml.jackson.databind.node.ObjectNode)
                                  e.path("inclusionProof"))
                              .put(
                                  "checkpoint",
                                  e.path("inclusionProof")
                                      .path("checkpoint")
                                      .asText()
                                      .replaceFirst("\n(\\d+)\n", "\n9$1\n")),
                  "checkpoint signature",
                      e -> {
                        String cp = e.path("inclusionProof").path("checkpoint").asText();
                        int at = cp.length() - 10;
                        ((com.fasterxml.jackson.databind.node.ObjectNode) e.path("inclusionProof"))
                            .put(
                                "checkpoint",
                                cp.substring(0, at)
                                    + (cp.charAt(at) == 'A' ? 'B' : 'A')
                                    + cp.substring(at + 1));
                      });
      for (var alteration : alterations.entrySet()) {
        com.fasterxml.jackson.databind.node.ObjectNode altered =
            (com.fasterxml.jackson.databind.node.ObjectNode) entry.deepCopy();
        alteration.getValue().accept(altered);
        assertThat(altered).as(alteration.getKey()).isNotEqualTo(entry);
        d.executeScript(
            "document.getElementById('tlog-entry').textContent = arguments[0]",
            JSON.writeValueAsString(altered));
        Object result =
            d.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; provenantCheckTlog().then(done)");
        assertThat(result)
            .as(alteration.getKey() + ": " + text(d, "tlog-check"))
            .isEqualTo("failed");
        assertThat(text(d, "tlog-check")).contains("FAILED");
        if (alteration.getKey().equals("root hash")) {
          b.screenshot("release-page-altered-proof");
        }
      }
      d.executeScript("document.getElementById('tlog-entry').textContent = arguments[0]", original);
      assertThat(
              d.executeAsyncScript(
                  "const done = arguments[arguments.length - 1]; provenantCheckTlog().then(done)"))
          .isEqualTo("passed");

      d.get(instance.web() + "/projects/widget");
      assertThat(d.findElement(By.id("maintainers")).getText()).contains("SHA256:");
      b.screenshot("project-page");
    }
  }

  @Test
  @Order(6)
  void browser_storedFileAltered_pageShowsNoWithSubjectMismatch() throws Exception {
    Path stored = tmp.resolve("instance/releases/widget/v1.0.0/files/widget.txt");
    byte[] saved = Files.readAllBytes(stored);
    try (Browser b = Browser.start(tmp.resolve("chrome-tampered"))) {
      Files.writeString(stored, "widget 6.6.6\n");
      ChromeDriver d = b.driver();
      d.get(instance.web() + "/projects/widget/releases/v1.0.0");
      for (String id : List.of("platform.provenance-exists", "platform.provenance-authentic")) {
        WebElement row = d.findElement(By.cssSelector("tr[data-id='" + id + "']"));
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(cells.get(2).getText()).isEqualTo("No");
        assertThat(cells.get(3).getText()).contains("widget.txt", "subject digest mismatch");
      }
      assertThat(text(d, "verdict")).contains("not met");
      b.screenshot("release-page-tampered-file");
    } finally {
      Files.write(stored, saved);
    }
  }

  @Test
  @Order(6)
  void browser_storedProofAltered_serverAndBrowserChecksBothFail() throws Exception {
    Path stored = tmp.resolve("instance/releases/widget/v1.0.0/files/provenance.intoto.jsonl");
    byte[] saved = Files.readAllBytes(stored);
    try (Browser b = Browser.start(tmp.resolve("chrome-proof"))) {
      com.fasterxml.jackson.databind.node.ObjectNode bundle =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(saved);
      com.fasterxml.jackson.databind.node.ObjectNode proof =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              bundle
                  .path("verificationMaterial")
                  .path("tlogEntries")
                  .path(0)
                  .path("inclusionProof");
      proof.put("rootHash", flipFirst(proof.path("rootHash").asText()));
      Files.writeString(stored, JSON.writeValueAsString(bundle) + "\n");
      ChromeDriver d = b.driver();
      d.get(instance.web() + "/projects/widget/releases/v1.0.0");
      assertThat(awaitCheck(d)).isEqualTo("failed");
      WebElement row = d.findElement(By.cssSelector("tr[data-id='platform.provenance-authentic']"));
      assertThat(row.findElements(By.tagName("td")).get(2).getText()).isEqualTo("No");
      assertThat(row.findElements(By.tagName("td")).get(3).getText()).contains("TLOG");
      b.screenshot("release-page-altered-stored-proof");
    } finally {
      Files.write(stored, saved);
    }
  }

  @Test
  @Order(7)
  void browser_runningBuild_logFollowedLive() throws Exception {
    project.write(
        Map.of(
            ".provenant/build.yaml",
            String.join(
                "\n",
                "steps:",
                "  - run: echo first-step-output",
                "  - run: sleep 6",
                "  - run: mkdir -p dist && echo second-step-output && echo v > dist/widget.txt",
                "outputs:",
                "  - dist/*",
                "")));
    project.git("commit", "-q", "-am", "slow build");
    project.signedTag("v1.1.0");
    project.git("push", "-q", project.pushUrl, "main", "refs/tags/v1.1.0");
    String buildId = null;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        JsonNode r = project.client.release("widget", "v1.1.0");
        if (r.path("status").asText().equals("building")) {
          buildId = r.path("buildId").asText();
          break;
        }
        assertThat(r.path("status").asText()).isIn("queued", "building");
      } catch (PlatformClient.PlatformException e) {
        assertThat(e.status()).isEqualTo(404);
      }
      Thread.sleep(50);
    }
    assertThat(buildId).as("the build started").isNotNull();
    try (Browser b = Browser.start(tmp.resolve("chrome-live"))) {
      ChromeDriver d = b.driver();
      d.get(instance.web() + "/projects/widget/builds/" + buildId);
      assertThat(d.findElement(By.id("build-log")).getAttribute("data-events"))
          .as("opened while running")
          .isNotBlank();
      String initial = text(d, "build-log");
      assertThat(initial).doesNotContain("second-step-output");
      long until = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < until
          && !(text(d, "build-log").contains("second-step-output")
              && text(d, "build-status").startsWith("released"))) {
        Thread.sleep(100);
      }
      b.screenshot("build-page-live-log");
      assertThat(text(d, "build-log")).contains("first-step-output", "second-step-output");
      assertThat(text(d, "build-status")).startsWith("released");

      // The second entry of the log: a proof with sibling hashes, checked in the browser; an
      // altered sibling hash fails it.
      d.get(instance.web() + "/projects/widget/releases/v1.1.0");
      assertThat(awaitCheck(d)).as(text(d, "tlog-check")).isEqualTo("passed");
      JsonNode entry =
          JSON.readTree(
              (String) d.executeScript("return document.getElementById('tlog-entry').textContent"));
      assertThat(entry.path("inclusionProof").path("hashes").size()).isPositive();
      com.fasterxml.jackson.databind.node.ObjectNode altered =
          (com.fasterxml.jackson.databind.node.ObjectNode) entry.deepCopy();
      ((com.fasterxml.jackson.databind.node.ArrayNode)
              altered.path("inclusionProof").path("hashes"))
          .set(
              0,
              new com.fasterxml.jackson.databind.node.TextNode(
                  flipFirst(entry.path("inclusionProof").path("hashes").path(0).asText())));
      d.executeScript(
          "document.getElementById('tlog-entry').textContent = arguments[0]",
          JSON.writeValueAsString(altered));
      assertThat(
              d.executeAsyncScript(
                  "const done = arguments[arguments.length - 1]; provenantCheckTlog().then(done)"))
          .as(text(d, "tlog-check"))
          .isEqualTo("failed");
      assertThat(text(d, "tlog-check")).contains("inclusion proof: computed root");
    }
  }

  // ------------------------------------------------------------------ helpers

  record Result(int exit, String out, String err) {}

  /** Runs the CLI in this process, capturing stdout and stderr. */
  static Result cli(String... args) {
    PlatformProcesses.CliResult r = PlatformProcesses.cli(args);
    return new Result(r.exit(), r.out(), r.err());
  }

  private static String text(ChromeDriver d, String id) {
    return d.findElement(By.id(id)).getText();
  }

  /** Waits for the in-browser log check to finish and returns its result. */
  private static String awaitCheck(ChromeDriver d) throws InterruptedException {
    long until = System.nanoTime() + 20_000_000_000L;
    String r = "";
    while (System.nanoTime() < until) {
      r = d.findElement(By.id("tlog-check")).getAttribute("data-result");
      if ("passed".equals(r) || "failed".equals(r)) {
        return r;
      }
      Thread.sleep(50);
    }
    return r;
  }

  /** The base64 value with its first byte changed. */
  private static String flipFirst(String b64) {
    byte[] b = java.util.Base64.getDecoder().decode(b64);
    b[0] ^= 1;
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  /**
   * Debian's chromium, headless, through Debian's chromedriver, with a fresh profile; screenshots
   * go to the test reports ({@code target/surefire-reports/screenshots}).
   */
  record Browser(ChromeDriver driver) implements AutoCloseable {
    static Browser start(Path profile) throws IOException {
      Path chromium =
          Files.isExecutable(Path.of("/usr/lib/chromium/chromium"))
              ? Path.of("/usr/lib/chromium/chromium")
              : Path.of("/usr/bin/chromium");
      Skip.unless(
          Files.isExecutable(chromium), "chromium (scripts/test.d/40-chromium.sh installs it)");
      Skip.unless(
          Files.isExecutable(Path.of("/usr/bin/chromedriver")),
          "chromedriver (scripts/test.d/40-chromium.sh)");
      Files.createDirectories(profile);
      ChromeOptions o = new ChromeOptions();
      o.setBinary(chromium.toFile());
      o.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-dev-shm-usage",
          "--window-size=1400,2400",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
              .usingAnyFreePort()
              .build();
      ChromeDriver d = new ChromeDriver(service, o);
      d.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(20));
      return new Browser(d);
    }

    void screenshot(String name) throws IOException {
      Path dir = Path.of("target/surefire-reports/screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
      driver.quit();
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
    return http.send(
        HttpRequest.newBuilder(URI.create(instance.web() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
