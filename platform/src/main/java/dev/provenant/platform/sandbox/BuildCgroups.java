package dev.provenant.platform.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-build cgroups (v1 memory, pids and cpu controllers) a sandbox runs in: created before the
 * build, read for the limit counters, used to kill every process of the build, removed afterwards.
 * They are created below the runner's own cgroup, so limits set on the platform still apply.
 */
final class BuildCgroups implements AutoCloseable {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final Path memory;
  private final Path pids;
  private final Path cpu;

  private BuildCgroups(Path memory, Path pids, Path cpu) {
    this.memory = memory;
    this.pids = pids;
    this.cpu = cpu;
  }

  /**
   * Creates the three groups named {@code provenant-<name>} and writes the limits into them.
   *
   * @throws SandboxException CGROUPS_UNAVAILABLE if a v1 controller is not mounted or writable
   */
  static BuildCgroups create(String name, Limits limits) throws SandboxException {
    Path memory = groupFor("memory", name);
    Path pids = groupFor("pids", name);
    Path cpu = groupFor("cpu", name);
    List<Path> made = new ArrayList<>();
    try {
      for (Path p : List.of(memory, pids, cpu)) {
        Files.createDirectory(p);
        made.add(p);
      }
      write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
      // Without this the build could push its pages to swap and go past its memory limit.
      Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
      if (Files.exists(memsw)) {
        write(memsw, Long.toString(limits.memoryBytes()));
      }
      write(memory.resolve("memory.swappiness"), "0");
      write(pids.resolve("pids.max"), Integer.toString(limits.pids()));
      write(cpu.resolve("cpu.cfs_period_us"), "100000");
      write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuMillis() * 100L));
      return new BuildCgroups(memory, pids, cpu);
    } catch (IOException e) {
      for (int i = made.size() - 1; i >= 0; i--) {
        try {
          Files.deleteIfExists(made.get(i));
        } catch (IOException ignored) {
          // best effort: the original failure is what matters
        }
      }
      throw new SandboxException(
          SandboxException.Reason.CGROUPS_UNAVAILABLE,
          "expected writable cgroup v1 memory, pids and cpu controllers under " + ROOT + ": " + e,
          e);
    }
  }

  private static Path groupFor(String controller, String name) throws SandboxException {
    Path mount = ROOT.resolve(controller);
    if (!Files.isRegularFile(mount.resolve("cgroup.procs"))) {
      throw new SandboxException(
          SandboxException.Reason.CGROUPS_UNAVAILABLE,
          "expected a cgroup v1 '" + controller + "' hierarchy at " + mount + ", found none");
    }
    return mount.resolve(ownPath(controller)).resolve("provenant-" + name);
  }

  /** This process's cgroup in {@code controller}, relative to the hierarchy's root. */
  private static String ownPath(String controller) throws SandboxException {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && List.of(f[1].split(",")).contains(controller)) {
          return f[2].startsWith("/") ? f[2].substring(1) : f[2];
        }
      }
    } catch (IOException e) {
      throw new SandboxException(
          SandboxException.Reason.CGROUPS_UNAVAILABLE, "reading /proc/self/cgroup", e);
    }
    throw new SandboxException(
        SandboxException.Reason.CGROUPS_UNAVAILABLE,
        "controller " + controller + " not in /proc/self/cgroup");
  }

  /**
   * The {@code cgroup.procs} files a process writes its pid to in order to join all three groups.
   */
  List<Path> procsFiles() {
    return List.of(
        memory.resolve("cgroup.procs"), pids.resolve("cgroup.procs"), cpu.resolve("cgroup.procs"));
  }

  /** Number of processes the kernel's OOM killer killed in the memory group. */
  long oomKills() {
    return field(memory.resolve("memory.oom_control"), "oom_kill");
  }

  /** Number of times a fork or clone failed because {@code pids.max} was reached. */
  long pidsLimitHits() {
    return field(pids.resolve("pids.events"), "max");
  }

  /** Highest memory use, in bytes. */
  long memoryPeak() {
    try {
      return Long.parseLong(Files.readString(memory.resolve("memory.max_usage_in_bytes")).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static long field(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] kv = line.trim().split("\\s+");
        if (kv.length == 2 && kv[0].equals(key)) {
          return Long.parseLong(kv[1]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The pids of every process still in the build's pids group. */
  List<Long> members() {
    List<Long> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(pids.resolve("cgroup.procs"))) {
        if (!line.isBlank()) {
          out.add(Long.parseLong(line.trim()));
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException | NumberFormatException e) {
      return out;
    }
    return out;
  }

  /**
   * SIGKILLs every process of the build until the group is empty. New processes cannot escape the
   * group: children are born in their parent's cgroup and the build cannot write cgroup files.
   *
   * @return true if the group is empty
   */
  boolean killAll() {
    for (int round = 0; round < 200; round++) {
      List<Long> left = members();
      if (left.isEmpty()) {
        return true;
      }
      for (long pid : left) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return members().isEmpty();
      }
    }
    return members().isEmpty();
  }

  /** Kills what is left and removes the three groups. */
  @Override
  public void close() throws SandboxException {
    killAll();
    List<String> failed = new ArrayList<>();
    for (Path p : List.of(cpu, pids, memory)) {
      boolean removed = false;
      for (int i = 0; i < 100 && !removed; i++) {
        try {
          Files.deleteIfExists(p);
          removed = true;
        } catch (IOException e) {
          // EBUSY while the kernel finishes reaping the last task
          try {
            Thread.sleep(10);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      if (!removed) {
        failed.add(p.toString());
      }
    }
    if (!failed.isEmpty()) {
      throw new SandboxException(
          SandboxException.Reason.HOST_IO, "could not remove cgroups " + failed);
    }
  }

  private static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }
}
