package dev.provenant.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.platform.client.PlatformClient;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.up.Up;
import dev.provenant.platform.web.AdminCredential;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/release-page: the server time of a release page with many files (see the script). The page
 * is computed on every request (no cache): all files hashed and matched to the verified
 * provenance's subjects, the assessment and the SBOM table, so this is the worst case.
 */
public final class ReleasePageBench {
  private ReleasePageBench() {}

  public static void main(String[] args) throws Exception {
    int files = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path tmp = Files.createTempDirectory("release-page-bench-");
    try (Up up =
        Up.start(new Up.Config(tmp.resolve("instance"), null, null, null, 1), line -> {})) {
      Instance in = Instance.read(tmp.resolve("instance/instance.json"));
      PlatformClient client =
          new PlatformClient(in.web(), AdminCredential.read(in.adminCredential()).token());
      run(
          tmp,
          tmp,
          "ssh-keygen",
          "-q",
          "-t",
          "ed25519",
          "-N",
          "",
          "-C",
          "bench@example.org",
          "-f",
          tmp.resolve("key").toString());
      JsonNode p =
          client.addProject("many", List.of(Files.readString(tmp.resolve("key.pub"))), null);
      Path work = tmp.resolve("many");
      Files.createDirectories(work.resolve(".provenant"));
      Files.writeString(
          work.resolve(".provenant/build.yaml"),
          String.join(
              "\n",
              "steps:",
              "  - run: mkdir -p dist && for i in $(seq 1 "
                  + (files - 2)
                  + "); do echo \"file $i\" > dist/f$i.txt; done",
              "outputs:",
              "  - dist/*",
              ""));
      run(tmp, work, "git", "init", "-q", "-b", "main");
      run(tmp, work, "git", "add", "-A");
      run(tmp, work, "git", "commit", "-q", "-m", "many files");
      run(
          tmp,
          work,
          "git",
          "-c",
          "gpg.format=ssh",
          "-c",
          "user.signingkey=" + tmp.resolve("key"),
          "tag",
          "-s",
          "-m",
          "v1.0.0",
          "v1.0.0");
      run(tmp, work, "git", "push", "-q", p.path("pushUrl").asText(), "main", "refs/tags/v1.0.0");
      JsonNode r;
      long deadline = System.nanoTime() + 600_000_000_000L;
      do {
        Thread.sleep(200);
        try {
          r = client.release("many", "v1.0.0");
        } catch (PlatformClient.PlatformException e) {
          r = null;
        }
      } while ((r == null || r.path("status").asText().matches("queued|building"))
          && System.nanoTime() < deadline);
      if (r == null || !r.path("status").asText().equals("released")) {
        throw new IllegalStateException("not released: " + r);
      }
      int n = r.path("files").size();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(in.web() + "/projects/many/releases/v1.0.0")).build();
      for (int i = 0; i < Math.max(5, rounds / 5); i++) {
        http.send(get, HttpResponse.BodyHandlers.ofString()); // warm-up
      }
      double[] server = new double[rounds];
      double[] client2 = new double[rounds];
      int bytes = 0;
      for (int i = 0; i < rounds; i++) {
        long t = System.nanoTime();
        HttpResponse<String> page = http.send(get, HttpResponse.BodyHandlers.ofString());
        client2[i] = (System.nanoTime() - t) / 1e6;
        if (page.statusCode() != 200 || !page.body().contains("SLSA Build L3: met")) {
          throw new IllegalStateException("page " + page.statusCode());
        }
        bytes = page.body().length();
        String timing = page.headers().firstValue("Server-Timing").orElseThrow();
        server[i] = Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4));
      }
      Arrays.sort(server);
      Arrays.sort(client2);
      System.out.printf(
          Locale.ROOT,
          "release page with %d files (%d KiB), %d rounds: server median %.1f ms, p95 %.1f ms, "
              + "max %.1f ms; client round trip median %.1f ms; load %.2f%n",
          n,
          bytes / 1024,
          rounds,
          server[rounds / 2],
          server[(int) (rounds * 0.95)],
          server[rounds - 1],
          client2[rounds / 2],
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      deleteTree(tmp);
    }
  }

  private static void run(Path home, Path dir, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "Bench");
    env.put("GIT_AUTHOR_EMAIL", "bench@example.org");
    env.put("GIT_COMMITTER_NAME", "Bench");
    env.put("GIT_COMMITTER_EMAIL", "bench@example.org");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + out);
    }
  }

  private static void deleteTree(Path d) throws IOException {
    if (!Files.exists(d)) {
      return;
    }
    try (var s = Files.walk(d)) {
      List<Path> all = new ArrayList<>(s.toList());
      java.util.Collections.reverse(all);
      for (Path x : all) {
        Files.deleteIfExists(x);
      }
    }
  }
}
