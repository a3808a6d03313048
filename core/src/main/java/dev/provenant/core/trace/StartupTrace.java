package dev.provenant.core.trace;

/**
 * Start-up probes for measuring where a short run spends its time (BENCHMARKS.md, cold start).
 * Off unless the system property {@code provenant.trace} is set; then each {@link #mark} prints the
 * wall time since the first mark, the step since the previous mark, and the calling thread's CPU
 * time on stderr. Costs one static boolean test when off.
 */
public final class StartupTrace {
  private static final boolean ON = System.getProperty("provenant.trace") != null;
  private static long first;
  private static long last;

  private StartupTrace() {}

  /** True when probes print. */
  public static boolean enabled() {
    return ON;
  }

  /** Records that {@code what} just finished (no-op unless {@code -Dprovenant.trace}). */
  public static void mark(String what) {
    if (ON) {
      print(what);
    }
  }

  private static synchronized void print(String what) {
    // Management beans load only when tracing; read them before the clock so their cost stays out.
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long now = System.nanoTime();
    if (first == 0) {
      first = now;
      last = now;
      System.err.printf(
          "trace: JVM uptime at first mark %d ms%n", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }
    System.err.printf(
        "trace: %7.1f ms  +%6.1f ms  [%s cpu %6.1f ms]  %s%n",
        (now - first) / 1e6, (now - last) / 1e6, Thread.currentThread().getName(), cpu / 1e6, what);
    last = now;
  }
}
