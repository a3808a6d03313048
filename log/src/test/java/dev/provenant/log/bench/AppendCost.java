package dev.provenant.log.bench;

import dev.provenant.log.AppendResult;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEngines;
import dev.provenant.log.LogKey;
import dev.provenant.log.rekor.EntryKinds;
import dev.provenant.log.rekor.ProposedEntry;
import dev.provenant.log.rekor.RekorLog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Where one append's server CPU goes outside HTTP: thread CPU per entry of each stage of the append
 * path, in process, single-threaded, after a warm-up. Run with the bench classpath: {@code java -cp
 * ... dev.provenant.log.bench.AppendCost [N]}.
 */
public final class AppendCost {
  private AppendCost() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<byte[]> requests = LogThroughput.prepareRequests(3 * n, 2);
    Path dir = Files.createTempDirectory("append-cost");
    LogKey key = LogKey.generate();
    LogEngine engine = LogEngines.embedded(dir, "cost - 1", key.noteSigner("cost"));
    RekorLog log = new RekorLog(engine, key);
    for (int round = 0; round < 3; round++) {
      List<byte[]> batch = requests.subList(round * n, (round + 1) * n);
      // 1. parse + verify + canonical body (request thread)
      long t0 = mx.getCurrentThreadCpuTime();
      List<ProposedEntry> ps = new ArrayList<>(n);
      for (byte[] r : batch) {
        ps.add(EntryKinds.canonicalize(r));
      }
      long t1 = mx.getCurrentThreadCpuTime();
      // 2. append (hash, queue) and wait for durability (sequencer CPU is another thread: the
      //    wall time over n is reported instead)
      long w0 = System.nanoTime();
      List<CompletableFuture<AppendResult>> fs = new ArrayList<>(n);
      for (ProposedEntry p : ps) {
        fs.add(engine.append(p.body(), p.searchKeys()));
      }
      List<AppendResult> rs = new ArrayList<>(n);
      for (CompletableFuture<AppendResult> f : fs) {
        rs.add(f.get());
      }
      long w1 = System.nanoTime();
      long t2 = mx.getCurrentThreadCpuTime();
      // 3. response: inclusion proof against the batch head, SET signature, JSON bytes
      for (int i = 0; i < n; i++) {
        log.responseFor(rs.get(i), ps.get(i).body());
      }
      long t3 = mx.getCurrentThreadCpuTime();
      // 3a. of which the SET signature alone
      byte[] payload =
          dev.provenant.core.rekor.SignedEntryTimestamps.signedPayload(
              "x".repeat(560), 1, key.logIdHex(), 1);
      for (int i = 0; i < n; i++) {
        key.sign(payload);
      }
      long t4 = mx.getCurrentThreadCpuTime();
      if (round == 2) {
        System.out.printf(
            Locale.ROOT,
            "per entry: parse+verify+canonicalize %.1f us; append+durable (wall, whole batch "
                + "of %d in flight) %.1f us; response (proof+SET+JSON) %.1f us, of which SET signature %.1f us%n",
            (t1 - t0) / 1e3 / n,
            n,
            (w1 - w0) / 1e3 / n,
            (t3 - t2) / 1e3 / n,
            (t4 - t3) / 1e3 / n);
      }
    }
    engine.close();
  }
}
