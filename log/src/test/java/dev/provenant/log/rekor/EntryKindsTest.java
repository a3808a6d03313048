package dev.provenant.log.rekor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EntryKindsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Real Rekor entries (and their bundles) from verifying corpus cases that are expected to pass.
   */
  static List<JsonNode[]> realEntries(String kind, String version) throws Exception {
    List<Path> bundles = new ArrayList<>();
    Path conf = Corpus.path("sigstore-conformance/assets/bundle-verify");
    try (Stream<Path> s = Files.list(conf)) {
      s.filter(d -> !d.getFileName().toString().endsWith("_fail"))
          .map(d -> d.resolve("bundle.sigstore.json"))
          .filter(Files::exists)
          .forEach(bundles::add);
    }
    Path samples = Corpus.path("sigstore-java-samples/samples/bundles");
    try (Stream<Path> s = Files.list(samples)) {
      s.filter(
              p ->
                  p.getFileName()
                      .toString()
                      .matches(
                          "(PKIX_.*\\.sigstore\\.json|bundle(\\.dsse)?(\\.v[0-9_]+)?\\.sigstore)"))
          .forEach(bundles::add);
    }
    // Real public-good Rekor bundles from slsa-verifier's regression data (GitHub Actions builds).
    for (String f :
        new String[] {
          "slsa-verifier/testdata/verifiers/internal/gha/testdata/bundle/valid.intoto.sigstore",
          "slsa-verifier/testdata/cli/slsa-verifier/testdata/gha_container-based/v1.7.0/gha_container-based-binary-linux-amd64-v14.intoto.sigstore",
          "slsa-verifier/testdata/cli/slsa-verifier/testdata/gha_container-based/v1.7.0/gha_container-based-binary-linux-amd64-v14.2.intoto.sigstore",
          "slsa-verifier/testdata/cli/slsa-verifier/testdata/gha_container-based/v1.7.0/binary-linux-amd64-workflow_dispatch.intoto.sigstore"
        }) {
      bundles.add(Corpus.path(f));
    }
    List<JsonNode[]> out = new ArrayList<>();
    for (Path b : bundles) {
      JsonNode bundle = JSON.readTree(b.toFile());
      for (JsonNode t : bundle.at("/verificationMaterial/tlogEntries")) {
        if (kind.equals(t.at("/kindVersion/kind").asText())
            && version.equals(t.at("/kindVersion/version").asText())) {
          out.add(new JsonNode[] {t, bundle});
        }
      }
    }
    return out;
  }

  static byte[] body(JsonNode tlogEntry) {
    return Base64.getDecoder().decode(tlogEntry.get("canonicalizedBody").asText());
  }

  /**
   * Canonicalizes each real logged body of one kind and version (more than ten of them), asserting
   * that the result is the logged body byte for byte.
   */
  private static List<ProposedEntry> reproducedBodies(String kind, String version)
      throws Exception {
    List<JsonNode[]> entries = realEntries(kind, version);
    assertThat(entries).hasSizeGreaterThan(10);
    List<ProposedEntry> out = new ArrayList<>();
    for (JsonNode[] e : entries) {
      byte[] body = body(e[0]);
      ProposedEntry p = EntryKinds.canonicalize(body);
      assertThat(new String(p.body(), StandardCharsets.UTF_8))
          .isEqualTo(new String(body, StandardCharsets.UTF_8));
      out.add(p);
    }
    return out;
  }

  @Test
  void canonicalize_realHashedRekordBodies_reproducedByteForByte() throws Exception {
    for (ProposedEntry p : reproducedBodies("hashedrekord", "0.0.1")) {
      JsonNode hash = JSON.readTree(p.body()).at("/spec/data/hash");
      assertThat(p.searchKeys())
          .contains(hash.get("algorithm").asText() + ":" + hash.get("value").asText());
    }
  }

  @Test
  void canonicalize_realRekorV2HashedRekordBodies_reproducedByteForByte() throws Exception {
    for (ProposedEntry p : reproducedBodies("hashedrekord", "0.0.2")) {
      // A changed digest byte no longer verifies.
      ObjectNode req = (ObjectNode) JSON.readTree(p.body());
      ObjectNode data = (ObjectNode) req.at("/spec/hashedRekordV002/data");
      byte[] d = Base64.getDecoder().decode(data.get("digest").asText());
      d[0] ^= 1;
      data.put("digest", Base64.getEncoder().encodeToString(d));
      assertReason(EntryException.Reason.SIGNATURE_INVALID, JSON.writeValueAsBytes(req));
    }
  }

  @Test
  void canonicalize_realIntotoRequests_reproduceLoggedBodies() throws Exception {
    // Public Rekor never stores the envelope payload in intoto 0.0.2 bodies; the conformance
    // suite's
    // mock-log entries do, so only real public-good entries are a reference here.
    List<JsonNode[]> entries = new ArrayList<>();
    for (JsonNode[] e : realEntries("intoto", "0.0.2")) {
      if (!JSON.readTree(body(e[0])).at("/spec/content/envelope").has("payload")) {
        entries.add(e);
      }
    }
    assertThat(entries).hasSizeGreaterThanOrEqualTo(4);
    for (JsonNode[] e : entries) {
      byte[] body = body(e[0]);
      ObjectNode request = (ObjectNode) JSON.readTree(body);
      // The client sent the envelope payload (double base64); the server dropped it and added
      // payloadHash. Rebuild the request from the bundle's envelope.
      String payloadB64 = e[1].at("/dsseEnvelope/payload").asText();
      ObjectNode content = (ObjectNode) request.at("/spec/content");
      content.remove("payloadHash");
      ((ObjectNode) content.get("envelope"))
          .put(
              "payload",
              Base64.getEncoder().encodeToString(payloadB64.getBytes(StandardCharsets.UTF_8)));
      ProposedEntry p = EntryKinds.canonicalize(JSON.writeValueAsBytes(request));
      assertThat(new String(p.body(), StandardCharsets.UTF_8))
          .isEqualTo(new String(body, StandardCharsets.UTF_8));
    }
  }

  @Test
  void canonicalize_realDsseRequests_reproduceLoggedSignaturesAndPayloadHash() throws Exception {
    List<JsonNode[]> entries = realEntries("dsse", "0.0.1");
    assertThat(entries).isNotEmpty();
    for (JsonNode[] e : entries) {
      JsonNode logged = JSON.readTree(body(e[0]));
      JsonNode env = e[1].get("dsseEnvelope");
      String cert = e[1].at("/verificationMaterial/certificate/rawBytes").asText(null);
      if (cert == null) {
        cert =
            e[1].at("/verificationMaterial/x509CertificateChain/certificates/0/rawBytes").asText();
      }
      byte[] pem =
          dev.provenant.core.pem.Pem.encodeBytes("CERTIFICATE", Base64.getDecoder().decode(cert));
      ObjectNode request = JSON.createObjectNode();
      request.put("apiVersion", "0.0.1").put("kind", "dsse");
      ObjectNode pc = request.putObject("spec").putObject("proposedContent");
      pc.put("envelope", JSON.writeValueAsString(env));
      pc.putArray("verifiers").add(Base64.getEncoder().encodeToString(pem));
      ProposedEntry p = EntryKinds.canonicalize(JSON.writeValueAsBytes(request));
      JsonNode ours = JSON.readTree(p.body());
      // The envelope hash covers the client's exact envelope serialization; everything else
      // (signatures, canonical verifier PEM, payload hash, field order) must match.
      assertThat(ours.at("/spec/payloadHash")).isEqualTo(logged.at("/spec/payloadHash"));
      assertThat(ours.at("/spec/signatures")).isEqualTo(logged.at("/spec/signatures"));
      ((ObjectNode) ours.get("spec")).set("envelopeHash", logged.at("/spec/envelopeHash"));
      assertThat(JSON.writeValueAsString(ours))
          .isEqualTo(new String(body(e[0]), StandardCharsets.UTF_8));
    }
  }

  @Test
  void canonicalize_tamperedHashedRekord_signatureInvalid() throws Exception {
    JsonNode[] e = realEntries("hashedrekord", "0.0.1").get(0);
    ObjectNode req = (ObjectNode) JSON.readTree(body(e[0]));
    ObjectNode hash = (ObjectNode) req.at("/spec/data/hash");
    String v = hash.get("value").asText();
    hash.put("value", (v.charAt(0) == '0' ? "1" : "0") + v.substring(1));
    assertReason(EntryException.Reason.SIGNATURE_INVALID, JSON.writeValueAsBytes(req));

    ObjectNode req2 = (ObjectNode) JSON.readTree(body(e[0]));
    ObjectNode sig = (ObjectNode) req2.at("/spec/signature");
    byte[] s = Base64.getDecoder().decode(sig.get("content").asText());
    s[s.length - 3] ^= 1;
    sig.put("content", Base64.getEncoder().encodeToString(s));
    assertReason(EntryException.Reason.SIGNATURE_INVALID, JSON.writeValueAsBytes(req2));
  }

  @Test
  void canonicalize_badInputs_rejectedWithReason() throws Exception {
    JsonNode[] e = realEntries("hashedrekord", "0.0.1").get(0);
    String good = new String(body(e[0]), StandardCharsets.UTF_8);
    assertReason(EntryException.Reason.MALFORMED, "{".getBytes());
    assertReason(EntryException.Reason.MALFORMED, "[]".getBytes());
    assertReason(EntryException.Reason.MALFORMED, "null".getBytes());
    assertReason(EntryException.Reason.MALFORMED, (good + "{}").getBytes());
    assertReason(
        EntryException.Reason.MALFORMED,
        good.replace(
                "{\"apiVersion\":\"0.0.1\"", "{\"apiVersion\":\"0.0.1\",\"apiVersion\":\"0.0.1\"")
            .getBytes());
    assertReason(
        EntryException.Reason.UNSUPPORTED_KIND, good.replace("hashedrekord", "rpm").getBytes());
    assertReason(
        EntryException.Reason.UNSUPPORTED_KIND, good.replace("\"0.0.1\"", "\"9.9.9\"").getBytes());
    assertReason(
        EntryException.Reason.INVALID_FIELD, good.replace("\"sha256\"", "\"md5\"").getBytes());
    ObjectNode shortHash = (ObjectNode) JSON.readTree(good);
    ((ObjectNode) shortHash.at("/spec/data/hash")).put("value", "abcd");
    assertReason(EntryException.Reason.INVALID_FIELD, JSON.writeValueAsBytes(shortHash));
    ObjectNode badB64 = (ObjectNode) JSON.readTree(good);
    ((ObjectNode) badB64.at("/spec/signature")).put("content", "!!!notbase64");
    assertReason(EntryException.Reason.INVALID_FIELD, JSON.writeValueAsBytes(badB64));
    ObjectNode badKey = (ObjectNode) JSON.readTree(good);
    ((ObjectNode) badKey.at("/spec/signature/publicKey"))
        .put(
            "content",
            Base64.getEncoder()
                .encodeToString(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".getBytes()));
    assertReason(EntryException.Reason.INVALID_KEY, JSON.writeValueAsBytes(badKey));
    ObjectNode noSpec = (ObjectNode) JSON.readTree(good);
    noSpec.remove("spec");
    assertReason(EntryException.Reason.MALFORMED, JSON.writeValueAsBytes(noSpec));
    assertReason(EntryException.Reason.TOO_LARGE, new byte[EntryKinds.MAX_REQUEST_BYTES + 1]);
  }

  static void assertReason(EntryException.Reason want, byte[] request) {
    EntryException ex =
        catchThrowableOfType(EntryException.class, () -> EntryKinds.canonicalize(request));
    assertThat(ex).as("expected %s", want).isNotNull();
    assertThat(ex.reason()).isEqualTo(want);
  }
}
