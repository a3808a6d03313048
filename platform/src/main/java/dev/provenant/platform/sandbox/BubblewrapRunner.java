package dev.provenant.platform.sandbox;

import static dev.provenant.platform.sandbox.SandboxException.Reason.DATA_DIR_EXPOSED;
import static dev.provenant.platform.sandbox.SandboxException.Reason.HOST_IO;
import static dev.provenant.platform.sandbox.SandboxException.Reason.INVALID_REQUEST;
import static dev.provenant.platform.sandbox.SandboxException.Reason.NOT_ROOT;
import static dev.provenant.platform.sandbox.SandboxException.Reason.TOOL_MISSING;

import dev.provenant.platform.sandbox.SandboxResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The shipped {@link Runner}: each build in a fresh bubblewrap sandbox.
 *
 * <p>Isolation, in the order it is set up (the launcher is started by a runner running as root):
 *
 * <ol>
 *   <li>a new workspace: a tmpfs mounted on the host (size = the file-size limit, so a build cannot
 *       fill the host's disk, and a file system of its own, so no hard link reaches outside it),
 *       holding a copy of the source tree owned by the build user;
 *   <li>per-build cgroups (memory, pids, cpu) which the launcher joins before anything else runs;
 *   <li>{@code prlimit}: RLIMIT_FSIZE = the file-size limit (SIGXFSZ past it), no core dumps;
 *   <li>{@code setpriv}: uid/gid 65534, no supplementary groups, no-new-privs, empty bounding and
 *       inheritable capability sets; dropping <em>before</em> bubblewrap matters, as bubblewrap run
 *       as root would map the sandbox to host root;
 *   <li>{@code bwrap}: new user (then disabled), PID, network, IPC, UTS, cgroup and mount
 *       namespaces; no capabilities; die-with-parent; a new session (no TIOCSTI into the runner's
 *       terminal); an empty environment; read-only {@code /usr} and toolchains, private {@code
 *       /proc}, {@code /dev}, tmpfs {@code /tmp}; the workspace read-write; the {@link
 *       SeccompFilter} deny-list.
 * </ol>
 *
 * <p>The build's network namespace has only its own loopback: with an empty allow-list the build
 * has no network at all. bubblewrap's argv is visible inside as {@code /proc/1/cmdline}: it holds
 * no secrets (nor does the environment), only paths and the steps, which come from the public build
 * definition.
 *
 * <p>After bubblewrap exits (or is killed at the time limit, when the cgroups report an OOM kill or
 * the pids limit, or on {@link #cancel}) every process left in the cgroup is killed, then the
 * outputs are collected by {@link OutputCollector}, then the workspace is unmounted and deleted and
 * the cgroups removed, on every path.
 */
public final class BubblewrapRunner implements Runner {
  private static final String SANDBOX_WORKSPACE = "/workspace";
  private static final int SECCOMP_FD = 9;
  private static final Duration POLL = Duration.ofMillis(25);
  private static final String EGRESS_SOCKET = "/run/provenant/egress.sock";
  private static final int EGRESS_PORT = 3128;
  private static final String STEP_SCRIPT =
      "n=$#; i=0; for s in \"$@\"; do i=$((i+1)); "
          + "printf '::provenant step %d/%d: %s\\n' \"$i\" \"$n\" \"$s\" >&2; "
          + "/bin/sh -c \"$s\" || { rc=$?; printf '::provenant step %d failed with status %d\\n' \"$i\" \"$rc\" >&2; exit $rc; }; "
          + "done";
  // Joins the cgroups, opens the seccomp program on SECCOMP_FD (as root, so the file stays
  // unreadable to the build user), then becomes prlimit -> setpriv -> bwrap.
  private static final String LAUNCHER =
      "f=$1; shift; for p in \"$1\" \"$2\" \"$3\"; do echo $$ > \"$p\" || exit 125; done; shift 3; "
          + "exec "
          + SECCOMP_FD
          + "<\"$f\" || exit 125; exec \"$@\"";

  private final BubblewrapConfig config;
  private final SeccompFilter seccomp;
  private final String version;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  private BubblewrapRunner(BubblewrapConfig config, SeccompFilter seccomp, String version) {
    this.config = config;
    this.seccomp = seccomp;
    this.version = version;
  }

  /**
   * Checks the host and builds a runner.
   *
   * @throws SandboxException TOOL_MISSING if bwrap, setpriv or prlimit is absent; NOT_ROOT unless
   *     running as root; DATA_DIR_EXPOSED if a toolchain bind or the work root overlaps a protected
   *     folder; UNSUPPORTED_ARCHITECTURE on other CPUs than x86_64 and aarch64
   */
  public static BubblewrapRunner create(BubblewrapConfig config) throws SandboxException {
    for (Path tool : List.of(config.bwrap(), config.setpriv(), config.prlimit())) {
      if (!Files.isExecutable(tool)) {
        throw new SandboxException(
            TOOL_MISSING,
            "expected an executable at " + tool + " (apt-get install bubblewrap util-linux)");
      }
    }
    if (!"0".equals(idU())) {
      throw new SandboxException(
          NOT_ROOT,
          "expected uid 0 (to drop to " + config.uid() + " and manage cgroups), got " + idU());
    }
    // bubblewrap runs as the build user and must reach the workspace to bind it.
    for (Path p = config.workRoot().toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      try {
        if (Files.exists(p)
            && !Files.getPosixFilePermissions(p)
                .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          throw new SandboxException(
              INVALID_REQUEST,
              "expected every folder above the work root to be traversable by uid "
                  + config.uid()
                  + " (o+x), but "
                  + p
                  + " is not");
        }
      } catch (IOException e) {
        throw new SandboxException(HOST_IO, "reading permissions of " + p, e);
      }
    }
    List<Path> exposed = new ArrayList<>(config.toolchains());
    exposed.add(Path.of("/usr"));
    exposed.add(config.workRoot());
    for (Path p : exposed) {
      checkNotProtected(config, p);
    }
    SeccompFilter filter = SeccompFilter.forHost();
    String version = run(List.of(config.bwrap().toString(), "--version")).trim();
    return new BubblewrapRunner(config, filter, version);
  }

  /**
   * Asks a running build to stop: within one poll interval it is killed and ends as CANCELLED.
   *
   * @param buildId the build's id
   */
  public void cancel(String buildId) {
    if (running.contains(buildId)) {
      cancelled.add(buildId);
    }
  }

  @Override
  public SandboxResult run(SandboxRequest request) throws SandboxException {
    boolean egress = !request.networkAllowList().isEmpty();
    if (egress && !Files.isExecutable(config.socat())) {
      throw new SandboxException(
          TOOL_MISSING,
          "the build allow-lists hosts "
              + request.networkAllowList()
              + " but the egress bridge "
              + config.socat()
              + " is missing (apt-get install socat)");
    }
    if (!Files.isDirectory(request.sourceTree(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SandboxException(
          INVALID_REQUEST, "source tree is not a directory: " + request.sourceTree());
    }
    Limits limits = config.operatorLimits().lowerTo(request.limits());
    if (!running.add(request.buildId())) {
      throw new SandboxException(
          INVALID_REQUEST, "build " + request.buildId() + " is already running");
    }
    try {
      return runOnce(request, limits);
    } finally {
      running.remove(request.buildId());
      cancelled.remove(request.buildId());
    }
  }

  @Override
  public void discardOutputs(String buildId) throws IOException {
    // The same name rule as the request's, so that no id can point outside the output root.
    new SandboxRequest(
        buildId,
        Path.of("."),
        List.of("true"),
        List.of(),
        Limits.DEFAULTS,
        List.of(),
        Path.of("."));
    dev.provenant.platform.FileTrees.deleteTree(config.outputRoot().resolve(buildId));
  }

  private SandboxResult runOnce(SandboxRequest request, Limits limits) throws SandboxException {
    boolean egress = !request.networkAllowList().isEmpty();
    long t0 = System.nanoTime();
    Path buildDir;
    Path store = config.outputRoot().resolve(request.buildId());
    try {
      Files.createDirectories(config.workRoot());
      Files.createDirectories(config.outputRoot());
      if (Files.exists(store, LinkOption.NOFOLLOW_LINKS)) {
        throw new SandboxException(
            INVALID_REQUEST,
            "output folder for build " + request.buildId() + " already exists: " + store);
      }
      buildDir = Files.createTempDirectory(config.workRoot(), "build-" + request.buildId() + "-");
      // Traversable (not listable) by the build user, who must reach the workspace to bind it.
      Files.setPosixFilePermissions(buildDir, PosixFilePermissions.fromString("rwx--x--x"));
    } catch (IOException e) {
      throw new SandboxException(
          HOST_IO, "creating the build folder under " + config.workRoot(), e);
    }
    Path workspace = buildDir.resolve("workspace");
    boolean mounted = false;
    BuildCgroups cgroups = null;
    EgressProxy proxy = null;
    try {
      Files.createDirectory(workspace);
      run(
          List.of(
              "mount",
              "-t",
              "tmpfs",
              "-o",
              "size="
                  + limits.fileSizeBytes()
                  + ",mode=0700,uid="
                  + config.uid()
                  + ",gid="
                  + config.gid()
                  + ",nosuid,nodev",
              "provenant-workspace",
              workspace.toString()));
      mounted = true;
      copyTree(request.sourceTree(), workspace);
      Path filter = buildDir.resolve("seccomp.bpf");
      Files.write(filter, seccomp.program());
      Files.setPosixFilePermissions(filter, PosixFilePermissions.fromString("rw-------"));
      cgroups = BuildCgroups.create(buildDir.getFileName().toString(), limits);

      if (egress) {
        Path dir = Files.createDirectory(buildDir.resolve("egress"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        proxy =
            EgressProxy.start(
                dir.resolve("proxy.sock"), request.networkAllowList(), config.uid(), config.gid());
      }
      List<String> binds = new ArrayList<>();
      List<String> bwrapArgs =
          bwrapArgv(
              workspace, limits, binds, request.steps(), proxy == null ? null : proxy.socket());
      List<String> argv =
          new ArrayList<>(
              List.of("/bin/sh", "-c", LAUNCHER, "provenant-launch", filter.toString()));
      for (Path p : cgroups.procsFiles()) {
        argv.add(p.toString());
      }
      argv.addAll(
          List.of(
              config.prlimit().toString(),
              "--fsize=" + limits.fileSizeBytes() + ":" + limits.fileSizeBytes(),
              "--core=0:0",
              "--"));
      argv.addAll(
          List.of(
              config.setpriv().toString(),
              "--reuid=" + config.uid(),
              "--regid=" + config.gid(),
              "--clear-groups",
              "--no-new-privs",
              "--inh-caps=-all",
              "--bounding-set=-all",
              "--"));
      argv.addAll(bwrapArgs);

      AppliedSettings settings =
          new AppliedSettings(
              version,
              List.of(
                  "user (further user namespaces disabled)",
                  "pid",
                  "net",
                  "ipc",
                  "uts",
                  "cgroup",
                  "mount"),
              config.uid(),
              config.gid(),
              List.of(),
              true,
              seccomp.architecture(),
              SeccompFilter.DENIED,
              SeccompFilter.SOCKET_FAMILIES,
              limits,
              binds,
              egress
                  ? "egress-proxy (HTTP GET/HEAD hashed, HTTPS CONNECT unhashed) to "
                      + request.networkAllowList()
                  : "none",
              bwrapArgs);

      Files.createDirectories(request.logFile().toAbsolutePath().getParent());
      ProcessBuilder pb =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(request.logFile().toFile())
              .redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      long t1 = System.nanoTime();
      Process process = pb.start();
      Status killedFor = null;
      String killReason = "";
      long deadline = t1 + limits.timeout().toNanos();
      while (!process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (cgroups.oomKills() > 0) {
          killedFor = Status.KILLED_MEMORY;
          killReason =
              "memory limit of "
                  + limits.memoryBytes()
                  + " bytes reached (OOM kills: "
                  + cgroups.oomKills()
                  + ")";
        } else if (cgroups.pidsLimitHits() > 0) {
          killedFor = Status.KILLED_PIDS;
          killReason =
              "process limit of "
                  + limits.pids()
                  + " reached ("
                  + cgroups.pidsLimitHits()
                  + " forks refused)";
        } else if (System.nanoTime() - deadline > 0) {
          killedFor = Status.TIMED_OUT;
          killReason = "time limit of " + limits.timeout() + " passed";
        } else if (cancelled.remove(request.buildId())) {
          killedFor = Status.CANCELLED;
          killReason = "cancelled by the platform";
        }
        if (killedFor != null) {
          cgroups.killAll();
          process.destroyForcibly();
          process.waitFor();
          break;
        }
      }
      int exit = process.waitFor();
      cgroups.killAll();
      // Limits can also end a build that exited on its own (an OOM-killed step makes the script
      // fail).
      if (killedFor == null && cgroups.oomKills() > 0) {
        killedFor = Status.KILLED_MEMORY;
        killReason =
            "memory limit of "
                + limits.memoryBytes()
                + " bytes reached (OOM kills: "
                + cgroups.oomKills()
                + ")";
      } else if (killedFor == null && cgroups.pidsLimitHits() > 0) {
        killedFor = Status.KILLED_PIDS;
        killReason =
            "process limit of "
                + limits.pids()
                + " reached ("
                + cgroups.pidsLimitHits()
                + " forks refused)";
      }
      List<SandboxResult.Fetched> fetched = List.of();
      if (proxy != null) {
        proxy.close();
        fetched = proxy.fetched();
        StringBuilder note = new StringBuilder();
        for (String r : proxy.refused()) {
          note.append("::provenant egress refused ").append(r).append('\n');
        }
        Files.writeString(request.logFile(), note, java.nio.file.StandardOpenOption.APPEND);
      }
      long t2 = System.nanoTime();

      Status status;
      String reason;
      List<SandboxResult.Output> outputs = List.of();
      if (killedFor != null) {
        status = killedFor;
        reason = killReason;
        exit = -1;
      } else if (exit == 128 + 25 || workspaceFull(workspace)) {
        status = Status.FILE_SIZE_EXCEEDED;
        reason =
            "file-size limit of "
                + limits.fileSizeBytes()
                + " bytes reached (exit status "
                + exit
                + ")";
      } else if (exit != 0) {
        status = Status.FAILED;
        reason = "a step exited with status " + exit + " (see the log)";
      } else {
        try {
          Files.createDirectories(store);
          outputs = OutputCollector.collect(workspace, request.outputPatterns(), store);
          status = Status.SUCCEEDED;
          reason =
              "all "
                  + request.steps().size()
                  + " steps exited 0; "
                  + outputs.size()
                  + " outputs collected";
        } catch (OutputCollector.RejectedException e) {
          dev.provenant.platform.FileTrees.deleteTree(store);
          status = Status.OUTPUT_REJECTED;
          reason = e.getMessage();
          outputs = List.of();
        }
      }
      long t3 = System.nanoTime();
      return new SandboxResult(
          status,
          exit,
          reason,
          outputs,
          fetched,
          settings,
          new SandboxResult.Timings(
              Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2)));
    } catch (IOException e) {
      throw new SandboxException(
          HOST_IO, "running build " + request.buildId() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException(
          HOST_IO, "interrupted while running build " + request.buildId(), e);
    } finally {
      SandboxException cleanup = null;
      if (proxy != null) {
        try {
          proxy.close();
        } catch (IOException e) {
          cleanup = new SandboxException(HOST_IO, "closing the egress proxy", e);
        }
      }
      if (cgroups != null) {
        try {
          cgroups.close();
        } catch (SandboxException e) {
          cleanup = e;
        }
      }
      if (mounted) {
        try {
          run(List.of("umount", workspace.toString()));
        } catch (SandboxException e) {
          cleanup = e;
        }
      }
      try {
        dev.provenant.platform.FileTrees.deleteTree(buildDir);
      } catch (IOException e) {
        cleanup = new SandboxException(HOST_IO, "deleting " + buildDir, e);
      }
      if (cleanup != null) {
        throw cleanup;
      }
    }
  }

  private List<String> bwrapArgv(
      Path workspace, Limits limits, List<String> binds, List<String> steps, Path egressSocket)
      throws SandboxException {
    List<String> a =
        new ArrayList<>(
            List.of(
                config.bwrap().toString(),
                "--die-with-parent",
                "--new-session",
                "--clearenv",
                "--unshare-all",
                "--unshare-user",
                "--disable-userns",
                "--cap-drop",
                "ALL",
                "--uid",
                Integer.toString(config.uid()),
                "--gid",
                Integer.toString(config.gid()),
                "--hostname",
                "provenant-build"));
    a.addAll(List.of("--ro-bind", "/usr", "/usr"));
    binds.add("ro /usr");
    for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
      Path p = Path.of(top);
      if (Files.isSymbolicLink(p)) {
        try {
          String target = Files.readSymbolicLink(p).toString();
          a.addAll(List.of("--symlink", target, top));
          binds.add("symlink " + top + " -> " + target);
        } catch (IOException e) {
          throw new SandboxException(HOST_IO, "reading symlink " + p, e);
        }
      } else if (Files.isDirectory(p)) {
        a.addAll(List.of("--ro-bind", top, top));
        binds.add("ro " + top);
      }
    }
    for (Path t : config.toolchains()) {
      if (Files.exists(t)) {
        a.addAll(List.of("--ro-bind", t.toString(), t.toString()));
        binds.add("ro " + t);
      }
    }
    a.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    binds.add("proc /proc (own PID namespace)");
    binds.add("dev /dev (null, zero, full, random, urandom, tty, shm)");
    a.addAll(List.of("--size", Long.toString(limits.fileSizeBytes()), "--tmpfs", "/tmp"));
    binds.add("tmpfs /tmp (" + limits.fileSizeBytes() + " bytes)");
    a.addAll(
        List.of("--bind", workspace.toString(), SANDBOX_WORKSPACE, "--chdir", SANDBOX_WORKSPACE));
    binds.add("rw " + SANDBOX_WORKSPACE + " (fresh tmpfs, " + limits.fileSizeBytes() + " bytes)");
    String script = STEP_SCRIPT;
    if (egressSocket != null) {
      a.addAll(List.of("--bind", egressSocket.toString(), EGRESS_SOCKET));
      binds.add("socket " + EGRESS_SOCKET + " (egress proxy)");
      String proxyUrl = "http://127.0.0.1:" + EGRESS_PORT;
      for (String v : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY")) {
        a.addAll(List.of("--setenv", v, proxyUrl));
      }
      // The bridge: the sandbox's own loopback port -> the proxy's UNIX socket. Wait until it
      // listens
      // (LISTEN state 0A on 127.0.0.1:3128 in /proc/net/tcp) so the first step can use it.
      script =
          config.socat()
              + " TCP-LISTEN:"
              + EGRESS_PORT
              + ",bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:"
              + EGRESS_SOCKET
              + " & i=0; while ! grep -q ':"
              + String.format("%04X", EGRESS_PORT)
              + " 00000000:0000 0A' /proc/net/tcp; do i=$((i+1)); "
              + "if [ $i -gt 400 ]; then echo '::provenant egress bridge did not start' >&2; exit 125; fi; sleep 0.025; done; "
              + STEP_SCRIPT;
    }
    // bubblewrap's root is a writable tmpfs; make it read-only so only /workspace and /tmp take
    // writes.
    a.addAll(List.of("--remount-ro", "/"));
    binds.add("ro / (bubblewrap's root tmpfs, remounted read-only)");
    a.addAll(
        List.of(
            "--setenv",
            "PATH",
            "/usr/local/bin:/usr/bin:/bin",
            "--setenv",
            "HOME",
            SANDBOX_WORKSPACE,
            "--setenv",
            "TMPDIR",
            "/tmp",
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--seccomp",
            Integer.toString(SECCOMP_FD),
            "--",
            "/bin/sh",
            "-c",
            script,
            "provenant-steps"));
    a.addAll(steps);
    return a;
  }

  private static void checkNotProtected(BubblewrapConfig config, Path exposed)
      throws SandboxException {
    Path e = realish(exposed);
    for (Path d : config.protectedDirs()) {
      Path p = realish(d);
      if (p.startsWith(e) || e.startsWith(p)) {
        throw new SandboxException(
            DATA_DIR_EXPOSED,
            "expected "
                + exposed
                + " to be disjoint from protected folder "
                + d
                + ", but one contains the other");
      }
    }
  }

  private static Path realish(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  private static boolean workspaceFull(Path workspace) {
    try {
      return Files.getFileStore(workspace).getUsableSpace() < 64 * 1024;
    } catch (IOException e) {
      return false;
    }
  }

  /** Copies the tree without following links and gives every copy to the build user. */
  private void copyTree(Path from, Path to) throws IOException {
    UserPrincipalLookupService users = to.getFileSystem().getUserPrincipalLookupService();
    var owner = users.lookupPrincipalByName(Integer.toString(config.uid()));
    var group = users.lookupPrincipalByGroupName(Integer.toString(config.gid()));
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Path target = to.resolve(from.relativize(dir).toString());
            if (!dir.equals(from)) {
              Files.copy(
                  dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
              chown(target);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Path target = to.resolve(from.relativize(file).toString());
            if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
              Files.copy(
                  file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
              chown(target);
            }
            return FileVisitResult.CONTINUE;
          }

          private void chown(Path p) throws IOException {
            PosixFileAttributeView v =
                Files.getFileAttributeView(
                    p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            v.setOwner(owner);
            v.setGroup(group);
          }
        });
  }

  private static String idU() throws SandboxException {
    return run(List.of("id", "-u")).trim();
  }

  /** Runs a short host command and returns its stdout. */
  private static String run(List<String> cmd) throws SandboxException {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SandboxException(HOST_IO, "timed out: " + cmd);
      }
      if (p.exitValue() != 0) {
        throw new SandboxException(
            HOST_IO, "expected exit 0 from " + cmd + ", got " + p.exitValue() + ": " + out.trim());
      }
      return out;
    } catch (IOException e) {
      throw new SandboxException(TOOL_MISSING, "could not run " + cmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException(HOST_IO, "interrupted: " + cmd, e);
    }
  }
}
