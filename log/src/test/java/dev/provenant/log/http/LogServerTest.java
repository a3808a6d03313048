package dev.provenant.log.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.ConsistencyProofs;
import dev.provenant.core.merkle.InclusionProofs;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.note.Checkpoint;
import dev.provenant.core.note.NoteVerifiers;
import dev.provenant.log.LogService;
import dev.provenant.log.testing.TestSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static LogService log;
  static URI base;
  static TestSigner signer = new TestSigner();

  @BeforeAll
  static void start() throws Exception {
    log =
        LogService.start(new LogService.Config("127.0.0.1", 0, dir, null, null, null, null, null));
    base = log.baseUrl();
  }

  @AfterAll
  static void stop() throws Exception {
    log.close();
  }

  static HttpResponse<String> post(String path, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> getBytes(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Checks an entry response exactly as an offline verifier would: SET, inclusion, checkpoint. */
  static void verifyEntry(String uuid, JsonNode e) throws Exception {
    byte[] body = Base64.getDecoder().decode(e.get("body").asText());
    assertThat(Hex.encode(Rfc6962.leafHash(body))).isEqualTo(uuid);
    assertThat(e.get("logID").asText()).isEqualTo(log.rekor().key().logIdHex());
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(log.rekor().key().publicKey());
    s.update(
        dev.provenant.core.rekor.SignedEntryTimestamps.signedPayload(
            e.get("body").asText(),
            e.get("integratedTime").asLong(),
            e.get("logID").asText(),
            e.get("logIndex").asLong()));
    assertThat(
            s.verify(
                Base64.getDecoder().decode(e.at("/verification/signedEntryTimestamp").asText())))
        .as("SET")
        .isTrue();
    JsonNode p = e.at("/verification/inclusionProof");
    List<byte[]> hashes = new ArrayList<>();
    p.get("hashes").forEach(h -> hashes.add(Hex.decode(h.asText())));
    byte[] root = Hex.decode(p.get("rootHash").asText());
    InclusionProofs.verify(
        p.get("logIndex").asLong(),
        p.get("treeSize").asLong(),
        Rfc6962.leafHash(body),
        hashes,
        root);
    Checkpoint cp =
        Checkpoint.openSigned(
            p.get("checkpoint").asText(),
            List.of(NoteVerifiers.ecdsa("127.0.0.1", log.rekor().key().publicKey())),
            log.engine().origin());
    assertThat(cp.size()).isEqualTo(p.get("treeSize").asLong());
    assertThat(cp.rootHash()).isEqualTo(root);
  }

  @Test
  void post_hashedRekord_createdWithVerifiableSetProofAndCheckpoint() throws Exception {
    byte[] artifact = "artifact-1".getBytes();
    byte[] request = signer.hashedRekord(artifact);
    HttpResponse<String> r = post("/api/v1/log/entries", request);
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(r.body());
    String uuid = body.fieldNames().next();
    assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + uuid);
    verifyEntry(uuid, body.get(uuid));

    // Same entry again: 409 with the existing entry's location.
    HttpResponse<String> again = post("/api/v1/log/entries", request);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + uuid);

    long index = body.get(uuid).get("logIndex").asLong();
    JsonNode byIndex = JSON.readTree(get("/api/v1/log/entries?logIndex=" + index).body());
    verifyEntry(uuid, byIndex.get(uuid));
    JsonNode byUuid = JSON.readTree(get("/api/v1/log/entries/" + uuid).body());
    verifyEntry(uuid, byUuid.get(uuid));
    String treeIdHex = String.format("%016x", Long.parseLong(log.rekor().treeId()));
    assertThat(get("/api/v1/log/entries/" + treeIdHex + uuid).statusCode()).isEqualTo(200);
    JsonNode retrieved =
        JSON.readTree(
            post(
                    "/api/v1/log/entries/retrieve",
                    ("{\"entryUUIDs\":[\"" + uuid + "\"],\"logIndexes\":[" + index + "]}")
                        .getBytes())
                .body());
    assertThat(retrieved).hasSize(1);
    JsonNode search =
        JSON.readTree(
            post(
                    "/api/v1/index/retrieve",
                    ("{\"hash\":\"sha256:"
                            + Hex.encode(dev.provenant.core.digest.Sha256.hash(artifact))
                            + "\"}")
                        .getBytes())
                .body());
    assertThat(search.get(0).asText()).isEqualTo(uuid);
    JsonNode byKey =
        JSON.readTree(
            post(
                    "/api/v1/index/retrieve",
                    ("{\"publicKey\":{\"format\":\"x509\",\"content\":\""
                            + Base64.getEncoder().encodeToString(signer.publicKeyPem().getBytes())
                            + "\"}}")
                        .getBytes())
                .body());
    assertThat(byKey.toString()).contains(uuid);
  }

  @Test
  void logInfoAndProof_afterAppends_consistent() throws Exception {
    JsonNode before = JSON.readTree(get("/api/v1/log").body());
    for (int i = 0; i < 5; i++) {
      assertThat(
              post("/api/v1/log/entries", signer.hashedRekord(("c" + i).getBytes())).statusCode())
          .isEqualTo(201);
    }
    JsonNode after = JSON.readTree(get("/api/v1/log").body());
    long s1 = before.get("treeSize").asLong();
    long s2 = after.get("treeSize").asLong();
    assertThat(s2).isEqualTo(s1 + 5);
    Checkpoint.openSigned(
        after.get("signedTreeHead").asText(),
        List.of(NoteVerifiers.ecdsa(null, log.rekor().key().publicKey())),
        null);
    if (s1 > 0) {
      JsonNode proof =
          JSON.readTree(get("/api/v1/log/proof?firstSize=" + s1 + "&lastSize=" + s2).body());
      List<byte[]> hashes = new ArrayList<>();
      proof.get("hashes").forEach(h -> hashes.add(Hex.decode(h.asText())));
      ConsistencyProofs.verify(
          s1,
          s2,
          Hex.decode(before.get("rootHash").asText()),
          Hex.decode(after.get("rootHash").asText()),
          hashes);
    }
    assertThat(get("/api/v1/log/publicKey").body()).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void badInput_each4xxWithJsonReason_nothingWritten() throws Exception {
    long size = log.engine().latest().size();
    byte[] good = signer.hashedRekord("bad-input-base".getBytes());
    String g = new String(good, StandardCharsets.UTF_8);
    Object[][] cases = {
      {"POST", "/api/v1/log/entries", "{not json".getBytes(), 400, "MALFORMED"},
      {
        "POST",
        "/api/v1/log/entries",
        g.replace("hashedrekord", "alpine").getBytes(),
        400,
        "UNSUPPORTED_KIND"
      },
      {"POST", "/api/v1/log/entries", new byte[2 << 20], 413, "TOO_LARGE"},
      {
        "POST",
        "/api/v1/log/entries",
        signer.hashedRekord("x".getBytes()).length > 0 ? tamper(good) : null,
        400,
        "SIGNATURE_INVALID"
      },
      {"GET", "/api/v1/log/entries?logIndex=-1", null, 400, "MALFORMED"},
      {"GET", "/api/v1/log/entries?logIndex=99999999999999999999", null, 400, "MALFORMED"},
      {"GET", "/api/v1/log/entries?logIndex=9223372036854775807", null, 404, "NOT_FOUND"},
      {"GET", "/api/v1/log/entries?logIndex=abc", null, 400, "MALFORMED"},
      {"GET", "/api/v1/log/entries/zzzz", null, 400, "MALFORMED"},
      {"GET", "/api/v1/log/entries/" + "ab".repeat(32), null, 404, "NOT_FOUND"},
      {"GET", "/api/v1/log/proof?firstSize=5&lastSize=2", null, 400, "OUT_OF_RANGE"},
      {"GET", "/api/v1/log/proof?firstSize=1&lastSize=999999999", null, 400, "OUT_OF_RANGE"},
      {"GET", "/api/v1/log/proof?firstSize=-1&lastSize=2", null, 400, "MALFORMED"},
      {"GET", "/tile/0/x1/abc", null, 400, "MALFORMED"},
      {"GET", "/tile/0/999", null, 404, "NOT_FOUND"},
      {
        "POST", "/api/v1/log/entries/retrieve", "{\"logIndexes\":[-4]}".getBytes(), 400, "MALFORMED"
      },
      {"POST", "/api/v1/index/retrieve", "{\"hash\":\"sha256:12\"}".getBytes(), 400, "MALFORMED"},
      {"GET", "/nope", null, 404, "NOT_FOUND"},
    };
    for (Object[] c : cases) {
      HttpResponse<String> r =
          c[0].equals("POST") ? post((String) c[1], (byte[]) c[2]) : get((String) c[1]);
      assertThat(r.statusCode()).as("%s %s", c[0], c[1]).isEqualTo(c[3]);
      JsonNode err = JSON.readTree(r.body());
      assertThat(err.get("reason").asText()).as("%s %s", c[0], c[1]).isEqualTo(c[4]);
      assertThat(err.get("code").asInt()).isEqualTo(c[3]);
    }
    assertThat(log.engine().latest().size()).isEqualTo(size);
  }

  @Test
  void oversizeBodies_alwaysGet413Json_andTheNextRequestSucceeds() throws Exception {
    // The client must receive the 413 even though the server refuses the body, whether the
    // length is declared or streamed in chunks, and the connection pool must not hand a closed
    // socket to the next request.
    long size = log.engine().latest().size();
    for (int i = 0; i < 40; i++) {
      HttpRequest.BodyPublisher body =
          i % 2 == 0
              ? HttpRequest.BodyPublishers.ofByteArray(new byte[(2 << 20) + i])
              : HttpRequest.BodyPublishers.ofInputStream(
                  () -> new java.io.ByteArrayInputStream(new byte[3 << 20]));
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/log/entries"))
                  .header("Content-Type", "application/json")
                  .POST(body)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("round %d", i).isEqualTo(413);
      assertThat(JSON.readTree(r.body()).get("reason").asText()).isEqualTo("TOO_LARGE");
      HttpResponse<String> next = post("/api/v1/log/entries", "{not json".getBytes());
      assertThat(next.statusCode()).as("round %d", i).isEqualTo(400);
    }
    assertThat(log.engine().latest().size()).isEqualTo(size);
  }

  static byte[] tamper(byte[] request) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode n =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(request);
    com.fasterxml.jackson.databind.node.ObjectNode h =
        (com.fasterxml.jackson.databind.node.ObjectNode) n.at("/spec/data/hash");
    String v = h.get("value").asText();
    h.put("value", (v.charAt(0) == 'a' ? "b" : "a") + v.substring(1));
    return JSON.writeValueAsBytes(n);
  }

  @Test
  void tiles_matchEngineHashesAndEntries() throws Exception {
    while (log.engine().latest().size() < 300) {
      log.engine().append(("tile-filler-" + log.engine().latest().size()).getBytes()).get();
    }
    long size = log.engine().latest().size();
    HttpResponse<byte[]> full = getBytes("/tile/0/000");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    assertThat(full.body()).hasSize(256 * 32);
    for (int i = 0; i < 256; i += 51) {
      assertThat(java.util.Arrays.copyOfRange(full.body(), i * 32, i * 32 + 32))
          .isEqualTo(Rfc6962.leafHash(log.engine().entry(i).data()));
    }
    int w = (int) (size - 256);
    HttpResponse<byte[]> partial = getBytes("/tile/0/001.p/" + w);
    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(partial.body()).hasSize(w * 32);
    HttpResponse<byte[]> level1 = getBytes("/tile/1/000.p/1");
    assertThat(level1.statusCode()).isEqualTo(200);
    assertThat(level1.body()).isEqualTo(log.engine().rootHash(256));
    HttpResponse<byte[]> bundle = getBytes("/tile/entries/000");
    assertThat(bundle.statusCode()).isEqualTo(200);
    int len = ((bundle.body()[0] & 0xff) << 8) | (bundle.body()[1] & 0xff);
    assertThat(java.util.Arrays.copyOfRange(bundle.body(), 2, 2 + len))
        .isEqualTo(log.engine().entry(0).data());
    assertThat(get("/checkpoint").body()).startsWith(log.engine().origin() + "\n");
    assertThat(Tiles.encodeIndex(1234067)).isEqualTo("x001/x234/067");
    assertThat(Tiles.parse("2/x001/x234/067.p/7")).isEqualTo(new Tiles.TileRef(2, 1234067, 7));
  }
}
