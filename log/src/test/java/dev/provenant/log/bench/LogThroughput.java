package dev.provenant.log.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.InclusionProofs;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEngines;
import dev.provenant.log.LogKey;
import dev.provenant.log.TreeHead;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * bench/log-throughput: durable appends per second from N concurrent HTTP clients (hashedrekord,
 * ECDSA P-256), submit-to-inclusion latency, proof serving, bytes on disk, and proof time at 10M
 * entries, each beside the ceiling measured in the same run (ECDSA P-256 verifications per second
 * of the provider the log uses, fsyncs per second of the disk).
 */
public final class LogThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Provider BC = new BouncyCastleProvider();
  private static final Provider LOG_PROVIDER = dev.provenant.log.EcdsaProvider.get();

  public static void main(String[] args) throws Exception {
    int clients = 64;
    int seconds = 15;
    long big = 10_000_000;
    Path work = Path.of("target/bench-log");
    List<String> pg = new ArrayList<>();
    String client = "nio";
    String serverOpts = "";
    boolean ceilings = true;
    boolean serve = true;
    // Long enough for the JIT to finish with the server's hot paths on two busy cores (with 3 s,
    // C2 compilation still took a third of the server's CPU in the measured window).
    int warmup = 10;
    int requestCount = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--big" -> big = Long.parseLong(args[i + 1]);
        case "--work" -> work = Path.of(args[i + 1]);
        case "--client" -> client = args[i + 1];
        case "--ceilings" -> ceilings = !args[i + 1].equals("no");
        case "--serve" -> serve = !args[i + 1].equals("no");
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--requests" -> requestCount = Integer.parseInt(args[i + 1]);
        case "--server-opts" -> serverOpts = args[i + 1];
        case "--postgres", "--pg-user", "--pg-password" -> pg.addAll(List.of(args[i], args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    deleteTree(work);
    Files.createDirectories(work);
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, %s, Java %s, load average %s%n",
        cores,
        cpuModel(),
        System.getProperty("java.version"),
        loadAverage());

    // ---- ceilings
    double verify1 = Double.NaN;
    double verifyAll = Double.NaN;
    double fsyncs = Double.NaN;
    if (ceilings) {
      verify1 = ecdsaVerifyRate(LOG_PROVIDER, 1, 3);
      verifyAll = ecdsaVerifyRate(LOG_PROVIDER, cores, 3);
      double verifyBc = LOG_PROVIDER.getName().equals("BC") ? verify1 : ecdsaVerifyRate(BC, 1, 2);
      double verifySun = ecdsaVerifyRate(null, 1, 2);
      fsyncs = fsyncRate(work, 3);
      System.out.printf(
          Locale.ROOT,
          "ceiling: ECDSA P-256 verify (%s, the log's provider): %.0f/s on 1 thread, "
              + "%.0f/s on %d threads (BouncyCastle %.0f/s, SunEC %.0f/s on 1 thread)%n",
          LOG_PROVIDER.getName(),
          verify1,
          verifyAll,
          cores,
          verifyBc,
          verifySun);
      System.out.printf(
          Locale.ROOT,
          "ceiling: fsync (4 KiB write + fdatasync) on the data disk: %.0f/s%n",
          fsyncs);
    }

    // ---- HTTP appends
    if (!client.equals("nio") && !client.equals("jdk")) {
      throw new IllegalArgumentException("--client must be nio or jdk");
    }
    Process server = startServer(work.resolve("server"), pg, serverOpts);
    try {
      URI base = awaitUrl(server);
      // Enough distinct entries that the run cannot run dry at the verify ceiling (capped).
      int total =
          requestCount > 0
              ? requestCount
              : ceilings
                  ? (int) Math.min(400_000, (long) (verifyAll * 1.2) * (seconds + warmup))
                  : 200_000;
      System.out.printf(Locale.ROOT, "preparing %d signed hashedrekord requests...%n", total);
      List<byte[]> requests = prepareRequests(total, cores);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      LongSupplier serverCpu = () -> processCpuNanos(server.pid());
      String backend = pg.isEmpty() ? "embedded" : "postgres";
      double rate;
      long[] lat;
      if (client.equals("jdk")) {
        long cpu0 = processCpuNanos(ProcessHandle.current().pid());
        JdkRun r = jdkAppends(http, base, clients, warmup, seconds, requests, serverCpu);
        rate = r.ok / (double) seconds;
        lat = r.latencies;
        System.out.printf(
            Locale.ROOT,
            "appends (%s, %d JDK HttpClient threads, %d s, durable): %.0f/s = %.0f%% of the "
                + "%d-thread ECDSA verify ceiling; %.1fx the disk's %.0f fsync/s; errors %d%n",
            backend,
            clients,
            seconds,
            rate,
            100 * rate / verifyAll,
            cores,
            rate / fsyncs,
            fsyncs,
            r.errors);
        System.out.printf(
            Locale.ROOT,
            "CPU per append: server %.0f us, load generator (whole process, incl. warm-up) %.0f us%n",
            r.serverCpu / 1e3 / Math.max(1, r.ok),
            (processCpuNanos(ProcessHandle.current().pid()) - cpu0) / 1e3 / Math.max(1, r.ok));
      } else {
        List<byte[]> encoded = new ArrayList<>(requests.size());
        for (byte[] b : requests) {
          encoded.add(HttpLoad.request("POST", base, "/api/v1/log/entries", b));
        }
        long[] jit = new long[2];
        LongSupplier cpuAndJit =
            () -> {
              long c = processCpuNanos(server.pid());
              jit[jit[0] == 0 ? 0 : 1] = jitCpuNanos(server.pid());
              return c;
            };
        HttpLoad.Result r =
            HttpLoad.run(base, clients, warmup, seconds, 201, HttpLoad.once(encoded), cpuAndJit);
        rate = r.ok() / (double) seconds;
        lat = r.latenciesNanos();
        System.out.printf(
            Locale.ROOT,
            "appends (%s, %d concurrent keep-alive connections, %d s, durable): %.0f/s = %.0f%% "
                + "of the %d-thread ECDSA verify ceiling; %.1fx the disk's %.0f fsync/s; errors %d%s%n",
            backend,
            clients,
            seconds,
            rate,
            100 * rate / verifyAll,
            cores,
            rate / fsyncs,
            fsyncs,
            r.errors(),
            r.ok() + r.errors() >= encoded.size() - clients
                ? " (RAN OUT OF PREPARED REQUESTS)"
                : "");
        long jitNanos = jit[1] - jit[0];
        System.out.printf(
            Locale.ROOT,
            "CPU per append: server %.0f us (%.2f cores busy; of which JIT compiler threads %.0f us, "
                + "so %.0f us without them), load generator %.1f us (%.2f cores, one NIO thread)%n",
            r.serverCpuNanos() / 1e3 / Math.max(1, r.ok()),
            r.serverCpuNanos() / 1e9 / seconds,
            jitNanos / 1e3 / Math.max(1, r.ok()),
            (r.serverCpuNanos() - jitNanos) / 1e3 / Math.max(1, r.ok()),
            r.clientCpuNanos() / 1e3 / Math.max(1, r.ok()),
            r.clientCpuNanos() / 1e9 / seconds);
      }
      JsonNode info = getJson(http, base.resolve("/api/v1/log"));
      long size = info.get("treeSize").asLong();
      System.out.printf(Locale.ROOT, "load average during the run: %s%n", loadAverage());
      System.out.printf(
          Locale.ROOT,
          "submit-to-inclusion (201 with proof + signed checkpoint): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          pct(lat, 50) / 1e6,
          pct(lat, 99) / 1e6,
          lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);

      // ---- the HTTP stack alone (same client, same server), for context
      if (client.equals("jdk")) {
        double healthz = serveRate(http, base, clients, 4, 0, false, "/healthz");
        System.out.printf(
            Locale.ROOT,
            "context: HTTP round trips with no work (GET /healthz, %d JDK clients): %.0f/s%n",
            clients,
            healthz);
      } else {
        byte[] hz = HttpLoad.request("GET", base, "/healthz", null);
        HttpLoad.Result h = HttpLoad.run(base, clients, 1, 4, 200, i -> hz, serverCpu);
        System.out.printf(
            Locale.ROOT,
            "context: HTTP round trips with no work (GET /healthz, %d connections): %.0f/s, "
                + "server CPU %.0f us each%n",
            clients,
            h.ok() / 4.0,
            h.serverCpuNanos() / 1e3 / Math.max(1, h.ok()));
      }

      // ---- proof serving over HTTP
      if (!serve) {
        return;
      }
      double entryRate;
      double proofRate;
      if (client.equals("jdk")) {
        entryRate = serveRate(http, base, 16, 5, size, false);
        proofRate = serveRate(http, base, 16, 5, size, true);
      } else {
        long n = size;
        HttpLoad.Result e =
            HttpLoad.run(
                base,
                16,
                1,
                5,
                200,
                i ->
                    HttpLoad.request(
                        "GET",
                        base,
                        "/api/v1/log/entries?logIndex=" + ThreadLocalRandom.current().nextLong(n),
                        null),
                serverCpu);
        HttpLoad.Result c =
            HttpLoad.run(
                base,
                16,
                1,
                5,
                200,
                i ->
                    HttpLoad.request(
                        "GET",
                        base,
                        "/api/v1/log/proof?firstSize="
                            + (1 + ThreadLocalRandom.current().nextLong(n))
                            + "&lastSize="
                            + n,
                        null),
                serverCpu);
        entryRate = e.ok() / 5.0;
        proofRate = c.ok() / 5.0;
      }
      System.out.printf(
          Locale.ROOT,
          "serving (16 clients): %.0f entries/s with inclusion proof + fresh SET signature; "
              + "%.0f consistency proofs/s%n",
          entryRate,
          proofRate);
      if (pg.isEmpty()) {
        // Stop the server cleanly (it hands back the journal's unused preallocation) and measure.
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
        long bytes = du(work.resolve("server/log"));
        System.out.printf(
            Locale.ROOT,
            "disk: %d entries, %.0f bytes per entry (hashedrekord bodies avg %d bytes; journal + "
                + "index + all tree levels + search keys)%n",
            size,
            bytes / (double) size,
            avgRequest(requests));
      }
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }

    // ---- 10M entries
    if (big > 0 && pg.isEmpty()) {
      bigLog(work.resolve("big"), big);
    }
  }

  static void bigLog(Path dir, long n) throws Exception {
    LogKey key = LogKey.generate();
    LogEngine log = LogEngines.embedded(dir, "bench - 1", key.noteSigner("bench"));
    long t0 = System.nanoTime();
    Semaphore inFlight = new Semaphore(200_000);
    int producers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    AtomicLong counter = new AtomicLong();
    List<Thread> ts = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      Thread t =
          new Thread(
              () -> {
                byte[] pad = new byte[64];
                long i;
                while ((i = counter.getAndIncrement()) < n) {
                  byte[] leaf = ByteBuffer.allocate(8 + pad.length).putLong(i).put(pad).array();
                  inFlight.acquireUninterruptibly();
                  log.append(leaf).whenComplete((r, e) -> inFlight.release());
                }
              });
      t.start();
      ts.add(t);
    }
    for (Thread t : ts) {
      t.join();
    }
    inFlight.acquireUninterruptibly(200_000);
    double secs = (System.nanoTime() - t0) / 1e9;
    TreeHead h = log.latest();
    System.out.printf(
        Locale.ROOT,
        "big log: %d raw 72-byte leaves appended in %.0f s (%.0f/s durable, in-process), "
            + "%.0f bytes on disk per entry%n",
        h.size(),
        secs,
        h.size() / secs,
        du(dir) / (double) h.size());
    // Proof time at this size: random leaves, cold-ish then warm.
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    long[] incl = new long[20_000];
    for (int i = 0; i < incl.length; i++) {
      long idx = rnd.nextLong(h.size());
      long a = System.nanoTime();
      List<byte[]> proof = log.inclusionProof(idx, h.size());
      incl[i] = System.nanoTime() - a;
      if (i < 200) {
        byte[] leaf = ByteBuffer.allocate(72).putLong(idx).put(new byte[64]).array();
        InclusionProofs.verify(idx, h.size(), Rfc6962.leafHash(leaf), proof, h.rootHash());
      }
    }
    long[] cons = new long[5_000];
    for (int i = 0; i < cons.length; i++) {
      long s1 = 1 + rnd.nextLong(h.size());
      long a = System.nanoTime();
      log.consistencyProof(s1, h.size());
      cons[i] = System.nanoTime() - a;
    }
    Arrays.sort(incl);
    Arrays.sort(cons);
    System.out.printf(
        Locale.ROOT,
        "proof time at %d entries (engine, file store, page cache): inclusion p50 %.1f us, p99 %.1f us "
            + "(%d hashes); consistency p50 %.1f us, p99 %.1f us%n",
        h.size(),
        pct(incl, 50) / 1e3,
        pct(incl, 99) / 1e3,
        InclusionProofs.expectedLength(h.size() / 3, h.size()),
        pct(cons, 50) / 1e3,
        pct(cons, 99) / 1e3);
    log.close();
  }

  static double serveRate(
      HttpClient http, URI base, int clients, int seconds, long size, boolean consistency)
      throws InterruptedException {
    return serveRate(http, base, clients, seconds, size, consistency, null);
  }

  static double serveRate(
      HttpClient http,
      URI base,
      int clients,
      int seconds,
      long size,
      boolean consistency,
      String fixedPath)
      throws InterruptedException {
    AtomicLong n = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> ts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                  String q =
                      fixedPath != null
                          ? fixedPath
                          : consistency
                              ? "/api/v1/log/proof?firstSize="
                                  + (1 + r.nextLong(size))
                                  + "&lastSize="
                                  + size
                              : "/api/v1/log/entries?logIndex=" + r.nextLong(size);
                  try {
                    HttpResponse<byte[]> resp =
                        http.send(
                            HttpRequest.newBuilder(base.resolve(q)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (resp.statusCode() == 200) {
                      n.incrementAndGet();
                    }
                  } catch (IOException | InterruptedException e) {
                    return;
                  }
                }
              });
      t.start();
      ts.add(t);
    }
    for (Thread t : ts) {
      t.join();
    }
    return n.get() / (double) seconds;
  }

  public static List<byte[]> prepareRequests(int total, int threads) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      keys.add(g.generateKeyPair());
    }
    byte[][] out = new byte[total][];
    AtomicInteger next = new AtomicInteger();
    long salt = System.nanoTime();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  Signature s = Signature.getInstance("SHA256withECDSA", LOG_PROVIDER);
                  int i;
                  while ((i = next.getAndIncrement()) < total) {
                    KeyPair k = keys.get(i % keys.size());
                    byte[] artifact =
                        ("bench artifact " + salt + " " + i).getBytes(StandardCharsets.UTF_8);
                    s.initSign(k.getPrivate());
                    s.update(artifact);
                    String pem =
                        dev.provenant.core.pem.Pem.encode("PUBLIC KEY", k.getPublic().getEncoded());
                    String req =
                        "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":"
                            + "{\"algorithm\":\"sha256\",\"value\":\""
                            + Hex.encode(Sha256.hash(artifact))
                            + "\"}},"
                            + "\"signature\":{\"content\":\""
                            + Base64.getEncoder().encodeToString(s.sign())
                            + "\",\"publicKey\":{\"content\":\""
                            + Base64.getEncoder()
                                .encodeToString(pem.getBytes(StandardCharsets.US_ASCII))
                            + "\"}}}}";
                    out[i] = req.getBytes(StandardCharsets.UTF_8);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      th.start();
      ts.add(th);
    }
    for (Thread t : ts) {
      t.join();
    }
    return Arrays.asList(out);
  }

  static double ecdsaVerifyRate(Provider provider, int threads, int seconds) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair k = g.generateKeyPair();
    byte[][] digests = new byte[256][];
    byte[][] sigs = new byte[256][];
    Signature s = Signature.getInstance("SHA256withECDSA");
    for (int i = 0; i < 256; i++) {
      byte[] m = ("m" + i).getBytes();
      digests[i] = Sha256.hash(m);
      s.initSign(k.getPrivate());
      s.update(m);
      sigs[i] = s.sign();
    }
    // The fastest the provider does: its own key type (as the log uses it).
    java.security.PublicKey pub =
        provider == null
            ? k.getPublic()
            : provider.getName().equals("BC")
                ? java.security.KeyFactory.getInstance("EC", provider)
                    .generatePublic(
                        new java.security.spec.X509EncodedKeySpec(k.getPublic().getEncoded()))
                : k.getPublic();
    AtomicLong n = new AtomicLong();
    long warm = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
    long end = warm + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  Signature v =
                      provider == null
                          ? Signature.getInstance("NONEwithECDSA")
                          : Signature.getInstance("NONEwithECDSA", provider);
                  int i = 0;
                  long local = 0;
                  while (true) {
                    long now = System.nanoTime();
                    if (now > end) {
                      break;
                    }
                    v.initVerify(pub);
                    v.update(digests[i & 255]);
                    if (!v.verify(sigs[i & 255])) {
                      throw new IllegalStateException("verify failed");
                    }
                    if (now > warm) {
                      local++;
                    }
                    i++;
                  }
                  n.addAndGet(local);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      th.start();
      ts.add(th);
    }
    for (Thread t : ts) {
      t.join();
    }
    return n.get() / (double) seconds;
  }

  static double fsyncRate(Path dir, int seconds) throws IOException {
    Path f = dir.resolve("fsync.probe");
    long n = 0;
    try (FileChannel c = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(4096);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long pos = 0;
      while (System.nanoTime() < end) {
        b.clear();
        c.write(b, pos);
        pos += 4096;
        c.force(false);
        n++;
      }
    }
    Files.deleteIfExists(f);
    return n / (double) seconds;
  }

  static Process startServer(Path data, List<String> pg, String serverOpts) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
    if (!serverOpts.isBlank()) {
      cmd.addAll(Arrays.asList(serverOpts.trim().split("\\s+")));
    }
    // For A/B runs: classes in PROVENANT_BENCH_SERVER_CP come first on the server's classpath.
    String prefix = System.getenv("PROVENANT_BENCH_SERVER_CP");
    String cp =
        (prefix == null || prefix.isBlank() ? "" : prefix + java.io.File.pathSeparator)
            + System.getProperty("java.class.path");
    cmd.addAll(
        List.of(
            "-cp",
            cp,
            "dev.provenant.log.LogService",
            "--listen",
            "127.0.0.1:0",
            "--data",
            data.toString()));
    cmd.addAll(pg);
    Files.createDirectories(data);
    return new ProcessBuilder(cmd).redirectError(data.resolve("server.err").toFile()).start();
  }

  static URI awaitUrl(Process p) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith("listening on ")) {
        Thread d =
            new Thread(
                () -> {
                  try {
                    while (r.readLine() != null) {
                      // drain
                    }
                  } catch (IOException e) {
                    // exited
                  }
                });
        d.setDaemon(true);
        d.start();
        return URI.create(line.substring("listening on ".length()).trim());
      }
    }
    throw new IOException("server did not start");
  }

  /** What the JDK-HttpClient generator measured. */
  record JdkRun(long ok, long errors, long[] latencies, long serverCpu) {}

  /** The earlier generator: one platform thread per client, blocking JDK HttpClient sends. */
  static JdkRun jdkAppends(
      HttpClient http,
      URI base,
      int clients,
      int warmup,
      int seconds,
      List<byte[]> requests,
      LongSupplier serverCpu)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> ts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  int i = next.getAndIncrement();
                  if (i >= requests.size()) {
                    return;
                  }
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<byte[]> r =
                        http.send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/log/entries"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(requests.get(i)))
                                .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    long t1 = System.nanoTime();
                    if (t0 >= warmEnd && t1 <= end) {
                      if (r.statusCode() == 201) {
                        ok.incrementAndGet();
                        latencies.add(t1 - t0);
                      } else {
                        errors.incrementAndGet();
                      }
                    }
                  } catch (IOException | InterruptedException e) {
                    errors.incrementAndGet();
                  }
                }
              });
      t.start();
      ts.add(t);
    }
    Thread.sleep(Math.max(0, (warmEnd - System.nanoTime()) / 1_000_000));
    long s0 = serverCpu.getAsLong();
    Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
    long s1 = serverCpu.getAsLong();
    for (Thread t : ts) {
      t.join();
    }
    long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new JdkRun(ok.get(), errors.get(), lat, s1 - s0);
  }

  /** User + system CPU time of a process's JIT compiler threads (Linux /proc; -1 elsewhere). */
  static long jitCpuNanos(long pid) {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String st;
        try {
          st = Files.readString(t.resolve("stat"));
        } catch (IOException e) {
          continue; // thread ended
        }
        String comm = st.substring(st.indexOf('(') + 1, st.lastIndexOf(')'));
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
          String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
      return ticks * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** User + system CPU time of a process (Linux /proc; -1 elsewhere). */
  static long processCpuNanos(long pid) {
    try {
      String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
      // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name, in ticks.
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static JsonNode getJson(HttpClient http, URI u) throws Exception {
    return JSON.readTree(
        http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static long avgRequest(List<byte[]> requests) {
    return (long) requests.stream().limit(1000).mapToInt(r -> r.length).average().orElse(0) * 3 / 4;
  }

  static long du(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
