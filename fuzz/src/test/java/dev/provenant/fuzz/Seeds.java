package dev.provenant.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;

/**
 * Seed inputs for the fuzz targets, read at run time from the real-world corpus the repository
 * carries ({@link Corpus}, {@code testdata/corpus}). Fields buried in larger documents (a bundle's
 * canonicalized Rekor body, certificate, checkpoint, timestamp; a DSSE payload) are extracted so
 * that each parser starts from real inputs of exactly its own format.
 */
final class Seeds {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder B64 = Base64.getDecoder();

  /** Upper bound per target so regression runs stay fast. */
  static final int MAX_SEEDS = 30;

  private static Map<String, List<byte[]>> cache;

  private Seeds() {}

  /** The corpus root (a failed test if it is missing: it is part of the repository). */
  static Path corpus() {
    return Corpus.root();
  }

  /** Seeds for one target name (see {@link Targets#ALL}). */
  static synchronized List<byte[]> forTarget(String target) {
    if (cache == null) {
      cache = load(corpus());
    }
    List<byte[]> s = cache.getOrDefault(target, List.of());
    return s.size() <= MAX_SEEDS ? s : spread(s, MAX_SEEDS);
  }

  private static List<byte[]> spread(List<byte[]> all, int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(all.get((int) ((long) i * all.size() / n)));
    }
    return out;
  }

  private static Map<String, List<byte[]>> load(Path root) {
    Map<String, List<byte[]>> m = new LinkedHashMap<>();
    List<Path> bundles =
        files(
            root,
            p -> {
              String n = p.getFileName().toString();
              return n.endsWith(".sigstore.json")
                  || n.endsWith(".sigstore")
                  || n.endsWith(".intoto.sigstore");
            });
    for (Path b : bundles) {
      byte[] raw = read(b);
      add(m, "bundle", raw);
      JsonNode n = tree(raw);
      if (n == null) {
        continue;
      }
      JsonNode vm = n.path("verificationMaterial");
      for (JsonNode e : vm.path("tlogEntries")) {
        b64(e.path("canonicalizedBody")).ifPresent(x -> add(m, "rekorBody", x));
        String cp = e.path("inclusionProof").path("checkpoint").path("envelope").asText("");
        if (!cp.isEmpty()) {
          add(m, "signedNote", cp.getBytes(StandardCharsets.UTF_8));
        }
      }
      for (JsonNode t : vm.path("timestampVerificationData").path("rfc3161Timestamps")) {
        b64(t.path("signedTimestamp")).ifPresent(x -> add(m, "timestamp", x));
      }
      List<byte[]> certs = new ArrayList<>();
      b64(vm.path("certificate").path("rawBytes")).ifPresent(certs::add);
      for (JsonNode c : vm.path("x509CertificateChain").path("certificates")) {
        b64(c.path("rawBytes")).ifPresent(certs::add);
      }
      for (byte[] c : certs) {
        add(m, "certificate", c);
        sctList(c).ifPresent(x -> add(m, "sctList", x));
      }
      JsonNode env = n.path("dsseEnvelope");
      if (env.isObject()) {
        add(m, "dsseEnvelope", env.toString().getBytes(StandardCharsets.UTF_8));
        b64(env.path("payload")).ifPresent(x -> addStatement(m, x));
      }
    }
    for (Path j : files(root, p -> p.getFileName().toString().endsWith(".intoto.jsonl"))) {
      for (String line : new String(read(j), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        add(m, "dsseEnvelope", line.getBytes(StandardCharsets.UTF_8));
        JsonNode env = tree(line.getBytes(StandardCharsets.UTF_8));
        if (env != null) {
          b64(env.path("payload")).ifPresent(x -> addStatement(m, x));
        }
      }
    }
    for (Path t :
        files(
            root,
            p ->
                p.getFileName().toString().contains("trusted_root")
                    && p.toString().endsWith(".json"))) {
      add(m, "trustedRoot", read(t));
    }
    for (Path t : files(root, p -> p.getFileName().toString().endsWith(".tsr"))) {
      add(m, "timestamp", read(t));
    }
    for (Path t :
        files(root, p -> p.toString().contains("checkpoints") && p.toString().endsWith(".txt"))) {
      add(m, "signedNote", read(t));
    }
    for (Path t :
        files(
            root, p -> p.toString().contains("rekor-response") && p.toString().endsWith(".json"))) {
      JsonNode n = tree(read(t));
      if (n != null) {
        n.properties()
            .forEach(e -> b64(e.getValue().path("body")).ifPresent(x -> add(m, "rekorBody", x)));
      }
    }
    for (Path t :
        files(
            root,
            p ->
                p.toString().contains("/certs/")
                    || p.toString().contains("fulcio-response")
                    || p.toString().contains("certificatetransparency"))) {
      for (byte[] der : pemOrDer(read(t))) {
        add(m, "certificate", der);
        sctList(der).ifPresent(x -> add(m, "sctList", x));
      }
    }
    for (Path t :
        files(
            root,
            p -> {
              String s = p.toString();
              return (s.contains("/blobs/sha256/")
                      || p.getFileName().toString().equals("index.json"))
                  && s.contains("slsa-verifier");
            })) {
      byte[] raw = read(t);
      if (raw.length < 64 * 1024 && raw.length > 0 && raw[0] == '{') {
        add(m, "ociJson", raw);
        add(m, "ociManifest", raw);
        JsonNode n = tree(raw);
        if (n != null) {
          for (JsonNode layer : n.path("layers")) {
            String bundle = layer.path("annotations").path("dev.sigstore.cosign/bundle").asText("");
            if (!bundle.isEmpty()) {
              add(m, "cosignRekorBundle", bundle.getBytes(StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    for (Path t :
        files(root, p -> p.toString().contains("npm") && p.toString().endsWith(".json"))) {
      add(m, "npmAttestations", read(t));
    }
    return m;
  }

  private static void addStatement(Map<String, List<byte[]>> m, byte[] payload) {
    add(m, "statement", payload);
    JsonNode st = tree(payload);
    if (st != null && st.path("predicate").isObject()) {
      add(m, "provenance", payload);
    }
  }

  private static java.util.Optional<byte[]> sctList(byte[] der) {
    try {
      X509Certificate c =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      byte[] ext = c.getExtensionValue(dev.provenant.core.ct.EmbeddedScts.SCT_LIST_OID);
      if (ext == null) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets());
    } catch (CertificateException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  private static List<byte[]> pemOrDer(byte[] raw) {
    String s = new String(raw, StandardCharsets.US_ASCII);
    List<byte[]> out = new ArrayList<>();
    try {
      out.addAll(dev.provenant.core.pem.Pem.decode(s, "CERTIFICATE"));
    } catch (dev.provenant.core.pem.PemFormatException e) {
      return out;
    }
    if (out.isEmpty()) {
      out.add(raw);
    }
    return out;
  }

  private static java.util.Optional<byte[]> b64(JsonNode n) {
    if (!n.isTextual()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(B64.decode(n.asText()));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static JsonNode tree(byte[] raw) {
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      return null;
    }
  }

  private static void add(Map<String, List<byte[]>> m, String target, byte[] seed) {
    List<byte[]> l = m.computeIfAbsent(target, k -> new ArrayList<>());
    for (byte[] e : l) {
      if (java.util.Arrays.equals(e, seed)) {
        return;
      }
    }
    l.add(seed);
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> all;

  /** Files under {@code root} matching {@code filter}; the tree is walked once. */
  private static List<Path> files(Path root, Predicate<Path> filter) {
    if (all == null) {
      try (Stream<Path> s = Files.walk(root)) {
        all = s.filter(Files::isRegularFile).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all.stream().filter(filter).toList();
  }
}
