package dev.provenant.ca.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpServiceTest {

  @Test
  void oversizeBodies_get413_andTheNextRequestOnThePoolSucceeds() throws Exception {
    try (HttpService http = HttpService.create("127.0.0.1", 0, false)) {
      http.route("POST", "/echo", ex -> HttpReply.json(200, "{\"n\":" + ex.body().length + "}"));
      http.start();
      HttpClient client = HttpClient.newHttpClient();
      URI echo = URI.create(http.baseUrl() + "/echo");
      for (int i = 0; i < 30; i++) {
        int n = HttpService.MAX_BODY + 1 + i;
        HttpRequest.BodyPublisher body =
            i % 2 == 0
                ? HttpRequest.BodyPublishers.ofByteArray(new byte[n])
                : HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[n]));
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(echo).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("round %d", i).isEqualTo(413);
        assertThat(r.body()).contains("too large");
        HttpResponse<String> ok =
            client.send(
                HttpRequest.newBuilder(echo)
                    .POST(HttpRequest.BodyPublishers.ofString("abc"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as("round %d", i).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"n\":3}");
      }
    }
  }
}
