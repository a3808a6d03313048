package dev.provenant.cli;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * In-process SHA-256 file hashing throughput for bench/sha256-1g: hashes FILE RUNS times with
 * {@link Sha256#hashFile} (what verify-bundle and digest use) and prints the best wall time, so JVM
 * start-up is measured separately from hashing.
 */
public final class Sha256Bench {
  private Sha256Bench() {}

  /** {@code FILE [RUNS]}. */
  public static void main(String[] args) throws Exception {
    Path f = Paths.get(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    double best = Double.MAX_VALUE;
    String hex = "";
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      hex = Hex.encode(Sha256.hashFile(f));
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    long size = java.nio.file.Files.size(f);
    System.out.printf(
        "provenant in-process: best of %d = %.3f s (%.0f MB/s) sha256:%s%n",
        runs, best, size / best / 1e6, hex);
  }
}
