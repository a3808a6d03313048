package dev.provenant.platform.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the platform observed about one build. Produced on the host side after the sandbox has
 * exited and every process of it has been killed, so the build cannot influence it except through
 * its exit status and the files in its workspace.
 *
 * @param status how the build ended
 * @param exitCode exit status of the step script ({@code 128+n} for signal n), or -1 if it was
 *     killed by the platform before it exited
 * @param reason human-readable explanation of the status (the limit hit, the rejected output ...)
 * @param outputs the collected outputs, sorted by name; empty unless {@code status} is SUCCEEDED
 * @param fetched every resource the egress proxy served to the build, in order
 * @param settings the isolation that was applied, for the provenance's internalParameters
 * @param timings how long each phase took
 */
public record SandboxResult(
    Status status,
    int exitCode,
    String reason,
    List<Output> outputs,
    List<Fetched> fetched,
    AppliedSettings settings,
    Timings timings) {

  /** Copies the lists. */
  public SandboxResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    outputs = List.copyOf(outputs);
    fetched = List.copyOf(fetched);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(timings, "timings");
  }

  /** How a build ended. */
  public enum Status {
    /** Every step exited 0 and every output pattern matched regular files inside the workspace. */
    SUCCEEDED,
    /** A step exited non-zero (or was killed by a signal the platform did not send). */
    FAILED,
    /** The wall-clock limit passed; the whole sandbox was killed. */
    TIMED_OUT,
    /** The kernel's OOM killer fired in the build's memory cgroup; the sandbox was killed. */
    KILLED_MEMORY,
    /** The build tried to exceed its process limit; the sandbox was killed. */
    KILLED_PIDS,
    /** A write went past the file-size limit (SIGXFSZ) or filled the workspace. */
    FILE_SIZE_EXCEEDED,
    /**
     * The platform cancelled the build ({@link BubblewrapRunner#cancel}); the sandbox was killed.
     */
    CANCELLED,
    /**
     * The steps succeeded but an output was missing, a symlink, a directory or not a regular file.
     */
    OUTPUT_REJECTED
  }

  /**
   * One released file, copied out of the workspace by the platform and hashed while copied.
   *
   * @param name path relative to the workspace, with '/' separators
   * @param storedCopy the copy outside the workspace (the workspace itself is gone)
   * @param sha256 lowercase hex SHA-256 of the bytes
   * @param size length in bytes
   */
  public record Output(String name, Path storedCopy, String sha256, long size) {}

  /**
   * One resource fetched through the egress proxy.
   *
   * @param url the URL requested ({@code https://host:port} for a tunnel, whose content the proxy
   *     does not see)
   * @param sha256 lowercase hex SHA-256 of the bytes returned, or empty when the content is unknown
   *     (HTTPS tunnels are not intercepted)
   */
  public record Fetched(String url, String sha256) {}

  /**
   * Durations of the phases.
   *
   * @param sandboxStart creating the workspace, copying the tree, cgroups, seccomp filter
   * @param build from starting bubblewrap until it exited or was killed
   * @param collect collecting and hashing the outputs and destroying the workspace
   */
  public record Timings(Duration sandboxStart, Duration build, Duration collect) {}
}
