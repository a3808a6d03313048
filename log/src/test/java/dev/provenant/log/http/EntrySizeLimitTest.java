package dev.provenant.log.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.dsse.Pae;
import dev.provenant.log.LogService;
import dev.provenant.log.rekor.EntryException;
import dev.provenant.log.rekor.EntryKinds;
import dev.provenant.log.testing.TestSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C2SP tlog-tiles entry bundles prefix each entry with a 16-bit length, so the log refuses entries
 * whose canonical body exceeds {@link EntryKinds#MAX_BODY_BYTES} and never answers 500 for a
 * bundle.
 */
class EntrySizeLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private final TestSigner signer = new TestSigner();

  @TempDir Path dir;

  /** An intoto 0.0.2 request with {@code sigs} signatures: the body grows ~400 bytes each. */
  private byte[] intoto(int sigs) throws Exception {
    String type = "application/vnd.in-toto+json";
    byte[] payload =
        ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\","
                + "\"digest\":{\"sha256\":\""
                + "ab".repeat(32)
                + "\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] pae = Pae.encode(type, payload);
    String pem = B64.encodeToString(signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
    ObjectNode req = JSON.createObjectNode().put("apiVersion", "0.0.2").put("kind", "intoto");
    ObjectNode content = req.putObject("spec").putObject("content");
    ObjectNode env = content.putObject("envelope");
    env.put("payloadType", type);
    env.put("payload", B64.encodeToString(B64.encode(payload)));
    ArrayNode list = env.putArray("signatures");
    for (int i = 0; i < sigs; i++) {
      // ECDSA signatures are randomized, so each one is distinct.
      list.addObject()
          .put("sig", B64.encodeToString(B64.encode(signer.sign(pae))))
          .put("publicKey", pem);
    }
    content.putObject("hash").put("algorithm", "sha256").put("value", "cd".repeat(32));
    return JSON.writeValueAsBytes(req);
  }

  private static HttpResponse<byte[]> send(URI base, String path, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    if (body != null) {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void post_canonicalBodyOver64KiB_413EntryTooLargeAndNothingWritten() throws Exception {
    try (LogService log =
        LogService.start(
            new LogService.Config("127.0.0.1", 0, dir, null, null, null, null, null))) {
      URI base = log.baseUrl();
      byte[] big = intoto(200);
      assertThat(big.length).isLessThan(EntryKinds.MAX_REQUEST_BYTES);
      HttpResponse<byte[]> r = send(base, "/api/v1/log/entries", big);
      assertThat(r.statusCode()).isEqualTo(413);
      JsonNode err = JSON.readTree(r.body());
      assertThat(err.get("reason").asText())
          .isEqualTo(EntryException.Reason.ENTRY_TOO_LARGE.name());
      assertThat(err.get("code").asInt()).isEqualTo(413);
      assertThat(log.engine().latest().size()).isZero();

      // Just under the limit: accepted, and the bundle carries it with a length prefix >= 32 KiB
      // (the high bit of the 16-bit prefix set).
      HttpResponse<byte[]> ok = send(base, "/api/v1/log/entries", intoto(120));
      assertThat(ok.statusCode()).isEqualTo(201);
      byte[] stored = log.engine().entry(0).data();
      assertThat(stored.length).isBetween(32 * 1024, EntryKinds.MAX_BODY_BYTES);
      HttpResponse<byte[]> bundle = send(base, "/tile/entries/000.p/1", null);
      assertThat(bundle.statusCode()).isEqualTo(200);
      byte[] b = bundle.body();
      assertThat(((b[0] & 0xff) << 8) | (b[1] & 0xff)).isEqualTo(stored.length);
      assertThat(java.util.Arrays.copyOfRange(b, 2, b.length)).isEqualTo(stored);
    }
  }

  @Test
  void tileEntries_leafOver64KiBAppendedToEngine_422JsonReasonNot500() throws Exception {
    try (LogService log =
        LogService.start(
            new LogService.Config("127.0.0.1", 0, dir, null, null, null, null, null))) {
      // The engine itself takes leaves up to 1 MiB (e.g. for Certificate Transparency).
      log.engine().append("small".getBytes(StandardCharsets.UTF_8)).get();
      log.engine().append(new byte[EntryKinds.MAX_BODY_BYTES + 1]).get();
      HttpResponse<byte[]> r = send(log.baseUrl(), "/tile/entries/000.p/2", null);
      assertThat(r.statusCode()).isEqualTo(422);
      JsonNode err = JSON.readTree(r.body());
      assertThat(err.get("reason").asText()).isEqualTo("ENTRY_TOO_LARGE");
      assertThat(send(log.baseUrl(), "/tile/entries/000.p/1", null).statusCode()).isEqualTo(200);
      assertThat(send(log.baseUrl(), "/api/v1/log/entries?logIndex=1", null).statusCode())
          .isEqualTo(200);
    }
  }
}
