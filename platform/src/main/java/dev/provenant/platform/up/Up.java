package dev.provenant.platform.up;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.server.CaServer;
import dev.provenant.log.LogService;
import dev.provenant.platform.assess.ReleaseAssessor;
import dev.provenant.platform.generator.GeneratorConfig;
import dev.provenant.platform.generator.GeneratorProcess;
import dev.provenant.platform.oidc.PlatformIdentity;
import dev.provenant.platform.oidc.WorkloadIssuer;
import dev.provenant.platform.pipeline.BuildPipeline;
import dev.provenant.platform.pipeline.HostedProjects;
import dev.provenant.platform.rebuild.RebuildApi;
import dev.provenant.platform.rebuild.RebuildRequests;
import dev.provenant.platform.source.GitHosting;
import dev.provenant.platform.source.RemoteWatcher;
import dev.provenant.platform.web.AdminCredential;
import dev.provenant.platform.web.PlatformApi;
import dev.provenant.platform.web.ReleasePages;
import dev.provenant.sign.trust.TrustExport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * {@code provenant up}: the whole chain on one machine, on loopback — transparency log, web server
 * (API, hosted git, the workload OIDC issuer's discovery and keys), keyless CA with CT and TSA, the
 * provenance generator as a separate process, and the runner. Writes {@code DIR/instance.json} once
 * everything answers. Starting again on the same directory keeps keys, ports, log, projects, builds
 * and releases.
 */
public final class Up implements AutoCloseable {
  /**
   * @param data the instance's data directory
   * @param postgresUrl a PostgreSQL JDBC URL for the build queue (several runner processes), or
   *     null for the embedded store
   * @param runners runner threads in this process (at least one with the embedded store; zero
   *     allowed with PostgreSQL, when {@code provenant runner} processes take the builds)
   * @param lease how long a claimed build stays a runner's without a heartbeat (PostgreSQL)
   */
  public record Config(
      Path data,
      String postgresUrl,
      String postgresUser,
      String postgresPassword,
      int runners,
      Duration lease) {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    public Config {
      if (lease == null || lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("expected a positive lease, got " + lease);
      }
    }

    /** The default lease (60 s). */
    public Config(
        Path data, String postgresUrl, String postgresUser, String postgresPassword, int runners) {
      this(data, postgresUrl, postgresUser, postgresPassword, runners, DEFAULT_LEASE);
    }

    PlatformCore.Queue queue() {
      return new PlatformCore.Queue(postgresUrl, postgresUser, postgresPassword, lease);
    }

    /** Heartbeats three times per lease, so one late beat does not lose the build. */
    Duration heartbeat() {
      return lease.dividedBy(3);
    }
  }

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final Instance instance;

  private Up(Instance instance) {
    this.instance = instance;
  }

  public Instance instance() {
    return instance;
  }

  /** Starts every component; {@code progress} gets one line per phase. */
  public static Up start(Config c, Consumer<String> progress) throws Exception {
    Path dir = c.data().toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Properties ports = ports(dir);
    String host = "127.0.0.1";
    String web = "http://" + host + ":" + ports.getProperty("web");
    String logUrl = "http://" + host + ":" + ports.getProperty("log");
    String caUrl = "http://" + host + ":" + ports.getProperty("ca");
    Clock clock = Clock.systemUTC();
    Up up = null;
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      LogService log =
          LogService.start(
              new LogService.Config(
                  host,
                  Integer.parseInt(ports.getProperty("log")),
                  dir.resolve("log"),
                  null,
                  null,
                  null,
                  null,
                  logUrl));
      opened.push(log);
      progress.accept("log: serving the Rekor v1 API at " + logUrl);

      Path privateDir = dir.resolve("private");
      Files.createDirectories(privateDir);
      Files.setPosixFilePermissions(privateDir, PosixFilePermissions.fromString("rwx------"));
      PlatformIdentity identity = PlatformIdentity.of(web);
      PlatformCore core = PlatformCore.open(dir, c.queue(), identity, clock, progress);
      opened.push(core);
      GitHosting hosting = core.hosting;
      BuildPipeline pipeline = core.pipeline;
      Path generatorSocket = core.generatorSocket;
      WorkloadIssuer issuer =
          WorkloadIssuer.open(
              identity, privateDir.resolve("issuer"), pipeline.awaitingProvenance(), clock);
      opened.push(issuer);
      issuer.startMinting();

      AdminCredential admin = AdminCredential.loadOrCreate(dir.resolve("admin.token"));
      HostedProjects directory = new HostedProjects(core.projects, hosting, web);
      PlatformApi api = new PlatformApi(web, directory, core.builds, core.releases, admin);
      ReleasePages pages =
          new ReleasePages(
              directory,
              core.builds,
              core.releases,
              core.journal,
              new ReleaseAssessor.Instance(
                  web,
                  dir.resolve("trusted_root.json"),
                  dir.resolve("builders.json"),
                  identity.builderId()),
              dir.resolve("logs/builds"));
      RebuildApi rebuilds =
          new RebuildApi(
              new RebuildRequests(core.projects, hosting, core.builds, core.releases, clock),
              admin,
              core.rebuilder::logOf);
      Server server =
          webServer(
              host,
              Integer.parseInt(ports.getProperty("web")),
              hosting,
              issuer.handler(),
              pages,
              rebuilds,
              api);
      opened.push(server::stop);
      progress.accept("platform: API, hosted git and the workload OIDC issuer at " + web);

      Files.createDirectories(dir.resolve("ca"));
      OutputStream audit =
          Files.newOutputStream(
              dir.resolve("ca/audit.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      opened.push(audit);
      CaServer ca =
          CaServer.start(
              host,
              Integer.parseInt(ports.getProperty("ca")),
              false,
              dir.resolve("ca"),
              OidcVerifier.create(
                  List.of(
                      new TrustedIssuer(
                          web, IssuerType.PROVENANT_PLATFORM, TrustedIssuer.DEFAULT_AUDIENCE))),
              new AuditLog(line -> writeLine(audit, line), clock));
      opened.push(ca);
      String tsaUrl = caUrl + "/api/v1/timestamp";
      progress.accept(
          "ca: keyless CA with CT log and timestamp authority at "
              + caUrl
              + " (trusts "
              + web
              + ")");

      TrustExport.Instance trust = TrustExport.fetch(caUrl, logUrl, tsaUrl, null);
      Path trustedRoot = dir.resolve("trusted_root.json");
      Path signingConfig = dir.resolve("signing_config.json");
      writeAtomically(trustedRoot, TrustExport.trustedRoot(trust).getBytes(StandardCharsets.UTF_8));
      writeAtomically(
          signingConfig, TrustExport.signingConfig(trust).getBytes(StandardCharsets.UTF_8));
      Path buildersFile = dir.resolve("builders.json");
      writeAtomically(buildersFile, Builders.json(identity).getBytes(StandardCharsets.UTF_8));
      progress.accept(
          "trust: wrote " + trustedRoot + ", " + signingConfig + " and " + buildersFile);

      GeneratorProcess generator =
          GeneratorProcess.start(
              new GeneratorConfig(
                  identity, generatorSocket, issuer.socket(), caUrl, logUrl, tsaUrl),
              privateDir.resolve("generator-config.json"),
              dir.resolve("logs/generator.log"),
              Duration.ofSeconds(60));
      opened.push(generator);
      progress.accept(
          "generator: separate process "
              + generator.pid()
              + ", the only holder of the builder's token");

      int runners = c.postgresUrl() == null ? Math.max(1, c.runners()) : Math.max(0, c.runners());
      core.startRunners(runners, "up-" + ProcessHandle.current().pid(), c.heartbeat());
      progress.accept(
          "runner: "
              + runners
              + " bubblewrap runner(s) taking builds from the "
              + (c.postgresUrl() == null ? "embedded" : "PostgreSQL")
              + " queue");
      // Projects whose code is hosted elsewhere: their remotes are polled (ls-remote) for new tags,
      // which go through the same trigger rule; a released tag that moved there raises an alert.
      RemoteWatcher watcher =
          new RemoteWatcher(hosting, core.platform.releasedTags(), core.journal, core.platform);
      watcher.start(core.projects, 60);
      opened.push(watcher);

      Instance in =
          new Instance(
              web,
              web + "/git",
              logUrl,
              caUrl,
              web,
              trustedRoot,
              signingConfig,
              buildersFile,
              identity.builderId(),
              dir.resolve("admin.token"));
      in.write(dir.resolve(Instance.FILE));
      up = new Up(in);
      up.open.addAll(opened);
      progress.accept("up: ready; wrote " + dir.resolve(Instance.FILE));
      return up;
    } catch (Exception e) {
      closeAll(opened);
      throw e;
    }
  }

  private static Server webServer(
      String host,
      int port,
      GitHosting hosting,
      Handler issuer,
      ReleasePages pages,
      RebuildApi rebuilds,
      PlatformApi api)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ContextHandler root =
        new ContextHandler(new Handler.Sequence(issuer, pages, rebuilds, api), "/");
    server.setHandler(new ContextHandlerCollection(hosting.handler(), root));
    server.setStopTimeout(2000);
    server.start();
    return server;
  }

  /** Ports chosen on first start and kept, so URLs (and the builder id) stay the same. */
  private static Properties ports(Path dir) throws IOException {
    Path f = dir.resolve("ports.properties");
    Properties p = new Properties();
    if (Files.exists(f)) {
      try (var in = Files.newInputStream(f)) {
        p.load(in);
      }
    }
    boolean changed = false;
    for (String k : List.of("web", "log", "ca")) {
      if (p.getProperty(k) == null) {
        p.setProperty(k, Integer.toString(freePort()));
        changed = true;
      }
    }
    if (changed) {
      try (var out = new java.io.ByteArrayOutputStream()) {
        p.store(out, "provenant up: ports of this instance (kept across restarts)");
        writeAtomically(f, out.toByteArray());
      }
    }
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  static void writeAtomically(Path f, byte[] bytes) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(
        tmp,
        f,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeLine(OutputStream out, String line) {
    synchronized (out) {
      try {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // The audit file is best effort next to the CA's own refusal answers.
      }
    }
  }

  private static void closeAll(Deque<AutoCloseable> opened) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        // Keep closing the rest.
      }
    }
  }

  @Override
  public void close() {
    closeAll(open);
  }
}
