package dev.provenant.cli;

/**
 * Start-up probes for measuring where a short run spends its time (BENCHMARKS.md, cold start). Off
 * unless the system property {@code provenant.trace} is set; then each {@link #mark} prints the
 * wall time since the first mark, the step since the previous mark, and the calling thread's CPU
 * time on stderr. Costs one static boolean test when off.
 */
final class StartupTrace {
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

  private static String ms(long nanos) {
    return String.valueOf(nanos / 100_000 / 10.0);
  }

  private static synchronized void print(String what) {
    // Management beans load only when tracing; read them before the clock so their cost stays out.
    long uptime =
        first == 0 ? java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() : 0;
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long now = System.nanoTime();
    if (first == 0) {
      first = now;
      last = now;
      System.err.println("trace: JVM uptime at first mark " + uptime + " ms");
    }
    // No String.format: its first use costs milliseconds, which would land in the next step.
    System.err.println(
        "trace: "
            + ms(now - first)
            + " ms  +"
            + ms(now - last)
            + " ms  ["
            + Thread.currentThread().getName()
            + " cpu "
            + ms(cpu)
            + " ms]  "
            + what);
    last = now;
  }
}
