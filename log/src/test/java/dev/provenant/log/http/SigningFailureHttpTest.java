package dev.provenant.log.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteSigner;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEngines;
import dev.provenant.log.LogKey;
import dev.provenant.log.rekor.RekorLog;
import dev.provenant.log.testing.TestSigner;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint the log key cannot sign is reported as a signing failure, not a storage one. */
class SigningFailureHttpTest {
  @TempDir Path dir;

  @Test
  void postEntry_checkpointSignerFails_500WithReasonSigning() throws Exception {
    LogKey key = LogKey.generate();
    String origin = "signing-failure.test";
    NoteSigner real = key.noteSigner(origin);
    AtomicInteger left = new AtomicInteger(1); // the empty tree's head at open, then nothing
    NoteSigner failing =
        new NoteSigner() {
          @Override
          public String name() {
            return real.name();
          }

          @Override
          public byte[] keyHint() {
            return real.keyHint();
          }

          @Override
          public byte[] sign(byte[] text) throws NoteException {
            if (left.getAndDecrement() <= 0) {
              throw new NoteException(NoteException.Reason.KEY_INVALID, "signing key unavailable");
            }
            return real.sign(text);
          }
        };
    LogEngine engine = LogEngines.embedded(dir, origin, failing);
    try (LogServer server = LogServer.start(new RekorLog(engine, key), "127.0.0.1", 0)) {
      byte[] request = new TestSigner().hashedRekord("artifact".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.baseUrl().resolve("/api/v1/log/entries"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(500);
      JsonNode body = new ObjectMapper().readTree(r.body());
      assertThat(body.get("code").asInt()).isEqualTo(500);
      assertThat(body.get("reason").asText()).isEqualTo("SIGNING");
      assertThat(body.get("message").asText()).isEqualTo("signing failure");
      assertThat(engine.latest().size()).isZero();
    } finally {
      engine.close();
    }
  }
}
