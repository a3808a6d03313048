package dev.provenant.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.testing.Skip;
import dev.provenant.platform.sandbox.SandboxResult.Status;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real bubblewrap sandboxes (no mocks): one build that must succeed, and escape attempts that
 * must be contained with the right status. Needs root, bubblewrap, util-linux and cgroup v1; under
 * CI=true a missing prerequisite fails instead of skipping.
 */
class BubblewrapRunnerTest {
  private static final String SECRET = "platform-secret-4f1c2e";
  // Small limits keep every test fast.
  private static final Limits SMALL =
      new Limits(256L << 20, 64, 1000, Duration.ofSeconds(30), 64L << 20);

  @TempDir Path base;
  private Path dataDir;
  private Path workRoot;
  private Path outputRoot;
  private Path source;
  private BubblewrapRunner runner;
  private final AtomicInteger ids = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    Skip.unless(
        Files.isExecutable(Path.of("/usr/bin/bwrap")),
        "bubblewrap at /usr/bin/bwrap (apt-get install bubblewrap)");
    Skip.unless(
        "root".equals(System.getProperty("user.name")),
        "running as root (the runner drops to uid 65534 itself)");
    Skip.unless(
        Files.exists(Path.of("/sys/fs/cgroup/pids/cgroup.procs")),
        "cgroup v1 pids/memory/cpu hierarchies");
    // Traversable by uid 65534 (the workspace is bound from below here), and the data directory
    // readable by anyone: only the mount namespace keeps the build from it, not permissions.
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    dataDir = Files.createDirectory(base.resolve("data"));
    Files.writeString(dataDir.resolve("secret.txt"), SECRET);
    workRoot = Files.createDirectory(base.resolve("work"));
    outputRoot = Files.createDirectory(base.resolve("out"));
    source = Files.createDirectory(base.resolve("src"));
    Files.writeString(source.resolve("input.txt"), "from the source tree\n");
    runner =
        BubblewrapRunner.create(
            BubblewrapConfig.defaults(workRoot, outputRoot, dataDir).withOperatorLimits(SMALL));
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    if (workRoot == null) {
      return;
    }
    try (Stream<Path> s = Files.list(workRoot)) {
      assertThat(s).as("workspaces destroyed").isEmpty();
    }
    for (String c : List.of("memory", "pids", "cpu")) {
      try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup", c), 3)) {
        assertThat(
                s.filter(
                    p ->
                        p.getFileName()
                            .toString()
                            .startsWith("provenant-build-" + "t" + ProcessHandle.current().pid())))
            .as("cgroups removed")
            .isEmpty();
      }
    }
  }

  private SandboxResult build(Limits limits, List<String> outputs, String... steps)
      throws Exception {
    String id = "t" + ProcessHandle.current().pid() + "-" + ids.incrementAndGet();
    SandboxRequest req =
        new SandboxRequest(
            id,
            source,
            List.of(steps),
            outputs,
            limits,
            List.of(),
            base.resolve("logs/" + id + ".log"));
    return runner.run(req);
  }

  private String log(SandboxResult r) throws IOException {
    try (Stream<Path> s = Files.list(base.resolve("logs"))) {
      StringBuilder b = new StringBuilder();
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        b.append(Files.readString(p, StandardCharsets.ISO_8859_1));
      }
      return b.toString();
    }
  }

  @Test
  void run_buildWritingOutputs_succeedsAndPlatformHashesThem() throws Exception {
    SandboxResult r =
        build(
            SMALL,
            List.of("dist/*.txt"),
            "mkdir -p dist",
            "printf hello > dist/a.txt",
            "cp input.txt dist/b.txt",
            "id -u > dist/uid.txt",
            "grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status > dist/status.txt",
            "echo not-an-output > dist/c.bin");
    assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
    assertThat(r.exitCode()).isZero();
    assertThat(r.outputs())
        .extracting(SandboxResult.Output::name)
        .containsExactly("dist/a.txt", "dist/b.txt", "dist/status.txt", "dist/uid.txt");
    SandboxResult.Output a = r.outputs().get(0);
    assertThat(a.sha256())
        .isEqualTo(Hex.encode(Sha256.hash("hello".getBytes(StandardCharsets.UTF_8))));
    assertThat(a.size()).isEqualTo(5);
    assertThat(a.storedCopy()).startsWith(outputRoot).hasContent("hello");
    assertThat(r.outputs().get(1).storedCopy()).hasContent("from the source tree");
    assertThat(r.outputs().get(3).storedCopy()).hasContent("65534");
    assertThat(Files.readString(r.outputs().get(2).storedCopy()))
        .contains(
            "CapEff:\t0000000000000000",
            "CapBnd:\t0000000000000000",
            "NoNewPrivs:\t1",
            "Seccomp:\t2");
    assertThat(r.settings().uid()).isEqualTo(65534);
    assertThat(r.settings().argv())
        .contains("--unshare-all", "--disable-userns", "--die-with-parent", "--seccomp");
    assertThat(r.timings().build()).isPositive();
    assertThat(log(r)).contains("::provenant step 6/6");
  }

  @Test
  void run_readingPlatformDataDirectory_findsNothing() throws Exception {
    String d = dataDir.toString();
    SandboxResult r =
        build(
            SMALL,
            List.of("seen.txt"),
            "ls -a / > seen.txt",
            "if [ -e '"
                + d
                + "' ] || cat '"
                + d
                + "/secret.txt'; then echo DA\"\"TA-VISIBLE; exit 3; fi",
            // the host's root is not reachable through /proc either
            "if cat '/proc/1/root" + d + "/secret.txt'; then exit 4; fi");
    assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
    assertThat(log(r)).doesNotContain(SECRET).doesNotContain("DATA-VISIBLE");
    assertThat(Files.readAllLines(r.outputs().get(0).storedCopy()))
        .containsExactlyInAnyOrder(
            ".",
            "..",
            "bin",
            "dev",
            "etc",
            "lib",
            "lib64",
            "proc",
            "sbin",
            "tmp",
            "usr",
            "workspace");
  }

  @Test
  void create_toolchainBindContainingDataDirectory_isRefused() {
    BubblewrapConfig bad =
        new BubblewrapConfig(
            Path.of("/usr/bin/bwrap"),
            Path.of("/usr/bin/setpriv"),
            Path.of("/usr/bin/prlimit"),
            Path.of("/usr/bin/socat"),
            workRoot,
            outputRoot,
            List.of(dataDir),
            List.of(base),
            SMALL,
            65534,
            65534);
    assertThatThrownBy(() -> BubblewrapRunner.create(bad))
        .isInstanceOfSatisfying(
            SandboxException.class,
            e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.DATA_DIR_EXPOSED));
  }

  @Test
  void create_workRootUnreachableForBuildUser_isRefused() throws Exception {
    Path closed = Files.createDirectory(base.resolve("closed"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    BubblewrapConfig bad = BubblewrapConfig.defaults(closed.resolve("work"), outputRoot, dataDir);
    assertThatThrownBy(() -> BubblewrapRunner.create(bad))
        .isInstanceOfSatisfying(
            SandboxException.class,
            e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.INVALID_REQUEST));
  }

  @Test
  void run_connectingToHostTcpServices_isRefusedAndNothingArrives() throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
      AtomicInteger accepted = new AtomicInteger();
      Thread t =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      t.start();
      List<String> targets = new ArrayList<>(List.of("127.0.0.1"));
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress addr : Collections.list(nif.getInetAddresses())) {
          if (addr instanceof Inet4Address && !addr.isLoopbackAddress()) {
            targets.add(addr.getHostAddress());
          }
        }
      }
      // Sanity: the service is reachable from the host, so a refusal inside means isolation.
      try (Socket s = new Socket("127.0.0.1", server.getLocalPort())) {
        assertThat(s.isConnected()).isTrue();
      }
      List<String> steps = new ArrayList<>();
      for (String ip : targets) {
        steps.add(
            "if perl -MIO::Socket::INET -e 'exit(IO::Socket::INET->new(PeerAddr => \""
                + ip
                + ":"
                + server.getLocalPort()
                + "\", Timeout => 2) ? 0 : 1)'; then echo RE\"\"ACHED "
                + ip
                + "; exit 3; else echo refused "
                + ip
                + "; fi");
      }
      SandboxResult r = build(SMALL, List.of(), steps.toArray(String[]::new));
      server.close();
      t.join(2000);
      assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
      assertThat(log(r)).doesNotContain("REACHED").contains("refused 127.0.0.1");
      assertThat(accepted.get())
          .as("connections from the sandbox")
          .isEqualTo(1); // only the host's own sanity check
    }
  }

  @Test
  void run_connectingToHostAbstractUnixSocket_fails() throws Exception {
    Skip.unless(Files.isExecutable(Path.of("/usr/bin/socat")), "socat (apt-get install socat)");
    String name = "provenant-test-" + ProcessHandle.current().pid();
    Process listener =
        new ProcessBuilder(
                "/usr/bin/socat",
                "ABSTRACT-LISTEN:" + name + ",fork",
                "SYSTEM:echo host-side-reached")
            .redirectErrorStream(true)
            .start();
    try {
      // Sanity: reachable from the host's network namespace.
      String fromHost = "";
      for (int i = 0; i < 50 && !fromHost.contains("host-side-reached"); i++) {
        Thread.sleep(50);
        Process p =
            new ProcessBuilder("/usr/bin/socat", "-u", "ABSTRACT-CONNECT:" + name, "-")
                .redirectErrorStream(true)
                .start();
        fromHost = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
      }
      assertThat(fromHost).contains("host-side-reached");
      SandboxResult r =
          build(SMALL, List.of(), "if socat -u ABSTRACT-CONNECT:" + name + " - ; then exit 3; fi");
      assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
      assertThat(log(r)).doesNotContain("host-side-reached").contains("Connection refused");
    } finally {
      listener.destroyForcibly().waitFor();
    }
  }

  @Test
  void cancel_runningBuild_killsItPromptly() throws Exception {
    String id = "t" + ProcessHandle.current().pid() + "-" + ids.incrementAndGet();
    SandboxRequest req =
        new SandboxRequest(
            id,
            source,
            List.of("sleep 30"),
            List.of(),
            SMALL,
            List.of(),
            base.resolve("logs/" + id + ".log"));
    CompletableFuture<SandboxResult> f =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return runner.run(req);
              } catch (SandboxException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1000);
    long start = System.nanoTime();
    runner.cancel(id);
    SandboxResult r = f.get();
    assertThat(r.status()).isEqualTo(Status.CANCELLED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void run_networkWithoutAllowList_hasOnlyLoopbackNoDnsNoRoute() throws Exception {
    SandboxResult r =
        build(
            SMALL,
            List.of(),
            "if getent hosts example.com; then echo DN\"\"S-WORKS; exit 3; fi",
            "if perl -MIO::Socket::INET -e 'exit(IO::Socket::INET->new(PeerAddr => \"1.1.1.1:443\", Timeout => 2) ? 0 : 1)'; then echo RO\"\"UTED; exit 4; fi",
            "cat /proc/net/dev",
            "test \"$(tail -n +3 /proc/net/dev | wc -l)\" = 1");
    assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
    assertThat(log(r)).doesNotContain("DNS-WORKS").doesNotContain("ROUTED").contains("lo:");
  }

  @Test
  void run_writingOutsideWorkspace_fails() throws Exception {
    String marker = "pwned-" + ProcessHandle.current().pid();
    List<String> targets =
        List.of(
            "/usr/" + marker,
            "/etc/alternatives/" + marker,
            "/" + marker,
            "/proc/" + marker,
            "/usr/lib/" + marker);
    List<String> steps = new ArrayList<>();
    for (String f : targets) {
      steps.add("if touch '" + f + "'; then echo WR\"\"OTE " + f + "; exit 3; fi");
    }
    steps.add("touch /tmp/ok " + "/workspace/ok");
    SandboxResult r = build(SMALL, List.of(), steps.toArray(String[]::new));
    assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
    assertThat(log(r)).doesNotContain("WROTE").contains("Read-only file system");
    for (String f : targets) {
      assertThat(Path.of(f)).doesNotExist();
    }
  }

  @Test
  void run_concurrentBuilds_cannotSeeEachOthersFilesOrProcesses() throws Exception {
    CompletableFuture<SandboxResult> other =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return build(SMALL, List.of(), "echo other > OTHER-MARKER", "sleep 4.25");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1500);
    SandboxResult r =
        build(
            SMALL,
            List.of(),
            "ps -eo pid,args",
            "if ps -eo args | grep -q '[s]leep 4.25'; then echo SA\"\"W-PROCESS; exit 3; fi",
            "test \"$(ls /proc | grep -c '^[0-9]')\" -lt 10",
            "if find / -xdev -name OTHER-MARKER 2>/dev/null | grep -q .; then echo SA\"\"W-FILE; exit 4; fi",
            "if ls /workspace/OTHER-MARKER 2>/dev/null; then exit 5; fi");
    SandboxResult o = other.get();
    assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
    assertThat(log(r)).doesNotContain("SAW-PROCESS").doesNotContain("SAW-FILE");
  }

  @Test
  void run_forkBomb_isKilledAtPidsLimit() throws Exception {
    long start = System.nanoTime();
    SandboxResult r = build(SMALL, List.of(), "f() { f | f & }; f; sleep 20");
    assertThat(r.status()).as(r.reason()).isEqualTo(Status.KILLED_PIDS);
    assertThat(r.reason()).contains("process limit of 64");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void run_exceedingMemory_isKilledByOom() throws Exception {
    Limits small = new Limits(64L << 20, 64, 1000, Duration.ofSeconds(30), 64L << 20);
    SandboxResult r =
        build(small, List.of(), "perl -e '$x = \"a\" x (400 * 1024 * 1024); print length($x)'");
    assertThat(r.status()).as(r.reason()).isEqualTo(Status.KILLED_MEMORY);
    assertThat(r.settings().limits().memoryBytes()).isEqualTo(64L << 20);
  }

  @Test
  void run_outlivingTimeLimit_isKilledWithAllItsProcesses() throws Exception {
    Limits small = new Limits(256L << 20, 64, 1000, Duration.ofSeconds(2), 64L << 20);
    long start = System.nanoTime();
    SandboxResult r = build(small, List.of(), "(sleep 61.5 &) ; setsid sleep 62.5 & sleep 63.5");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.status()).as(r.reason()).isEqualTo(Status.TIMED_OUT);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(
            ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(
                    c ->
                        c.contains("sleep 61.5")
                            || c.contains("sleep 62.5")
                            || c.contains("sleep 63.5")))
        .as("no process of the build survives")
        .isEmpty();
  }

  @Test
  void run_escalationAttempts_areDenied() throws Exception {
    List<String> steps =
        new ArrayList<>(
            List.of(
                "if unshare -U true; then echo UN\"\"SHARE-USER; exit 3; fi",
                "if unshare -r -n true; then echo UN\"\"SHARE-NET; exit 4; fi",
                // socket(AF_NETLINK) is outside the seccomp socket-family filter: EAFNOSUPPORT
                "perl -MSocket -e 'socket(my $s, 16, SOCK_RAW, 0) and exit 5; print \"netlink: $!\\n\"; exit($!{EAFNOSUPPORT} ? 0 : 6)'",
                // AF_PACKET too
                "perl -MSocket -e 'socket(my $s, 17, SOCK_RAW, 0) and exit 7; exit($!{EAFNOSUPPORT} ? 0 : 8)'",
                // setuid binaries are inert: /usr is mounted nosuid (and no-new-privs is set,
                // checked above)
                "grep -E '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ /usr [^ ]*nosuid' /proc/self/mountinfo"));
    if (Files.isExecutable(Path.of("/usr/bin/strace"))) {
      steps.add("if strace -o /dev/null true; then echo PT\"\"RACE; exit 10; fi");
    }
    SandboxResult r = build(SMALL, List.of(), steps.toArray(String[]::new));
    assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
    // EPERM comes from the seccomp filter: without it, --disable-userns alone fails unshare with
    // ENOSPC, and strace and netlink sockets work (checked by hand with the same bwrap arguments).
    assertThat(log(r))
        .contains("unshare: unshare failed: Operation not permitted")
        .contains("netlink: Address family not supported");
    if (Files.isExecutable(Path.of("/usr/bin/strace"))) {
      assertThat(log(r)).contains("PTRACE_TRACEME: Operation not permitted");
    }
    assertThat(r.settings().seccompDenied())
        .contains("ptrace", "unshare", "setns", "mount", "bpf", "io_uring_setup");
  }

  @Test
  void run_symlinkOutput_isRejected() throws Exception {
    SandboxResult r =
        build(
            SMALL,
            List.of("dist/*"),
            "mkdir dist",
            "echo ok > dist/ok.txt",
            "ln -s /etc/passwd dist/passwd");
    assertThat(r.status()).isEqualTo(Status.OUTPUT_REJECTED);
    assertThat(r.reason()).contains("dist/passwd").contains("symbolic link");
    assertThat(r.outputs()).isEmpty();
    assertThat(outputRoot.resolve("t" + ProcessHandle.current().pid() + "-" + ids.get()))
        .doesNotExist();
  }

  @Test
  void run_missingOutput_isRejected() throws Exception {
    SandboxResult r = build(SMALL, List.of("dist/*.jar"), "mkdir -p dist/sub.jar");
    assertThat(r.status()).isEqualTo(Status.OUTPUT_REJECTED);
    assertThat(r.reason()).contains("matched no regular file");
  }

  @Test
  void run_failingStep_stopsTheBuild() throws Exception {
    SandboxResult r = build(SMALL, List.of("never"), "exit 7", "touch never");
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(log(r))
        .contains("::provenant step 1 failed with status 7")
        .doesNotContain("step 2/2");
  }

  @Test
  void run_writingPastFileSizeLimit_fails() throws Exception {
    Limits small = new Limits(256L << 20, 64, 1000, Duration.ofSeconds(30), 1L << 20);
    SandboxResult r = build(small, List.of(), "head -c 2000000 /dev/zero > big");
    assertThat(r.status()).as(r.reason()).isEqualTo(Status.FILE_SIZE_EXCEEDED);
  }

  @Test
  void run_allowListedFetches_goThroughEgressProxyAndAreHashed() throws Exception {
    Skip.unless(Files.isExecutable(Path.of("/usr/bin/socat")), "socat (apt-get install socat)");
    Skip.unless(Files.isExecutable(Path.of("/usr/bin/curl")), "curl (apt-get install curl)");
    byte[] dep = "dependency bytes\n".getBytes(StandardCharsets.UTF_8);
    AtomicInteger hits = new AtomicInteger();
    HttpServer allowed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    allowed.createContext(
        "/dep.txt",
        ex -> {
          hits.incrementAndGet();
          ex.sendResponseHeaders(200, dep.length);
          ex.getResponseBody().write(dep);
          ex.close();
        });
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger otherHits = new AtomicInteger();
    other.createContext(
        "/",
        ex -> {
          otherHits.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    allowed.start();
    other.start();
    try {
      String ok = "127.0.0.1:" + allowed.getAddress().getPort();
      String no = "127.0.0.1:" + other.getAddress().getPort();
      String id = "t" + ProcessHandle.current().pid() + "-" + ids.incrementAndGet();
      String byName = "localhost:" + allowed.getAddress().getPort();
      SandboxRequest req =
          new SandboxRequest(
              id,
              source,
              List.of(
                  "curl -sSf -o dep.txt http://" + ok + "/dep.txt",
                  // allow-listed by name, but the name resolves to the host's loopback: refused
                  "if curl -sSf http://" + byName + "/dep.txt; then echo LO\"\"CALHOST; exit 5; fi",
                  "if curl -sSf http://" + no + "/secret; then echo NO\"\"T-REFUSED; exit 3; fi",
                  "if curl -sSf --noproxy '*' http://"
                      + ok
                      + "/dep.txt; then echo BY\"\"PASSED; exit 4; fi",
                  "curl -sSf --proxytunnel -o tunnelled.txt http://" + ok + "/dep.txt"),
              List.of("dep.txt", "tunnelled.txt"),
              SMALL,
              List.of(ok, byName),
              base.resolve("logs/" + id + ".log"));
      SandboxResult r = runner.run(req);
      assertThat(r.status()).as(r.reason() + "\n" + log(r)).isEqualTo(Status.SUCCEEDED);
      assertThat(log(r))
          .doesNotContain("NOT-REFUSED")
          .doesNotContain("BYPASSED")
          .doesNotContain("LOCALHOST")
          .contains(
              "::provenant egress refused GET http://"
                  + byName
                  + "/dep.txt: localhost resolves to non-public address")
          .contains(
              "::provenant egress refused GET http://" + no + "/secret: host not allow-listed");
      String sha = Hex.encode(Sha256.hash(dep));
      assertThat(r.fetched())
          .containsExactly(
              new SandboxResult.Fetched("http://" + ok + "/dep.txt", sha),
              new SandboxResult.Fetched("https://" + ok, ""));
      assertThat(r.outputs()).extracting(SandboxResult.Output::sha256).containsExactly(sha, sha);
      assertThat(hits.get()).as("proxied GET + tunnelled GET, no direct connection").isEqualTo(2);
      assertThat(otherHits.get()).as("refused host never contacted").isZero();
      assertThat(r.settings().network()).startsWith("egress-proxy");
      assertThat(new String(Sboms.toJson("demo", "v1", r.fetched()), StandardCharsets.UTF_8))
          .contains(sha);
    } finally {
      allowed.stop(0);
      other.stop(0);
    }
  }
}
