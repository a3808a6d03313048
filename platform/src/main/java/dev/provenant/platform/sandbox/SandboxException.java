package dev.provenant.platform.sandbox;

/** The platform could not run a sandbox at all (as opposed to a build that failed inside one). */
public final class SandboxException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the sandbox could not be run. */
  public enum Reason {
    /** bubblewrap, setpriv or prlimit is not installed where configured. */
    TOOL_MISSING,
    /** The runner must start as root to drop to the build uid and to manage cgroups and mounts. */
    NOT_ROOT,
    /** No writable cgroup v1 memory/pids/cpu hierarchy (or cgroup v2) was found. */
    CGROUPS_UNAVAILABLE,
    /**
     * A configured bind or the workspace would make part of the platform's data directory visible.
     */
    DATA_DIR_EXPOSED,
    /** The CPU architecture has no seccomp filter here. */
    UNSUPPORTED_ARCHITECTURE,
    /**
     * The request or configuration is invalid (e.g. network allow-list without an egress proxy).
     */
    INVALID_REQUEST,
    /** Host-side I/O (workspace, copy, mount, cgroup files) failed. */
    HOST_IO
  }

  private final Reason reason;

  /**
   * @param reason machine-readable cause
   * @param detail what was expected and what was found
   */
  public SandboxException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /**
   * @param reason machine-readable cause
   * @param detail what was expected and what was found
   * @param cause the underlying failure
   */
  public SandboxException(Reason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  /** The machine-readable cause. */
  public Reason reason() {
    return reason;
  }
}
