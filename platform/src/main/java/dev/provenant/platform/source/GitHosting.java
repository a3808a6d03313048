package dev.provenant.platform.source;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts each project's bare repository ({@code DATA/git/NAME.git}) over git's smart HTTP protocol,
 * served by JGit's {@link UploadPack} / {@link ReceivePack} behind a small servlet (JGit's own
 * http.server artifact is not available here). Mounted at {@code /git}, so a project's URL is
 * {@code {web}/git/NAME} (a {@code .git} suffix is accepted too).
 *
 * <ul>
 *   <li>Fetch is anonymous. Push needs HTTP Basic auth whose password is the project's push token
 *       (any user name); projects that watch a remote are read-only mirrors.
 *   <li>Pre-receive: an update or deletion of a released tag is refused (released tags are
 *       immutable) and reported to {@link TagListener#onRefused}.
 *   <li>Post-receive: each created or updated tag ref goes to {@link TagListener#onTag}; the
 *       decision is echoed to the pusher ({@code remote: provenant: ...}).
 * </ul>
 */
public final class GitHosting {
  private static final Logger LOG = LoggerFactory.getLogger(GitHosting.class);

  /** Pushes with a larger pack are refused. */
  public static final long MAX_PACK_BYTES = 1L << 30;

  private final Path gitDir;
  private final ProjectStore projects;
  private final ReleasedTags releasedTags;
  private final TagListener listener;

  /**
   * @param dataDir the platform's data directory (repositories live in {@code dataDir/git})
   * @param projects the project store (read on every request, so key and credential changes apply
   *     at once)
   * @param releasedTags which tags were released
   * @param listener receives pushed tags
   */
  public GitHosting(
      Path dataDir, ProjectStore projects, ReleasedTags releasedTags, TagListener listener)
      throws IOException {
    this.gitDir = Files.createDirectories(dataDir.resolve("git"));
    this.projects = Objects.requireNonNull(projects);
    this.releasedTags = Objects.requireNonNull(releasedTags);
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * A servlet context at {@code /git} serving every project's repository; add it to the server's
   * handlers.
   */
  public ServletContextHandler handler() {
    ServletContextHandler ctx = new ServletContextHandler("/git");
    ctx.addServlet(new ServletHolder("git-smart-http", servlet()), "/*");
    return ctx;
  }

  /**
   * The smart-HTTP servlet alone, for a server that already has a servlet context: map it at {@code
   * /git/*} (it reads the repository name from the path info).
   */
  public HttpServlet servlet() {
    return new SmartHttpServlet();
  }

  /**
   * The URL a project's repository is served at, {@code {web}/git/NAME} (no {@code .git} suffix):
   * the Fulcio source repository URI (Fulcio extension 1.12) and the provenance source {@code uri}
   * after {@code git+}.
   */
  public static String repositoryUrl(String webBase, String projectName) {
    String base = webBase.endsWith("/") ? webBase.substring(0, webBase.length() - 1) : webBase;
    return base + "/git/" + projectName;
  }

  /** Where a project's bare repository lives. */
  public Path repositoryDirectory(String projectName) {
    if (!Project.isValidName(projectName)) {
      throw new IllegalArgumentException("invalid project name '" + projectName + "'");
    }
    return gitDir.resolve(projectName + ".git");
  }

  /**
   * Opens the project's bare repository, creating it (HEAD at {@code refs/heads/main}) if it does
   * not exist yet. Close it after use.
   */
  public synchronized Repository openRepository(Project project) throws IOException {
    Path dir = repositoryDirectory(project.name());
    Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    if (!Files.exists(dir.resolve("HEAD"))) {
      repo.create(true);
      // Default branch "main", so that a clone of a repository pushed with main checks it out.
      repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + "main");
    }
    return repo;
  }

  private void preReceive(Project project, ReceivePack rp, List<ReceiveCommand> commands) {
    for (ReceiveCommand cmd : commands) {
      if (!cmd.getRefName().startsWith(Constants.R_TAGS)
          || cmd.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED) {
        continue;
      }
      String tag = cmd.getRefName().substring(Constants.R_TAGS.length());
      Optional<String> released = releasedTags.releasedTagObject(project.name(), tag);
      if (released.isEmpty() || released.get().equals(cmd.getNewId().name())) {
        continue;
      }
      String what =
          cmd.getType() == ReceiveCommand.Type.DELETE
              ? "deleted"
              : "moved to " + cmd.getNewId().name();
      String detail =
          "tag "
              + tag
              + " was released from tag object "
              + released.get()
              + " and cannot be "
              + what;
      cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "released tags are immutable");
      rp.sendMessage("provenant: refused " + tag + ": TAG_MOVED: " + detail);
      listener.onRefused(
          new TriggerDecision.Refused(
              project.name(),
              tag,
              cmd.getNewId().name(),
              TriggerDecision.Reason.TAG_MOVED,
              detail));
    }
  }

  private void postReceive(Project project, ReceivePack rp, List<ReceiveCommand> commands) {
    for (ReceiveCommand cmd : commands) {
      if (!cmd.getRefName().startsWith(Constants.R_TAGS)
          || cmd.getType() == ReceiveCommand.Type.DELETE
          || cmd.getResult() != ReceiveCommand.Result.OK) {
        continue;
      }
      String tag = cmd.getRefName().substring(Constants.R_TAGS.length());
      ObjectId value = cmd.getNewId();
      try {
        TriggerDecision d = listener.onTag(project, rp.getRepository(), tag, value);
        if (d instanceof TriggerDecision.Accepted a) {
          rp.sendMessage(
              "provenant: release "
                  + tag
                  + " accepted (commit "
                  + a.commitSha()
                  + ", signed by "
                  + a.keyKind()
                  + " "
                  + a.signerFingerprint()
                  + ")");
        } else {
          TriggerDecision.Refused r = (TriggerDecision.Refused) d;
          rp.sendMessage("provenant: refused " + tag + ": " + r.reason() + ": " + r.detail());
        }
      } catch (RuntimeException e) {
        LOG.error("trigger for {} {} failed", project.name(), tag, e);
        rp.sendMessage("provenant: trigger for " + tag + " failed: " + e.getMessage());
      }
    }
  }

  /**
   * git smart HTTP (gitprotocol-http): info/refs advertisement, git-upload-pack, git-receive-pack.
   */
  private final class SmartHttpServlet extends HttpServlet {
    private static final String UPLOAD = "git-upload-pack";
    private static final String RECEIVE = "git-receive-pack";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse rsp) throws IOException {
      String path = req.getPathInfo() == null ? "" : req.getPathInfo();
      String service;
      String repoPart;
      boolean advertise;
      if (path.endsWith("/info/refs") && "GET".equals(req.getMethod())) {
        advertise = true;
        repoPart = path.substring(0, path.length() - "/info/refs".length());
        service = req.getParameter("service");
        if (!UPLOAD.equals(service) && !RECEIVE.equals(service)) {
          rsp.sendError(
              HttpServletResponse.SC_FORBIDDEN, "only git's smart HTTP protocol is served");
          return;
        }
      } else if ((path.endsWith("/" + UPLOAD) || path.endsWith("/" + RECEIVE))
          && "POST".equals(req.getMethod())) {
        advertise = false;
        service = path.substring(path.lastIndexOf('/') + 1);
        repoPart = path.substring(0, path.lastIndexOf('/'));
      } else {
        rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      String name = repoPart.startsWith("/") ? repoPart.substring(1) : repoPart;
      if (name.endsWith(".git")) {
        name = name.substring(0, name.length() - 4);
      }
      Optional<Project> found;
      try {
        found = Project.isValidName(name) ? projects.find(name) : Optional.empty();
      } catch (ProjectStoreException e) {
        LOG.error("cannot read project {}", name, e);
        rsp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        return;
      }
      if (found.isEmpty()) {
        rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "no such repository");
        return;
      }
      Project project = found.get();
      if (RECEIVE.equals(service)) {
        if (project.watchedRemote() != null) {
          rsp.sendError(
              HttpServletResponse.SC_FORBIDDEN,
              "this repository mirrors " + project.watchedRemote() + "; push there");
          return;
        }
        if (!ProjectStore.matchesPushCredential(project, basicPassword(req))) {
          rsp.setHeader(
              "WWW-Authenticate",
              "Basic realm=\"provenant git " + project.name() + "\", charset=\"UTF-8\"");
          rsp.sendError(
              HttpServletResponse.SC_UNAUTHORIZED, "push needs the project's push credential");
          return;
        }
      }
      if (!advertise && !("application/x-" + service + "-request").equals(req.getContentType())) {
        rsp.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
        return;
      }
      try (Repository repo = openRepository(project)) {
        rsp.setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
        if (advertise) {
          rsp.setContentType("application/x-" + service + "-advertisement");
          OutputStream os = rsp.getOutputStream();
          PacketLineOut pck = new PacketLineOut(os);
          pck.writeString("# service=" + service + "\n");
          pck.end();
          if (UPLOAD.equals(service)) {
            UploadPack up = new UploadPack(repo);
            up.setBiDirectionalPipe(false);
            up.sendAdvertisedRefs(new PacketLineOutRefAdvertiser(pck));
          } else {
            ReceivePack rp = newReceivePack(project, repo);
            rp.sendAdvertisedRefs(new PacketLineOutRefAdvertiser(pck));
          }
          os.flush();
          return;
        }
        InputStream in = req.getInputStream();
        if ("gzip".equals(req.getHeader("Content-Encoding"))) {
          in = new GZIPInputStream(in);
        }
        rsp.setContentType("application/x-" + service + "-result");
        OutputStream os = rsp.getOutputStream();
        if (UPLOAD.equals(service)) {
          UploadPack up = new UploadPack(repo);
          up.setBiDirectionalPipe(false);
          up.upload(in, os, null);
        } else {
          newReceivePack(project, repo).receive(in, os, null);
        }
        os.flush();
      } catch (IOException | RuntimeException e) {
        LOG.warn("git {} for {} failed: {}", service, project.name(), e.toString());
        if (!rsp.isCommitted()) {
          rsp.reset();
          rsp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
      }
    }

    private ReceivePack newReceivePack(Project project, Repository repo) {
      ReceivePack rp = new ReceivePack(repo);
      rp.setBiDirectionalPipe(false);
      // fsck every received object: refuses tree entries such as "..", ".git" and malformed tags.
      rp.setCheckReceivedObjects(true);
      rp.setAllowCreates(true);
      rp.setAllowDeletes(true);
      rp.setAllowNonFastForwards(true);
      rp.setMaxPackSizeLimit(MAX_PACK_BYTES);
      rp.setPreReceiveHook((r, cmds) -> preReceive(project, r, List.copyOf(cmds)));
      rp.setPostReceiveHook((r, cmds) -> postReceive(project, r, List.copyOf(cmds)));
      return rp;
    }

    private String basicPassword(HttpServletRequest req) {
      String h = req.getHeader("Authorization");
      if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      try {
        String userPass =
            new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = userPass.indexOf(':');
        return colon < 0 ? null : userPass.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
