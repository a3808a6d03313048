package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.x509.Certificates;
import dev.provenant.log.LogService;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online transparency-log lookup for classic {@code .intoto.jsonl} provenance, against the
 * project's own Rekor-compatible log on loopback: a real slsa-github-generator envelope is logged
 * there, then {@code verify-artifact --rekor-url} finds it, verifies the entry (SET, inclusion
 * proof, checkpoint, body against envelope and certificate) and checks the certificate at the
 * entry's integrated time.
 */
class RekorLookupTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GO =
      "cli/slsa-verifier/testdata/gha_go/v1.10.0/binary-linux-amd64-push-v14.2.intoto.jsonl";
  static final String OTHER =
      "cli/slsa-verifier/testdata/gha_go/v1.10.0/binary-linux-amd64-push-v14.intoto.jsonl";
  static final String GO_DIGEST =
      "sha256:370fe299114f9ff0e77a0f2ba3908e4b0c5a594334aec0afd96f99cf55fa42ba";
  @TempDir static Path dir;
  static LogService log;
  static Path trustedRoot;
  static Path data;

  @BeforeAll
  static void start() throws Exception {
    data = SlsaCorpusTest.corpus().resolve("testdata");
    log =
        LogService.start(
            new LogService.Config(
                "127.0.0.1", 0, dir.resolve("log"), null, null, null, null, null));
    // The public-good Fulcio and CT keys (the certificate's issuers) plus this log's key.
    ObjectNode root = (ObjectNode) JSON.readTree(data.resolve("_trust/trusted_root.json").toFile());
    ((ArrayNode) root.get("tlogs")).add(log.trustFragment());
    trustedRoot = dir.resolve("trusted_root.json");
    JSON.writeValue(trustedRoot.toFile(), root);
    byte[] envelope = Files.readAllBytes(data.resolve(GO));
    JsonNode env = JSON.readTree(envelope);
    String pem = env.get("signatures").get(0).get("cert").asText();
    String pemB64 =
        Base64.getEncoder()
            .encodeToString(
                Certificates.toPem(Certificates.fromPem(pem).get(0))
                    .getBytes(StandardCharsets.UTF_8));
    ObjectNode entry = JSON.createObjectNode().put("kind", "dsse").put("apiVersion", "0.0.1");
    ObjectNode pc = entry.putObject("spec").putObject("proposedContent");
    pc.put("envelope", new String(envelope, StandardCharsets.UTF_8));
    pc.putArray("verifiers").add(pemB64);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(log.baseUrl().resolve("/api/v1/log/entries"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(entry)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (log != null) {
      log.close();
    }
  }

  static SlsaCorpusTest.Run verify(String provenance, URI rekor, String... extra) {
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                "verify-artifact",
                "--provenance-path",
                data.resolve(provenance).toString(),
                "--source-uri",
                "github.com/slsa-framework/example-package",
                "--trusted-root",
                trustedRoot.toString(),
                "--rekor-url",
                rekor.toString(),
                "--format",
                "json"));
    argv.addAll(List.of(extra));
    argv.add(GO_DIGEST);
    return SlsaCorpusTest.run(argv);
  }

  @Test
  void verifyArtifact_entryLoggedAfterCertificateExpired_certificateNotValidAtSigningTime() {
    // The entry verifies (found, SET, proof, checkpoint, body); the 10-minute 2024 certificate was
    // not valid when this log integrated the entry, so the signature time is rejected: a log
    // entry cannot vouch for a signature made with an expired certificate.
    SlsaCorpusTest.Run r = verify(GO, log.baseUrl());
    assertThat(r.stderr()).contains("Verified signature against tlog entry index");
    assertThat(SlsaCorpusTest.reasonOf(r.stderr()))
        .as(r.stderr())
        .isEqualTo(dev.provenant.verify.Reason.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME);
    assertThat(r.exit()).isEqualTo(ExitCode.INVALID.code());
  }

  @Test
  void verifyArtifact_envelopeNotInLog_tlogEntryNotFound() {
    SlsaCorpusTest.Run r = verify(OTHER, log.baseUrl());
    assertThat(SlsaCorpusTest.reasonOf(r.stderr()))
        .as(r.stderr())
        .isEqualTo(dev.provenant.verify.Reason.TLOG_ENTRY_NOT_FOUND);
    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
  }

  @Test
  void verifyArtifact_logUnreachable_exitUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SlsaCorpusTest.Run r = verify(GO, URI.create("http://127.0.0.1:" + port));
    assertThat(SlsaCorpusTest.reasonOf(r.stderr()))
        .as(r.stderr())
        .isEqualTo(dev.provenant.verify.Reason.LOG_UNREACHABLE);
    assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE.code());
  }

  @Test
  void verifyArtifact_insecureIgnoreTlog_passesAndWarns() {
    SlsaCorpusTest.Run r = verify(GO, log.baseUrl(), "--insecure-ignore-tlog");
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("the transparency log was NOT checked");
  }
}
