package dev.provenant.core.rekor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rekor bodies from real logs: every one parses, and rebuilding it canonically gives the logged
 * bytes.
 */
class EntryBodiesTest {
  static List<TlogEntry> corpusEntries() throws Exception {
    List<TlogEntry> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Corpus.dir("sigstore-conformance/assets/bundle-verify"))) {
      for (Path d : s.sorted().collect(Collectors.toList())) {
        Path b = d.resolve("bundle.sigstore.json");
        if (!Files.exists(b) || d.getFileName().toString().endsWith("_fail")) {
          continue;
        }
        out.addAll(Bundle.parse(Files.readAllBytes(b)).verificationMaterial().tlogEntries());
      }
    }
    try (Stream<Path> s = Files.list(Corpus.dir("cpython-release-bundles/versions"))) {
      for (Path v : s.sorted().collect(Collectors.toList())) {
        for (JsonNode art : ProtoJson.mapper().readTree(v.toFile())) {
          JsonNode b = art.get("sigstore");
          if (b != null && !b.isNull()) {
            out.addAll(
                Bundle.parse(ProtoJson.mapper().writeValueAsBytes(b))
                    .verificationMaterial()
                    .tlogEntries());
          }
        }
      }
    }
    return out;
  }

  @Test
  void parse_everyCorpusBody_matchesItsKindVersion() throws Exception {
    List<TlogEntry> entries = corpusEntries();
    assertThat(entries).hasSizeGreaterThan(500);
    for (TlogEntry e : entries) {
      EntryBody b = EntryBodies.parse(e.canonicalizedBody());
      assertThat(b.kind() + "/" + b.apiVersion()).isEqualTo(e.kind() + "/" + e.version());
      assertThat(b.signatures()).isNotEmpty();
    }
  }

  /**
   * The hashedrekord writer (Go json.Marshal bytes for v0.0.1, which the log also logs through)
   * reproduces every hashedrekord body public Rekor logged in the corpus, byte for byte.
   */
  @Test
  void rebuild_hashedRekordBodies_reproduceLoggedBytes() throws Exception {
    int v1 = 0;
    int v2 = 0;
    for (TlogEntry e : corpusEntries()) {
      EntryBody b = EntryBodies.parse(e.canonicalizedBody());
      if (!b.kind().equals("hashedrekord")) {
        continue;
      }
      LoggedSignature s = b.signatures().get(0);
      byte[] rebuilt =
          b.apiVersion().equals("0.0.1")
              ? EntryBodies.hashedRekordV001(
                  b.digestAlgorithm().get(),
                  b.digest().get(),
                  s.signature(),
                  s.verifierDer(),
                  s.verifierIsCertificate())
              : EntryBodies.hashedRekordV002(
                  b.digestAlgorithm().get(),
                  b.digest().get(),
                  s.signature(),
                  s.verifierDer(),
                  s.verifierIsCertificate(),
                  s.keyDetails());
      assertThat(new String(rebuilt, StandardCharsets.UTF_8))
          .isEqualTo(new String(e.canonicalizedBody(), StandardCharsets.UTF_8));
      if (b.apiVersion().equals("0.0.1")) {
        v1++;
      } else {
        v2++;
      }
    }
    assertThat(v1).isGreaterThan(400);
    assertThat(v2).isGreaterThan(10);
  }

  @Test
  void rebuild_dsseBody_reproducesLoggedBytes() throws Exception {
    TlogEntry e =
        Bundle.parse(
                Files.readAllBytes(
                    Corpus.dir(
                            "sigstore-conformance/assets/bundle-verify/happy-path-intoto-in-dsse-v3")
                        .resolve("bundle.sigstore.json")))
            .verificationMaterial()
            .tlogEntries()
            .get(0);
    EntryBody b = EntryBodies.parse(e.canonicalizedBody());
    byte[] rebuilt =
        EntryBodies.dsseV001(b.envelopeHash().get(), b.payloadHash().get(), b.signatures());
    assertThat(new String(rebuilt, StandardCharsets.UTF_8))
        .isEqualTo(new String(e.canonicalizedBody(), StandardCharsets.UTF_8));
  }

  @Test
  void parse_unknownKind_throws() {
    assertThatThrownBy(
            () ->
                EntryBodies.parse(
                    "{\"apiVersion\":\"0.0.1\",\"kind\":\"rpm\",\"spec\":{}}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RekorFormatException.class);
    assertThatThrownBy(() -> EntryBodies.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RekorFormatException.class);
  }
}
