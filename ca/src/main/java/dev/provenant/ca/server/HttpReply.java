package dev.provenant.ca.server;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One HTTP response: status, content type and body bytes.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type} header value
 * @param body the response body
 */
public record HttpReply(int status, String contentType, byte[] body) {
  /** Validates the status range and copies the body. */
  public HttpReply {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    body = body.clone();
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** A JSON reply. */
  public static HttpReply json(int status, String json) {
    return new HttpReply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** A plain-text reply. */
  public static HttpReply text(int status, String text) {
    return new HttpReply(
        status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }
}
