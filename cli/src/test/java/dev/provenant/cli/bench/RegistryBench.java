package dev.provenant.cli.bench;

import dev.provenant.cli.AttestFixture;
import dev.provenant.cli.Main;
import dev.provenant.oci.Reference;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * bench/registry's Java half (see the script).
 *
 * <ul>
 *   <li>{@code setup DIR REGISTRY N}: starts the development OIDC issuer, our CA and log in this
 *       process, pushes N distinct small images to REGISTRY and attests each with {@code provenant
 *       attest} (cosign's {@code .att} format), pushes a two-platform image, then writes
 *       DIR/images.txt (one {@code NAME@sha256:HEX} per line), DIR/verify-args (the {@code
 *       verify-image} options, one per line, the image left out) and DIR/multiarch (its reference);
 *       the CA and log stop afterwards (verification is offline but for the registry).
 *   <li>{@code batch DIR ROUNDS}: {@code verify-image} of every image of DIR/images.txt, in this
 *       one process, ROUNDS times; prints the first (cold JVM) round and the median of the others.
 * </ul>
 */
public final class RegistryBench {
  private RegistryBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "setup" -> setup(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
      case "batch" -> batch(Path.of(args[1]), Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException("setup DIR REGISTRY N | batch DIR ROUNDS");
    }
  }

  static void setup(Path dir, String registry, int n) throws Exception {
    Files.createDirectories(dir);
    List<String> images = new ArrayList<>();
    List<String> verifyArgs;
    long t0 = System.nanoTime();
    try (AttestFixture fx = AttestFixture.start(dir.resolve("services"))) {
      String token = fx.token();
      for (int i = 0; i < n; i++) {
        Reference repo = new Reference(registry, "bench/image-" + i, AttestFixture.TAG, null);
        String digest = AttestFixture.pushImage(repo, "bench image " + i);
        String image = repo.withDigest(digest).toString();
        int rc = quietly(fx.attestArgs(image, token));
        if (rc != 0) {
          throw new IllegalStateException("attest " + image + ": exit " + rc);
        }
        images.add(image);
      }
      verifyArgs = new ArrayList<>(Arrays.asList(fx.verifyImageArgs("", fx.sourceUri())));
      verifyArgs.remove(0); // the command name
      verifyArgs.remove(verifyArgs.size() - 1); // the image
    }
    Reference multi = new Reference(registry, "bench/multiarch", "latest", null);
    String index = AttestFixture.pushMultiArch(multi);
    Files.write(dir.resolve("images.txt"), images, StandardCharsets.UTF_8);
    Files.write(dir.resolve("verify-args"), verifyArgs, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("multiarch"), multi + "\n" + index + "\n");
    System.out.printf(
        Locale.ROOT,
        "setup: %d images pushed and attested in %.1f s; multi-arch index %s%n",
        n,
        (System.nanoTime() - t0) / 1e9,
        index);
  }

  static void batch(Path dir, int rounds) throws Exception {
    List<String> images = Files.readAllLines(dir.resolve("images.txt"));
    List<String> opts = Files.readAllLines(dir.resolve("verify-args"));
    double[] ms = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (String image : images) {
        List<String> a = new ArrayList<>();
        a.add("verify-image");
        a.addAll(opts);
        a.add(image);
        int rc = quietly(a.toArray(String[]::new));
        if (rc != 0) {
          throw new IllegalStateException("verify-image " + image + ": exit " + rc);
        }
      }
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    double[] warm = Arrays.copyOfRange(ms, 1, rounds);
    Arrays.sort(warm);
    double median = warm.length == 0 ? ms[0] : warm[warm.length / 2];
    System.out.printf(
        Locale.ROOT,
        "batch: %d images in one process: first round %.0f ms (%.1f ms/image), median of %d"
            + " later rounds %.0f ms (%.1f ms/image, %.0f images/s)%n",
        images.size(),
        ms[0],
        ms[0] / images.size(),
        warm.length,
        median,
        median / images.size(),
        images.size() * 1000.0 / median);
  }

  /** Runs a command with its output discarded; returns its exit code. */
  private static synchronized int quietly(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream sink =
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    try {
      System.setOut(sink);
      System.setErr(sink);
      return Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
