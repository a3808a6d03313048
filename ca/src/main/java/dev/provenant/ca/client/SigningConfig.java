package dev.provenant.ca.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The services a signer uses, chosen from a Sigstore {@code signing_config.json} v0.2: the first
 * CA, Rekor v1 log and TSA whose validity window contains now (selector ANY needs one of each).
 *
 * @param caUrl the Fulcio-compatible CA
 * @param rekorUrl the Rekor v1 log
 * @param tsaUrl the timestamp endpoint, or null when the config lists none
 */
public record SigningConfig(String caUrl, String rekorUrl, String tsaUrl) {
  /** Checks presence. */
  public SigningConfig {
    Objects.requireNonNull(caUrl, "caUrl");
    Objects.requireNonNull(rekorUrl, "rekorUrl");
  }

  /**
   * Parses a v0.2 signing config.
   *
   * @throws IOException if it is not one, or names no usable CA or Rekor v1 log
   */
  public static SigningConfig parse(byte[] json, Instant now) throws IOException {
    JsonNode n = new ObjectMapper().readTree(json);
    String mt = n.path("mediaType").asText("");
    if (!mt.equals("application/vnd.dev.sigstore.signingconfig.v0.2+json")) {
      throw new IOException("signing config mediaType: expected application/vnd.dev.sigstore.signingconfig.v0.2+json, got " + mt);
    }
    String ca = pick(n.path("caUrls"), 1, now);
    String rekor = pick(n.path("rekorTlogUrls"), 1, now);
    if (ca == null) {
      throw new IOException("signing config names no CA valid now");
    }
    if (rekor == null) {
      throw new IOException("signing config names no Rekor v1 log (majorApiVersion 1) valid now");
    }
    return new SigningConfig(ca, rekor, pick(n.path("tsaUrls"), 1, now));
  }

  private static String pick(JsonNode services, int major, Instant now) throws IOException {
    for (JsonNode s : services) {
      if (s.path("majorApiVersion").asInt(0) != major) {
        continue;
      }
      try {
        JsonNode v = s.path("validFor");
        if (v.has("start") && Instant.parse(v.get("start").asText()).isAfter(now)) {
          continue;
        }
        if (v.has("end") && !Instant.parse(v.get("end").asText()).isAfter(now)) {
          continue;
        }
      } catch (DateTimeParseException e) {
        throw new IOException("bad validFor time in signing config: " + e.getParsedString(), e);
      }
      String url = s.path("url").asText("");
      if (!url.isEmpty()) {
        return url;
      }
    }
    return null;
  }
}
