package dev.provenant.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.assess.Assessment;
import dev.provenant.platform.assess.ReleaseAssessor;
import dev.provenant.platform.assess.Requirement;
import dev.provenant.platform.build.BuildRecord;
import dev.provenant.platform.build.BuildStatus;
import dev.provenant.platform.build.BuildStore;
import dev.provenant.platform.release.ReleaseManifest;
import dev.provenant.platform.release.ReleaseStore;
import dev.provenant.platform.source.TriggerJournal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The platform's web pages, server-rendered HTML that works without JavaScript (two small scripts:
 * the in-browser log-entry check and the live build log), and the assessment as JSON:
 *
 * <pre>
 * GET /  and  /projects                                  projects
 * GET /projects/NAME                                     releases, refused triggers, maintainers, components
 * GET /projects/NAME/releases/TAG                        release page with the generated SLSA assessment
 * GET /projects/NAME/builds/ID[/attempts/N]              a build's phases and log
 * GET /projects/NAME/builds/ID/log                       the build log (text)
 * GET /projects/NAME/builds/ID/events?from=OFFSET        the build log as server-sent events while it runs
 * GET /api/v1/projects/NAME/releases/TAG/assessment      the assessment (JSON, as `provenant assess`)
 * GET /static/{style.css,tlog-check.js,build-log.js}
 * </pre>
 */
public final class ReleasePages extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PROJECT = Pattern.compile("/projects/([^/]+)/?");
  private static final Pattern RELEASE = Pattern.compile("/projects/([^/]+)/releases/([^/]+)/?");
  private static final Pattern BUILD =
      Pattern.compile("/projects/([^/]+)/builds/([^/]+)(?:/attempts/[0-9]+)?/?");
  private static final Pattern BUILD_LOG = Pattern.compile("/projects/([^/]+)/builds/([^/]+)/log");
  private static final Pattern BUILD_EVENTS =
      Pattern.compile("/projects/([^/]+)/builds/([^/]+)/events");
  private static final Pattern ASSESSMENT =
      Pattern.compile("/api/v1/projects/([^/]+)/releases/([^/]+)/assessment");
  private static final Pattern STATIC =
      Pattern.compile("/static/(style\\.css|tlog-check\\.js|build-log\\.js)");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  /** How long one event stream follows a build before the browser reconnects. */
  private static final long STREAM_MILLIS = 10 * 60 * 1000L;

  private final String web;
  private final ProjectDirectory projects;
  private final BuildStore builds;
  private final ReleaseStore releases;
  private final TriggerJournal journal;
  private final ReleaseAssessor assessor;
  private final Path buildLogs;

  /**
   * @param instance the instance's base URL and trust material (read on each request: they are
   *     written after the web server starts)
   * @param buildLogs the directory of build logs ({@code BUILD.log})
   */
  public ReleasePages(
      ProjectDirectory projects,
      BuildStore builds,
      ReleaseStore releases,
      TriggerJournal journal,
      ReleaseAssessor.Instance instance,
      Path buildLogs) {
    this.web = instance.web();
    this.projects = projects;
    this.builds = builds;
    this.releases = releases;
    this.journal = journal;
    this.assessor = new ReleaseAssessor(releases, builds, journal, instance);
    this.buildLogs = buildLogs;
  }

  /** The assessor the pages use (also for the CLI's in-process callers and tests). */
  public ReleaseAssessor assessor() {
    return assessor;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      return false;
    }
    String path = Request.getPathInContext(request);
    Matcher m;
    try {
      if (path.equals("/") || path.equals("/projects") || path.equals("/projects/")) {
        return html(response, callback, 200, projectsPage());
      }
      if ((m = STATIC.matcher(path)).matches()) {
        return staticFile(response, callback, m.group(1));
      }
      if ((m = ASSESSMENT.matcher(path)).matches()) {
        Optional<Assessment> a = assessor.assess(requireProject(seg(m, 1)).name(), seg(m, 2));
        if (a.isEmpty()) {
          throw ApiError.notFound("no release " + seg(m, 1) + " " + seg(m, 2));
        }
        return json(
            response,
            callback,
            200,
            JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(a.get().toJson()));
      }
      if ((m = RELEASE.matcher(path)).matches()) {
        long start = System.nanoTime();
        String page = releasePage(requireProject(seg(m, 1)), seg(m, 2));
        // Server time of the page (verification of every stored file included), for
        // bench/release-page.
        response
            .getHeaders()
            .put(
                "Server-Timing",
                String.format(
                    java.util.Locale.ROOT, "render;dur=%.1f", (System.nanoTime() - start) / 1e6));
        return html(response, callback, 200, page);
      }
      if ((m = BUILD_LOG.matcher(path)).matches()) {
        BuildRecord b = requireBuild(seg(m, 1), seg(m, 2));
        Path log = logOf(b);
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return write(
            response,
            callback,
            200,
            "text/plain; charset=utf-8",
            text.getBytes(StandardCharsets.UTF_8));
      }
      if ((m = BUILD_EVENTS.matcher(path)).matches()) {
        return events(request, response, callback, requireBuild(seg(m, 1), seg(m, 2)));
      }
      if ((m = BUILD.matcher(path)).matches()) {
        return html(response, callback, 200, buildPage(requireBuild(seg(m, 1), seg(m, 2))));
      }
      if ((m = PROJECT.matcher(path)).matches()) {
        return html(response, callback, 200, projectPage(requireProject(seg(m, 1))));
      }
      return false;
    } catch (ApiError e) {
      if (path.startsWith("/api/")) {
        return json(
            response,
            callback,
            e.status(),
            JSON.writeValueAsBytes(
                JSON.createObjectNode().put("error", e.code()).put("message", e.getMessage())));
      }
      return html(
          response,
          callback,
          e.status(),
          Html.page("Not found").el("h1", "Not found").el("p", e.getMessage()).end());
    } catch (IllegalArgumentException e) {
      return html(
          response,
          callback,
          404,
          Html.page("Not found").el("h1", "Not found").el("p", e.getMessage()).end());
    }
  }

  // ---------------------------------------------------------------- pages

  private String projectsPage() throws IOException {
    Html h = Html.page("Projects").el("h1", "Projects");
    h.raw(
        "<table><thead><tr><th>Project</th><th>Source</th><th>Maintainers</th></tr></thead><tbody>");
    for (ProjectDirectory.ProjectInfo p : projects.list()) {
      h.raw("<tr><td>")
          .a("/projects/" + Html.seg(p.name()), p.name())
          .raw("</td><td><code>")
          .text(p.sourceUri())
          .raw("</code></td><td>")
          .text(p.maintainers().size())
          .raw("</td></tr>");
    }
    return h.raw("</tbody></table>").end();
  }

  private String projectPage(ProjectDirectory.ProjectInfo p) throws IOException {
    String base = "/projects/" + Html.seg(p.name());
    Html h = Html.page(p.name()).el("h1", p.name());
    h.raw("<p>Source: <code>")
        .text(p.sourceUri())
        .raw("</code> (project id <code>")
        .text(p.id())
        .raw("</code>)</p>");
    h.el("h2", "Maintainers");
    h.raw(
            "<p>Tags signed by these keys trigger release builds.</p><table id=\"maintainers\"><thead><tr><th>Kind</th>")
        .raw("<th>Fingerprint</th></tr></thead><tbody>");
    for (ProjectDirectory.MaintainerInfo mt : p.maintainers()) {
      h.raw("<tr><td>")
          .text(mt.kind())
          .raw("</td><td class=\"hash\">")
          .text(mt.fingerprint())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");

    List<BuildRecord> all = builds.forProject(p.name());
    h.el("h2", "Releases");
    h.raw(
            "<table id=\"releases\"><thead><tr><th>Tag</th><th>Status</th><th>Commit</th><th>Signer</th><th>Build</th></tr>")
        .raw("</thead><tbody>");
    for (BuildRecord b : all) {
      if (b.status() == BuildStatus.REFUSED) {
        continue;
      }
      h.raw("<tr><td>");
      if (b.status() == BuildStatus.RELEASED) {
        h.a(base + "/releases/" + Html.seg(b.tag()), b.tag());
      } else {
        h.text(b.tag());
      }
      h.raw("</td><td>")
          .text(b.status().apiName() + (b.reason() == null ? "" : ": " + b.reason()))
          .raw("</td><td class=\"hash\">")
          .text(b.commit())
          .raw("</td><td class=\"hash\">")
          .text(b.signer())
          .raw("</td><td>")
          .a(base + "/builds/" + Html.seg(b.id()), b.id())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");

    h.el("h2", "Refused triggers");
    h.raw(
        "<table id=\"refused\"><thead><tr><th>When</th><th>Tag</th><th>Reason</th><th>Detail</th></tr></thead><tbody>");
    List<TriggerJournal.Entry> refused =
        new ArrayList<>(
            journal.decisions(p.name()).stream()
                .filter(e -> !e.kind().equals("accepted"))
                .toList());
    refused.sort(Comparator.comparing(TriggerJournal.Entry::at).reversed());
    for (TriggerJournal.Entry e : refused) {
      h.raw("<tr><td>")
          .text(e.at())
          .raw("</td><td>")
          .text(e.tag())
          .raw("</td><td><code>")
          .text(e.reason())
          .raw("</code></td><td>")
          .text(e.detail())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");

    // The component table of the seed's assessment: artifacts and the first version whose
    // provenance verifies at Build L3 (computed, oldest release first).
    h.el("h2", "SLSA Build L3 by component");
    h.raw("<table id=\"components\"><thead><tr><th>Component</th><th>Artifacts</th>")
        .raw("<th>First version with verified L3 provenance</th></tr></thead><tbody>");
    List<BuildRecord> released =
        all.stream()
            .filter(b -> b.status() == BuildStatus.RELEASED)
            .sorted(Comparator.comparing(BuildRecord::createdAt))
            .toList();
    String first = null;
    List<String> artifacts = List.of();
    for (BuildRecord b : released) {
      Optional<ReleaseManifest> mf = releases.find(p.name(), b.tag());
      if (mf.isEmpty()) {
        continue;
      }
      artifacts =
          new ArrayList<>(
              mf.get().files().stream()
                  .map(f -> f.name())
                  .filter(n -> !n.equals(mf.get().sbom()) && !n.equals(mf.get().checksums()))
                  .toList());
      // Released images by repository (the digest changes with each version).
      for (var img : mf.get().images()) {
        artifacts.add(
            "image " + img.repository() + " (" + String.join(", ", img.platforms()) + ")");
      }
      if (first == null
          && assessor.assess(p.name(), b.tag()).map(Assessment::meetsL3).orElse(false)) {
        first = b.tag();
      }
    }
    h.raw("<tr><td>")
        .text(p.name())
        .raw("</td><td>")
        .text(String.join(", ", artifacts))
        .raw("</td><td>");
    if (first == null) {
      h.text("none yet");
    } else {
      h.a(base + "/releases/" + Html.seg(first), first);
    }
    h.raw("</td></tr></tbody></table>");
    return h.end();
  }

  private String releasePage(ProjectDirectory.ProjectInfo p, String tag)
      throws IOException, ApiError {
    Optional<Assessment> found = assessor.assess(p.name(), tag);
    if (found.isEmpty()) {
      Optional<BuildRecord> b = builds.latest(p.name(), tag);
      if (b.isEmpty()) {
        throw ApiError.notFound("no release " + p.name() + " " + tag);
      }
      return Html.page(p.name() + " " + tag)
          .el("h1", p.name() + " " + tag)
          .raw("<p>Not released: ")
          .text(
              b.get().status().apiName()
                  + (b.get().reason() == null ? "" : ": " + b.get().reason()))
          .raw(". ")
          .a(
              "/projects/" + Html.seg(p.name()) + "/builds/" + Html.seg(b.get().id()),
              "Build " + b.get().id())
          .raw("</p>")
          .end();
    }
    Assessment a = found.get();
    JsonNode d = a.details();
    String dl = "/releases/" + Html.seg(p.name()) + "/" + Html.seg(tag) + "/";
    Html h = Html.page(p.name() + " " + tag);
    h.raw("<h1>").a("/projects/" + Html.seg(p.name()), p.name()).raw(" ").text(tag).raw("</h1>");
    h.raw("<p id=\"verdict\" class=\"verdict ")
        .raw(a.meetsL3() ? "yes" : "no")
        .raw("\">SLSA Build L3: ")
        .text(a.meetsL3() ? "met" : "not met")
        .raw("</p>");
    if (!d.path("verification").path("passed").asBoolean()) {
      h.raw("<p class=\"no\" id=\"verification-failure\">Verification failed: ")
          .text(d.path("verification").path("detail").asText())
          .raw("</p>");
    }

    h.el("h2", "Files");
    h.raw(
            "<table id=\"files\"><thead><tr><th>File</th><th>Size</th><th>sha256</th><th>Matches provenance</th></tr>")
        .raw("</thead><tbody>");
    for (JsonNode f : d.path("files")) {
      boolean ok = f.path("status").asText().equals("MATCHED");
      h.raw("<tr><td>")
          .a(dl + Html.seg(f.path("name").asText()), f.path("name").asText())
          .raw("</td><td>")
          .text(f.path("size").asLong() < 0 ? "" : f.path("size").asLong())
          .raw("</td><td class=\"hash\">")
          .text(
              f.path("sha256").isNull()
                  ? f.path("actualSha256").asText()
                  : f.path("sha256").asText())
          .raw("</td><td class=\"")
          .raw(ok ? "yes" : "no")
          .raw("\">")
          .text(ok ? "Yes" : "No: " + f.path("reason").asText())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table><p>Provenance: ")
        .a(dl + Html.seg(d.path("provenanceFile").asText()), d.path("provenanceFile").asText())
        .raw("</p>");

    if (d.path("images").size() > 0) {
      h.el("h2", "Images");
      h.raw(
              "<table id=\"images\"><thead><tr><th>Image (by digest)</th><th>Platforms</th>"
                  + "<th>Provenance</th><th>Provenance verified</th></tr>")
          .raw("</thead><tbody>");
      for (JsonNode img : d.path("images")) {
        boolean ok = img.path("verified").asBoolean();
        List<String> platforms = new ArrayList<>();
        img.path("platforms").forEach(x -> platforms.add(x.asText()));
        h.raw("<tr><td><code>")
            .text(img.path("reference").asText())
            .raw("</code></td><td>")
            .text(String.join(", ", platforms))
            .raw("</td><td>")
            .a(
                dl + Html.seg(img.path("provenanceFile").asText()),
                img.path("provenanceFile").asText())
            .raw("</td><td class=\"")
            .raw(ok ? "yes" : "no")
            .raw("\">")
            .text(ok ? "Yes" : "No: " + img.path("detail").asText())
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }

    sbom(h, p.name(), tag, d.path("sbomFile").asText());

    h.el("h2", "Provenance");
    JsonNode pv = d.path("provenance");
    if (pv.isMissingNode()) {
      h.el("p", "The provenance did not verify; its claims are not shown.");
    } else {
      h.raw("<table id=\"provenance\"><tbody>");
      fact(h, "Builder", pv.path("builderId").asText());
      fact(h, "Build type", pv.path("buildType").asText());
      fact(h, "Source", pv.path("source").asText());
      fact(h, "Commit", pv.path("commit").asText());
      fact(h, "Tag signer", d.path("tagSigner").asText(d.path("build").path("signer").asText()));
      fact(
          h,
          "Build definition",
          pv.path("buildConfigPath").asText() + " sha256 " + pv.path("buildConfigSha256").asText());
      fact(h, "Invocation", pv.path("invocationId").asText());
      fact(h, "Started", pv.path("startedOn").asText());
      fact(h, "Finished", pv.path("finishedOn").asText());
      fact(
          h,
          "Signing certificate",
          pv.path("certificateIdentity").asText()
              + " (issuer "
              + pv.path("certificateIssuer").asText()
              + ")");
      h.raw("</tbody></table>");
      h.el("h3", "Resolved dependencies");
      h.raw(
          "<table id=\"dependencies\"><thead><tr><th>URI</th><th>Digest</th></tr></thead><tbody>");
      for (JsonNode dep : pv.path("resolvedDependencies")) {
        StringBuilder dg = new StringBuilder();
        dep.path("digest")
            .fields()
            .forEachRemaining(
                e -> dg.append(e.getKey()).append(':').append(e.getValue().asText()).append(' '));
        h.raw("<tr><td><code>")
            .text(dep.path("uri").asText())
            .raw("</code></td><td class=\"hash\">")
            .text(dg.toString().strip())
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
      JsonNode phases = d.path("build").path("phases");
      if (phases.size() > 0) {
        h.el("h3", "Timing (ms)");
        h.raw("<table id=\"phases\"><tbody>");
        phases.fields().forEachRemaining(e -> fact(h, e.getKey(), e.getValue().asText()));
        h.raw("</tbody></table>");
      }
    }

    h.el("h2", "Transparency log entry");
    JsonNode log = d.path("log");
    if (log.isMissingNode()) {
      h.el("p", "The provenance carries no log entry.");
    } else {
      if (!d.path("verification").path("passed").asBoolean()) {
        h.raw(
            "<p class=\"no\">The server's verification failed (see above); the entry is shown as stored.</p>");
      }
      h.raw("<table id=\"log-entry\"><tbody>");
      fact(h, "Index", log.path("index").asText());
      fact(
          h,
          "Integrated",
          log.path("integratedAt").asText() + " (" + log.path("integratedTime").asText() + ")");
      fact(h, "Kind", log.path("kind").asText());
      fact(h, "Tree size", log.path("inclusionProof").path("treeSize").asText());
      fact(h, "Root hash", log.path("inclusionProof").path("rootHash").asText());
      h.raw("</tbody></table><pre id=\"checkpoint\">")
          .text(log.path("inclusionProof").path("checkpoint").asText())
          .raw("</pre>");
      h.raw(
              "<p id=\"tlog-check\" data-result=\"not-run\">The server verified this entry; with JavaScript the page ")
          .raw("also checks the inclusion proof and the checkpoint in your browser.</p>")
          .raw("<button id=\"tlog-recheck\" type=\"button\" hidden>Check again</button>");
      // Inside <script>, "<" would end the element early: JSON allows it escaped.
      h.raw("<script type=\"application/json\" id=\"tlog-entry\">")
          .raw(JSON.writeValueAsString(log).replace("<", "\\u003c"))
          .raw("</script>")
          .raw("<script src=\"/static/tlog-check.js\"></script>");
    }

    h.el("h2", "SLSA assessment");
    h.raw(
            "<p>Generated now from the stored files, verified with Provenant's verifier, and the platform's records of ")
        .raw("build ")
        .a(
            "/projects/" + Html.seg(p.name()) + "/builds/" + Html.seg(d.path("buildId").asText()),
            d.path("buildId").asText())
        .raw(".</p>");
    for (String g : List.of("producer", "platform")) {
      h.el("h3", g.equals("producer") ? "Producer" : "Build platform");
      h.raw("<table class=\"assessment\" id=\"assessment-")
          .raw(g)
          .raw("\"><thead><tr><th>Requirement</th>")
          .raw("<th>Required at SLSA L3</th><th>Met</th><th>Evidence</th></tr></thead><tbody>");
      for (Requirement r : a.group(g)) {
        h.raw("<tr data-id=\"")
            .text(r.id())
            .raw("\"><td>")
            .text(r.title())
            .raw("</td><td>")
            .text(r.requiredAtL3() ? "Yes" : "No")
            .raw("</td><td class=\"met ")
            .raw(r.met() ? "yes" : "no")
            .raw("\">")
            .text(r.met() ? "Yes" : "No")
            .raw("</td><td class=\"evidence\">")
            .text(r.evidence())
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }

    ReproducibilitySection.render(h, a.reproducibility());

    h.el("h2", "Verify it yourself");
    String src = p.sourceUri();
    h.raw("<pre id=\"commands\">")
        .text(
            String.join(
                "\n",
                "provenant release download "
                    + p.name()
                    + " "
                    + tag
                    + " --instance instance.json --to "
                    + p.name()
                    + "-"
                    + tag,
                "provenant verify-release " + p.name() + "-" + tag + " \\",
                "  --provenance-path "
                    + p.name()
                    + "-"
                    + tag
                    + "/"
                    + d.path("provenanceFile").asText()
                    + " \\",
                "  --source-uri " + src + " --source-tag " + tag + " \\",
                "  --builder-id "
                    + pv.path("builderId").asText(web + "/generators/slsa3@v0.1.0")
                    + " \\",
                "  --trusted-root trusted_root.json --builders builders.json",
                "provenant assess "
                    + p.name()
                    + " "
                    + tag
                    + " --instance instance.json --format markdown"))
        .raw("</pre>");
    for (JsonNode img : d.path("images")) {
      h.raw("<pre class=\"image-commands\">")
          .text(
              String.join(
                  "\n",
                  "provenant verify-image " + img.path("reference").asText() + " \\",
                  "  --source-uri " + src + " --source-tag " + tag + " \\",
                  "  --builder-id "
                      + pv.path("builderId").asText(web + "/generators/slsa3@v0.1.0")
                      + " \\",
                  "  --trusted-root trusted_root.json --builders builders.json"))
          .raw("</pre>");
    }
    h.raw("<p>")
        .a(
            web
                + "/api/v1/projects/"
                + Html.seg(p.name())
                + "/releases/"
                + Html.seg(tag)
                + "/assessment",
            "This assessment as JSON")
        .raw("</p>");
    return h.end();
  }

  /** The SBOM (CycloneDX JSON) as a table: component, version, purl, sha256. */
  private void sbom(Html h, String project, String tag, String name) throws IOException {
    h.el("h2", "SBOM");
    Optional<Path> f = name.isEmpty() ? Optional.empty() : releases.file(project, tag, name);
    if (f.isEmpty() || !Files.isRegularFile(f.get())) {
      h.el("p", "No SBOM in this release.");
      return;
    }
    JsonNode bom;
    try {
      bom = JSON.readTree(f.get().toFile());
    } catch (IOException e) {
      h.el("p", "The SBOM " + name + " is not readable JSON: " + e.getMessage());
      return;
    }
    h.raw("<p>")
        .text(name)
        .raw(" (")
        .text(bom.path("bomFormat").asText("?") + " " + bom.path("specVersion").asText(""))
        .raw(
            ")</p><table id=\"sbom\"><thead><tr><th>Component</th><th>Version</th><th>purl</th><th>sha256</th></tr>")
        .raw("</thead><tbody>");
    for (JsonNode c : bom.path("components")) {
      String sha = "";
      for (JsonNode hh : c.path("hashes")) {
        if (hh.path("alg").asText().equalsIgnoreCase("SHA-256")) {
          sha = hh.path("content").asText();
        }
      }
      h.raw("<tr><td>")
          .text(c.path("name").asText())
          .raw("</td><td>")
          .text(c.path("version").asText())
          .raw("</td><td><code>")
          .text(c.path("purl").asText())
          .raw("</code></td><td class=\"hash\">")
          .text(sha)
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }

  private String buildPage(BuildRecord b) throws IOException {
    String base = "/projects/" + Html.seg(b.project());
    Html h = Html.page("Build " + b.id());
    h.raw("<h1>")
        .a(base, b.project())
        .raw(" ")
        .text(b.tag())
        .raw(" — build ")
        .text(b.id())
        .raw("</h1>");
    h.raw("<p>Status: <strong id=\"build-status\">")
        .text(b.status().apiName())
        .raw("</strong>")
        .text(b.reason() == null ? "" : " (" + b.reason() + ")")
        .raw("</p>");
    h.raw("<table id=\"build\"><tbody>");
    fact(h, "Commit", b.commit());
    fact(h, "Tag object", b.tagObject());
    fact(h, "Tag signer", b.signer());
    fact(h, "Attempt", Integer.toString(b.attempt()));
    fact(h, "Runner", b.runner());
    fact(h, "Triggered", b.createdAt() == null ? "" : b.createdAt().toString());
    fact(h, "Started", b.startedAt() == null ? "" : b.startedAt().toString());
    fact(h, "Finished", b.finishedAt() == null ? "" : b.finishedAt().toString());
    h.raw("</tbody></table>");
    if (b.status() == BuildStatus.RELEASED) {
      h.raw("<p>").a(base + "/releases/" + Html.seg(b.tag()), "Release " + b.tag()).raw("</p>");
    }
    h.el("h2", "Phases (ms)");
    h.raw("<table id=\"phases\"><tbody>");
    b.phases().forEach((k, v) -> fact(h, k, Long.toString(v)));
    h.raw("</tbody></table>");
    h.el("h2", "Log");
    Path log = logOf(b);
    byte[] bytes = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
    h.raw("<pre id=\"build-log\"");
    if (!b.status().isFinal()) {
      h.raw(" data-events=\"")
          .text(base + "/builds/" + Html.seg(b.id()) + "/events")
          .raw("\" data-offset=\"")
          .text(bytes.length)
          .raw("\"");
    }
    h.raw(">").text(new String(bytes, StandardCharsets.UTF_8)).raw("</pre>");
    h.raw("<p>").a(base + "/builds/" + Html.seg(b.id()) + "/log", "Plain text").raw("</p>");
    if (!b.status().isFinal()) {
      h.raw("<script src=\"/static/build-log.js\"></script>");
    }
    return h.end();
  }

  private static void fact(Html h, String k, String v) {
    h.raw("<tr><th>").text(k).raw("</th><td class=\"hash\">").text(v).raw("</td></tr>");
  }

  // ---------------------------------------------------------------- live log

  /**
   * The build log from byte {@code from} on as server-sent events (one {@code data:} line per log
   * line), polling the file until the build is final, then an {@code end} event.
   */
  private boolean events(Request request, Response response, Callback callback, BuildRecord b)
      throws IOException {
    long from = 0;
    Fields q = Request.extractQueryParameters(request);
    String f = q.getValue("from");
    if (f != null && f.matches("[0-9]{1,18}")) {
      from = Long.parseLong(f);
    }
    String last = request.getHeaders().get("Last-Event-ID");
    if (last != null && last.matches("[0-9]{1,18}")) {
      from = Long.parseLong(last);
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    Path log = logOf(b);
    long deadline = System.currentTimeMillis() + STREAM_MILLIS;
    StringBuilder partial = new StringBuilder();
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      String status = null;
      while (true) {
        BuildRecord now = builds.find(b.id()).orElse(b);
        if (!now.status().apiName().equals(status)) {
          status = now.status().apiName();
          out.write(("event: status\ndata: " + status + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        if (Files.exists(log)) {
          try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
            long len = raf.length();
            if (len > from) {
              byte[] chunk = new byte[(int) Math.min(len - from, 1 << 20)];
              raf.seek(from);
              raf.readFully(chunk);
              from += chunk.length;
              partial.append(new String(chunk, StandardCharsets.UTF_8));
              StringBuilder ev = new StringBuilder();
              int nl;
              while ((nl = partial.indexOf("\n")) >= 0) {
                ev.append("data: ").append(partial, 0, nl).append('\n');
                partial.delete(0, nl + 1);
                ev.append("id: ")
                    .append(from - partial.toString().getBytes(StandardCharsets.UTF_8).length)
                    .append("\n\n");
              }
              out.write(ev.toString().getBytes(StandardCharsets.UTF_8));
            }
          }
        }
        out.flush();
        if (now.status().isFinal()) {
          if (partial.length() > 0) {
            out.write(("data: " + partial + "\n\n").getBytes(StandardCharsets.UTF_8));
          }
          out.write(
              ("event: end\ndata: "
                      + status
                      + (now.reason() == null ? "" : " (" + now.reason() + ")")
                      + "\n\n")
                  .getBytes(StandardCharsets.UTF_8));
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          break;
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } catch (IOException e) {
      // The browser went away.
    }
    callback.succeeded();
    return true;
  }

  // ---------------------------------------------------------------- helpers

  private ProjectDirectory.ProjectInfo requireProject(String name) throws ApiError, IOException {
    return projects.find(name).orElseThrow(() -> ApiError.notFound("no project " + name));
  }

  private BuildRecord requireBuild(String project, String id) throws ApiError, IOException {
    requireProject(project);
    if (!SAFE_ID.matcher(id).matches()) {
      throw ApiError.notFound("no build " + id);
    }
    return builds
        .find(id)
        .filter(b -> b.project().equals(project))
        .orElseThrow(() -> ApiError.notFound("no build " + id + " of " + project));
  }

  private Path logOf(BuildRecord b) {
    return buildLogs.resolve(b.id() + ".log");
  }

  private static String seg(Matcher m, int g) {
    return URLDecoder.decode(m.group(g), StandardCharsets.UTF_8);
  }

  private static boolean staticFile(Response response, Callback callback, String name)
      throws IOException {
    byte[] bytes;
    try (InputStream in = ReleasePages.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        return false;
      }
      bytes = in.readAllBytes();
    }
    String type =
        name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    return write(response, callback, 200, type, bytes);
  }

  private static boolean html(Response response, Callback callback, int status, String page) {
    response
        .getHeaders()
        .put(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    return write(
        response,
        callback,
        status,
        "text/html; charset=utf-8",
        page.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean json(Response response, Callback callback, int status, byte[] body) {
    return write(response, callback, status, "application/json", body);
  }

  private static boolean write(
      Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
