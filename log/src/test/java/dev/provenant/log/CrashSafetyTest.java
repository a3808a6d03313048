package dev.provenant.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.ConsistencyProofs;
import dev.provenant.core.note.Checkpoint;
import dev.provenant.core.note.NoteVerifier;
import dev.provenant.core.note.NoteVerifiers;
import dev.provenant.core.testing.PgTestEnv;
import dev.provenant.log.testing.TestSigner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the log server process with SIGKILL at random moments while 16 clients append, restarts it,
 * and checks that no acknowledged entry is lost, indices stay unique and dense, and every
 * checkpoint ever handed out is consistent with the tree after recovery.
 */
class CrashSafetyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final int ROUNDS = 5;
  private static final int CLIENTS = 16;

  @TempDir Path dir;

  record Ack(String uuid, long index) {}

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "postgres"})
  void sigkillUnderLoad_noAcknowledgedEntryLostAndHistoryConsistent(String backend)
      throws Exception {
    List<String> extra = new ArrayList<>();
    if (backend.equals("postgres")) {
      PgTestEnv pg = PgTestEnv.require();
      String db = pg.freshDatabase("crash");
      extra.addAll(
          List.of("--postgres", db, "--pg-user", pg.user(), "--pg-password", pg.password()));
    }
    Random rnd = new Random(42);
    Map<Long, String> acked = new ConcurrentHashMap<>();
    List<String> checkpoints = java.util.Collections.synchronizedList(new ArrayList<>());
    TestSigner signer = new TestSigner();
    AtomicInteger counter = new AtomicInteger();
    NoteVerifier verifier = null;
    long lastSize = -1;
    // Client threads report here: an AssertionError thrown on one of them would only end that
    // thread.
    List<String> clientFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int round = 0; round < ROUNDS; round++) {
      Process p = startServer(extra);
      URI base = awaitUrl(p);
      if (verifier == null) {
        verifier = NoteVerifiers.ecdsa(null, LogKey.loadOrCreate(dir.resolve("data")).publicKey());
      }
      // Recovery check: everything acknowledged so far is there, at its index.
      JsonNode info = getJson(base.resolve("/api/v1/log"));
      long size = info.get("treeSize").asLong();
      assertThat(size).as("round %d size", round).isGreaterThanOrEqualTo(acked.size());
      assertThat(size).isGreaterThanOrEqualTo(lastSize);
      checkAcknowledged(base, acked);
      checkConsistent(base, checkpoints, info, verifier);
      // Load, then SIGKILL at a random moment.
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Thread t =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    byte[] req =
                        signer.hashedRekord(("crash-" + counter.incrementAndGet()).getBytes());
                    try {
                      HttpResponse<String> r =
                          HTTP.send(
                              HttpRequest.newBuilder(base.resolve("/api/v1/log/entries"))
                                  .timeout(Duration.ofSeconds(5))
                                  .POST(HttpRequest.BodyPublishers.ofByteArray(req))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (r.statusCode() == 201) {
                        JsonNode body = JSON.readTree(r.body());
                        String uuid = body.fieldNames().next();
                        long idx = body.get(uuid).get("logIndex").asLong();
                        String prev = acked.put(idx, uuid);
                        if (prev != null && !prev.equals(uuid)) {
                          clientFailures.add(
                              "index "
                                  + idx
                                  + " acknowledged for two entries: "
                                  + prev
                                  + ", "
                                  + uuid);
                        }
                        checkpoints.add(
                            body.get(uuid).at("/verification/inclusionProof/checkpoint").asText());
                      }
                    } catch (java.io.IOException e) {
                      // Server died mid-request: not acknowledged.
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      clientFailures.add("unexpected response handling failure: " + e);
                    }
                  }
                });
        t.start();
        clients.add(t);
      }
      // Let the freshly started JVM warm up until appends flow, then kill at a random moment.
      int before = acked.size();
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acked.size() < before + 20 && System.nanoTime() < warm) {
        Thread.sleep(20);
      }
      Thread.sleep(200 + rnd.nextInt(1500));
      p.destroyForcibly(); // SIGKILL on Linux
      p.waitFor(10, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : clients) {
        t.join(10_000);
      }
      lastSize = size;
      assertThat(clientFailures).as("round %d", round).isEmpty();
    }
    Process p = startServer(extra);
    try {
      URI base = awaitUrl(p);
      JsonNode info = getJson(base.resolve("/api/v1/log"));
      checkAcknowledged(base, acked);
      checkConsistent(base, checkpoints, info, verifier);
      long size = info.get("treeSize").asLong();
      assertThat(acked.size()).as("acknowledged entries").isGreaterThan(100);
      System.out.println(
          "crash test ("
              + backend
              + "): "
              + ROUNDS
              + " SIGKILLs, "
              + acked.size()
              + " acknowledged entries all present, final size "
              + size
              + ", "
              + checkpoints.size()
              + " checkpoints consistent");
      // Dense: every index below the size holds an entry.
      for (long i = 0; i < size; i += Math.max(1, size / 50)) {
        assertThat(
                HTTP.send(
                        HttpRequest.newBuilder(base.resolve("/api/v1/log/entries?logIndex=" + i))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(200);
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void checkAcknowledged(URI base, Map<Long, String> acked) throws Exception {
    List<Long> idx = new ArrayList<>(acked.keySet());
    // Check all via batched retrieval (10 per request).
    for (int i = 0; i < idx.size(); i += 10) {
      List<Long> part = idx.subList(i, Math.min(idx.size(), i + 10));
      String q = "{\"logIndexes\":" + part + "}";
      JsonNode arr =
          JSON.readTree(
              HTTP.send(
                      HttpRequest.newBuilder(base.resolve("/api/v1/log/entries/retrieve"))
                          .POST(HttpRequest.BodyPublishers.ofString(q))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      Map<Long, String> got = new HashMap<>();
      for (JsonNode e : arr) {
        String uuid = e.fieldNames().next();
        got.put(e.get(uuid).get("logIndex").asLong(), uuid);
      }
      for (long k : part) {
        assertThat(got.get(k)).as("acknowledged entry at index %d", k).isEqualTo(acked.get(k));
      }
    }
  }

  private static void checkConsistent(
      URI base, List<String> checkpoints, JsonNode info, NoteVerifier verifier) throws Exception {
    Checkpoint now =
        Checkpoint.openSigned(info.get("signedTreeHead").asText(), List.of(verifier), null);
    Map<Long, byte[]> bySize = new HashMap<>();
    synchronized (checkpoints) {
      for (String note : checkpoints) {
        Checkpoint cp = Checkpoint.openSigned(note, List.of(verifier), null);
        byte[] prev = bySize.put(cp.size(), cp.rootHash());
        if (prev != null) {
          assertThat(Hex.encode(prev))
              .as("two roots for size %d", cp.size())
              .isEqualTo(Hex.encode(cp.rootHash()));
        }
      }
    }
    int checked = 0;
    for (Map.Entry<Long, byte[]> e : bySize.entrySet()) {
      if (checked++ > 60 && e.getKey() % 7 != 0) {
        continue;
      }
      JsonNode proof =
          getJson(
              base.resolve(
                  "/api/v1/log/proof?firstSize=" + e.getKey() + "&lastSize=" + now.size()));
      List<byte[]> hs = new ArrayList<>();
      proof.get("hashes").forEach(h -> hs.add(Hex.decode(h.asText())));
      ConsistencyProofs.verify(e.getKey(), now.size(), e.getValue(), now.rootHash(), hs);
    }
  }

  private Process startServer(List<String> extra) throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                cp,
                "dev.provenant.log.LogService",
                "--listen",
                "127.0.0.1:0",
                "--data",
                dir.resolve("data").toString()));
    cmd.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(dir.resolve("server.err").toFile());
    return pb.start();
  }

  private URI awaitUrl(Process p) throws Exception {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith("listening on ")) {
        URI u = URI.create(line.substring("listening on ".length()).trim());
        // Keep draining stdout so the child never blocks on a full pipe.
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (r.readLine() != null) {
                      // discard
                    }
                  } catch (java.io.IOException e) {
                    // child exited
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return u;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    throw new AssertionError(
        "server did not start: " + Files.readString(dir.resolve("server.err")));
  }

  private static JsonNode getJson(URI u) throws Exception {
    HttpResponse<String> r =
        HTTP.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", u, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
