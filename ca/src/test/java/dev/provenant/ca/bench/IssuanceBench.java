package dev.provenant.ca.bench;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.CertificateAuthority;
import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.SigningRequest;
import dev.provenant.ca.cert.CaMaterial;
import dev.provenant.ca.cert.FileKeyStore;
import dev.provenant.ca.cert.LeafFactory;
import dev.provenant.ca.ct.CtLog;
import dev.provenant.ca.ct.EngineLeafStore;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.core.pem.Pem;
import dev.provenant.testkit.oidc.DevOidcIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Certificates issued per second by the full pipeline (RS256 token verification, identity mapping,
 * proof of possession, precertificate, CT log append on the log engine with fsync, SCT, final
 * certificate), beside the ceiling set by the intermediate key's ECDSA P-384 sign/s measured in the
 * same run (each certificate needs one: the final certificate; the CT log signs the SCT with its
 * own P-256 key), and the p50/p99 latency of one issuance. Client-side work (token minting, key
 * generation, proof of possession) is done before timing. Usage: {@code IssuanceBench [N=2000]
 * [THREADS=2]}.
 */
public final class IssuanceBench {
  private IssuanceBench() {}

  /** Runs the benchmark and prints one result block. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path dir = Files.createTempDirectory("provenant-ca-bench");
    try {
      run(dir, n, threads);
    } finally {
      deleteTree(dir);
    }
  }

  private static void run(Path dir, int n, int threads) throws Exception {
    Clock clock = Clock.systemUTC();
    CaMaterial m = FileKeyStore.loadOrCreate(dir.resolve("keys"), "provenant-bench");
    String issuerUrl = "https://issuer.bench";
    DevOidcIssuer issuer = new DevOidcIssuer(issuerUrl, null, clock);
    OidcVerifier verifier =
        new OidcVerifier(
            List.of(TrustedIssuer.of(issuerUrl, IssuerType.EMAIL)),
            uri ->
                (uri.getPath().endsWith("/jwks") ? issuer.jwksJson() : issuer.discoveryJson())
                    .getBytes(StandardCharsets.UTF_8),
            clock,
            Duration.ofSeconds(60),
            Duration.ofMinutes(10),
            Duration.ofSeconds(30));
    try (EngineLeafStore ct =
        EngineLeafStore.open(dir.resolve("ct"), "provenant-bench-ct", m.ctLog())) {
      CertificateAuthority ca =
          new CertificateAuthority(
              verifier,
              new LeafFactory(m, clock),
              new CtLog(m.ctLog(), ct, clock),
              new AuditLog(l -> {}, clock));

      int warm = Math.min(500, n);
      List<SigningRequest> warmup = requests(issuer, warm);
      List<SigningRequest> seq = requests(issuer, Math.min(n, 1000));
      List<SigningRequest> par = requests(issuer, n);
      // Warm up the JIT on the whole path (also fetches the JWKS once).
      issueAll(ca, warmup, threads);
      signPerSecond(m, 2000, threads);

      long[] lat = new long[seq.size()];
      for (int i = 0; i < seq.size(); i++) {
        long t0 = System.nanoTime();
        ca.issue(seq.get(i), "bench");
        lat[i] = System.nanoTime() - t0;
      }
      Arrays.sort(lat);

      long t0 = System.nanoTime();
      issueAll(ca, par, threads);
      double certsPerSec = n / ((System.nanoTime() - t0) / 1e9);
      double signPerSec = signPerSecond(m, Math.max(2000, 2 * n), threads);

      System.out.printf(
          "machine: %d cores, %s %s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"));
      System.out.printf(
          "issuance: %d certificates, %d threads: %.0f certs/s%n", n, threads, certsPerSec);
      System.out.printf(
          "ceiling: intermediate ECDSA P-384 %.0f sign/s (%d threads), one signature per certificate%n",
          signPerSec, threads);
      System.out.printf("ratio: %.2f of the signing-key ceiling%n", certsPerSec / signPerSec);
      System.out.printf(
          "latency (sequential, %d issuances): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          lat.length,
          lat[lat.length / 2] / 1e6,
          lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6,
          lat[lat.length - 1] / 1e6);
      System.out.printf("ct log: %d entries%n", ct.engine().latest().size());
    }
  }

  private static List<SigningRequest> requests(DevOidcIssuer issuer, int n)
      throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    List<SigningRequest> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String email = "user" + i + "@bench.test";
      String tok =
          issuer.mint(
              Map.of("sub", "u" + i, "aud", "sigstore", "email", email, "email_verified", true),
              "RS256",
              Duration.ofMinutes(30));
      KeyPair kp = g.generateKeyPair();
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(kp.getPrivate());
      s.update(email.getBytes(StandardCharsets.UTF_8));
      out.add(
          SigningRequest.ofPublicKey(
              tok, Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded()), s.sign()));
    }
    return out;
  }

  private static void issueAll(CertificateAuthority ca, List<SigningRequest> reqs, int threads)
      throws Exception {
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(
            ex.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < reqs.size()) {
                    try {
                      ca.issue(reqs.get(i), "bench");
                    } catch (IssuanceException e) {
                      throw new IllegalStateException(
                          "bench issuance refused: " + e.refusal() + ": " + e.getMessage(), e);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      ex.shutdown();
    }
  }

  private static double signPerSecond(CaMaterial m, int n, int threads) throws Exception {
    byte[] tbs = new byte[700]; // about a leaf TBSCertificate
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(
            ex.submit(
                () -> {
                  while (next.getAndIncrement() < n) {
                    m.issuer().sign(tbs);
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      return n / ((System.nanoTime() - t0) / 1e9);
    } finally {
      ex.shutdown();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
