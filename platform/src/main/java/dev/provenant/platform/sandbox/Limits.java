package dev.provenant.platform.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of one build. The defaults are the platform's (issue 9): 4 GiB memory, 512
 * processes, 30 minutes, 2 GiB written. A build definition's {@code limits:} may only lower them
 * ({@link #lowerTo}); the operator may raise them by configuring the runner with larger limits.
 *
 * @param memoryBytes memory cgroup limit; tmpfs pages the build writes (its {@code /tmp}) count too
 * @param pids most tasks (processes and threads) alive at once in the build's cgroup
 * @param cpuMillis CPU bandwidth in thousandths of a CPU (CFS quota), e.g. 2000 = two CPUs
 * @param timeout wall-clock time after which the whole sandbox is killed
 * @param fileSizeBytes largest single file (RLIMIT_FSIZE) and size of the workspace and /tmp each
 */
public record Limits(
    long memoryBytes, int pids, int cpuMillis, Duration timeout, long fileSizeBytes) {
  private static final long GIB = 1024L * 1024 * 1024;

  /** Platform defaults: 4 GiB memory, 512 processes, 2 CPUs, 30 minutes, 2 GiB written. */
  public static final Limits DEFAULTS =
      new Limits(4 * GIB, 512, 2000, Duration.ofMinutes(30), 2 * GIB);

  /** Validates that every limit is positive. */
  public Limits {
    Objects.requireNonNull(timeout, "timeout");
    if (memoryBytes < 16L * 1024 * 1024) {
      throw new IllegalArgumentException("memoryBytes must be at least 16 MiB, got " + memoryBytes);
    }
    if (pids < 1) {
      throw new IllegalArgumentException("pids must be >= 1, got " + pids);
    }
    if (cpuMillis < 10) {
      throw new IllegalArgumentException("cpuMillis must be >= 10, got " + cpuMillis);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (fileSizeBytes < 4096) {
      throw new IllegalArgumentException("fileSizeBytes must be >= 4096, got " + fileSizeBytes);
    }
  }

  /**
   * The smaller of this and {@code requested} for each limit: a request can tighten a limit, never
   * loosen it.
   *
   * @param requested limits asked for (e.g. a build definition's {@code limits:})
   * @return the element-wise minimum
   */
  public Limits lowerTo(Limits requested) {
    return new Limits(
        Math.min(memoryBytes, requested.memoryBytes),
        Math.min(pids, requested.pids),
        Math.min(cpuMillis, requested.cpuMillis),
        timeout.compareTo(requested.timeout) <= 0 ? timeout : requested.timeout,
        Math.min(fileSizeBytes, requested.fileSizeBytes));
  }
}
