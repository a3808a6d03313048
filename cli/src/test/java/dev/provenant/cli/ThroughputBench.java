package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.ArtifactInput;
import dev.provenant.verify.sigstore.IdentityPolicy;
import dev.provenant.verify.sigstore.SigstoreVerifier;
import dev.provenant.verify.sigstore.TrustRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Throughput bench (bench/verify-throughput): verifies a manifest of {@code {"bundle", "artifact",
 * "identity", "issuer", "trustedRoot"}} pairs in one process, the same manifest the sigstore-js and
 * sigstore-java referees read. Reading, parsing and hashing are inside the timed loop, as for a
 * CLI; verifiers are built once per trust root, as the referees do. With THREADS &gt; 1 the same
 * work is spread over that many threads of the one process (the verifier is thread-safe); the
 * referees are single-threaded, so the script reports both.
 */
public final class ThroughputBench {
  private ThroughputBench() {}

  /** {@code MANIFEST.json [ROUNDS] [WARMUP_ROUNDS] [THREADS]}. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: verify-throughput MANIFEST.json [ROUNDS] [WARMUP_ROUNDS] [THREADS]");
      System.exit(2);
    }
    JsonNode items = ProtoJson.mapper().readTree(Paths.get(args[0]).toFile());
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int warm = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<JsonNode> list = new ArrayList<>();
    items.forEach(list::add);
    Map<String, SigstoreVerifier> verifiers = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.ExecutorService pool =
        threads > 1 ? java.util.concurrent.Executors.newFixedThreadPool(threads) : null;
    // Warm up the way the timed loop runs (same threads), so that it finds the code compiled for
    // it.
    int n = Math.max(1, threads);
    // The management beans load and run JDK code (reading /proc, splitting strings, opening
    // files) whose first use would change type profiles the verification's compiled code relies
    // on, and so make the JIT recompile inside the timed loop: touch them before warming up.
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    jit.getTotalCompilationTime();
    processCpuNanos();
    run(pool, n, list, warm * list.size(), verifiers, new long[n], new long[n], new int[n]);
    if (n > 1) {
      awaitQuietJit(jit);
    }
    long jit0 = jit.getTotalCompilationTime();
    long p0 = processCpuNanos();
    int total = rounds * list.size();
    long[] workerCpu = new long[n];
    long[] workerAlloc = new long[n];
    int[] done = new int[n];
    long t0 = System.nanoTime();
    run(pool, n, list, total, verifiers, workerCpu, workerAlloc, done);
    double s = (System.nanoTime() - t0) / 1e9;
    if (pool != null) {
      pool.shutdown();
      System.err.printf(
          "provenant: verifications per thread %s%n", java.util.Arrays.toString(done));
    }
    double cpu = java.util.Arrays.stream(workerCpu).sum() / 1e9;
    double processCpu = (processCpuNanos() - p0) / 1e9;
    double jitSeconds = (jit.getTotalCompilationTime() - jit0) / 1e3;
    System.out.printf(
        "provenant: %d verifications in %.3f s = %.1f per second%n", total, s, total / s);
    // Thread CPU of the verifying threads moves little with machine load, unlike wall time; the
    // process CPU adds the JIT compiler and GC threads, the compile time shows whether the JIT
    // was still busy while the clock ran (too few warm-up rounds).
    System.err.printf(
        "provenant: %d thread(s); ECDSA provider %s; verifying threads' CPU %.3f s = %.1f per CPU-second;"
            + " process CPU %.3f s = %.1f per CPU-second; JIT compiling %.3f s while timed; %.0f KB allocated per verification%n",
        threads,
        SigstoreVerifier.ecdsaProvider(),
        cpu,
        total / cpu,
        processCpu,
        total / processCpu,
        jitSeconds,
        java.util.Arrays.stream(workerAlloc).sum() / 1024.0 / total);
  }

  /**
   * Verifies {@code count} pairs, cycling through {@code list}, on the calling thread or on the
   * pool's {@code threads} threads. Work is handed out one pair at a time from a shared counter, so
   * threads finish together whatever each pair costs; each thread's CPU, allocation and count go to
   * its slot of the arrays.
   */
  private static void run(
      java.util.concurrent.ExecutorService pool,
      int threads,
      List<JsonNode> list,
      int count,
      Map<String, SigstoreVerifier> verifiers,
      long[] cpu,
      long[] alloc,
      int[] done)
      throws Exception {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      tasks.add(
          () -> {
            long c0 = mx.getCurrentThreadCpuTime();
            long a0 = allocatedBytes();
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              once(list.get(i % list.size()), verifiers);
              done[me]++;
            }
            cpu[me] = mx.getCurrentThreadCpuTime() - c0;
            alloc[me] = allocatedBytes() - a0;
            return null;
          });
    }
    if (pool == null) {
      tasks.get(0).call();
      return;
    }
    for (java.util.concurrent.Future<Void> f : pool.invokeAll(tasks)) {
      f.get();
    }
  }

  /**
   * Waits (at most 10 s) until the JIT has finished no compilation for 0.6 s. With one verifying
   * thread the compiler threads have the other core to themselves during warm-up; when every core
   * verifies, the compile queue falls behind and would otherwise drain inside the timed loop.
   */
  private static void awaitQuietJit(java.lang.management.CompilationMXBean jit)
      throws InterruptedException {
    long start = System.nanoTime();
    long last = jit.getTotalCompilationTime();
    int quiet = 0;
    while (quiet < 3 && System.nanoTime() - start < 10_000_000_000L) {
      Thread.sleep(200);
      long now = jit.getTotalCompilationTime();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
    System.err.printf(
        "provenant: waited %.1f s after warm-up for the JIT to finish compiling%n",
        (System.nanoTime() - start) / 1e9);
  }

  private static long allocatedBytes() {
    if (java.lang.management.ManagementFactory.getThreadMXBean()
        instanceof com.sun.management.ThreadMXBean sun) {
      return sun.getCurrentThreadAllocatedBytes();
    }
    return 0;
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  private static void once(JsonNode it, Map<String, SigstoreVerifier> verifiers) throws Exception {
    String tr = it.get("trustedRoot").asText();
    SigstoreVerifier v = verifiers.get(tr);
    if (v == null) {
      v = SigstoreVerifier.create(TrustRoots.fromFile(Path.of(tr)));
      verifiers.put(tr, v);
    }
    Bundle b = Bundle.parse(Files.readAllBytes(Path.of(it.get("bundle").asText())));
    try {
      v.verify(
          b,
          ArtifactInput.ofFile(Path.of(it.get("artifact").asText())),
          IdentityPolicy.exact(it.get("identity").asText(), it.get("issuer").asText()));
    } catch (VerificationException e) {
      System.err.println("FAILED: " + it.get("bundle").asText() + ": " + e.verdictLine());
      System.exit(1);
    }
  }
}
