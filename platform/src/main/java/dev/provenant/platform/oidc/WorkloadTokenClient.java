package dev.provenant.platform.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.ipc.JsonLineServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** Asks the workload issuer's socket for a token (the generator's side). */
public final class WorkloadTokenClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path socket;

  /** A client for the issuer listening on {@code socket}. */
  public WorkloadTokenClient(Path socket) {
    this.socket = Objects.requireNonNull(socket, "socket");
  }

  /**
   * A token for attempt {@code attempt} of build {@code buildId}.
   *
   * @throws TokenRefusedException if the issuer refuses or cannot be reached
   */
  public String token(String buildId, int attempt) throws TokenRefusedException {
    JsonNode r;
    try {
      r =
          JsonLineServer.call(
              socket,
              JSON.createObjectNode().put("buildId", buildId).put("attempt", attempt),
              64 * 1024);
    } catch (IOException e) {
      throw new TokenRefusedException(
          TokenRefusedException.Reason.UNREACHABLE,
          "issuer socket " + socket + ": " + e.getMessage(),
          e);
    }
    JsonNode t = r.get("token");
    if (t != null && t.isTextual()) {
      return t.asText();
    }
    String reason = r.path("error").path("reason").asText("");
    TokenRefusedException.Reason why;
    try {
      why = TokenRefusedException.Reason.valueOf(reason);
    } catch (IllegalArgumentException e) {
      why = TokenRefusedException.Reason.UNREACHABLE;
    }
    throw new TokenRefusedException(
        why, r.path("error").path("message").asText("issuer answered without a token"), null);
  }
}
