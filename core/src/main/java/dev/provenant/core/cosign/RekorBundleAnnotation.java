package dev.provenant.core.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cosign's {@code dev.sigstore.cosign/bundle} annotation: a Rekor v1 entry as cosign's {@code
 * bundle.RekorBundle} marshals it, {@code {"SignedEntryTimestamp": base64, "Payload": {"body":
 * base64 canonicalized body, "integratedTime": n, "logIndex": n, "logID": hex}}}. The SET is over
 * the canonical JSON of {@code Payload}, so the four payload fields are the whole entry a verifier
 * needs besides the SET (there is no inclusion proof in this format).
 *
 * <p>SPEC: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md ("Bundle")
 */
public final class RekorBundleAnnotation {
  private RekorBundleAnnotation() {}

  /**
   * The annotation value for {@code entry}.
   *
   * @throws IllegalArgumentException if the entry has no signed entry timestamp (cosign's format
   *     cannot carry an entry without one)
   */
  public static String encode(TlogEntry entry) {
    byte[] set =
        entry
            .signedEntryTimestamp()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "tlog entry " + entry.logIndex() + ": expected a SET, got none"));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("body", Base64.getEncoder().encodeToString(entry.canonicalizedBody()));
    payload.put("integratedTime", entry.integratedTime());
    payload.put("logIndex", entry.logIndex());
    payload.put("logID", entry.logIdHex());
    Map<String, Object> bundle = new LinkedHashMap<>();
    bundle.put("SignedEntryTimestamp", Base64.getEncoder().encodeToString(set));
    bundle.put("Payload", payload);
    return GoJson.write(bundle);
  }

  /**
   * The entry an annotation value carries; kind and version come from the logged body.
   *
   * @throws JsonFormatException if it is not cosign's bundle JSON, or a field is not base64/hex
   */
  public static TlogEntry decode(String json) throws JsonFormatException {
    JsonNode b = GoJson.parse(json.getBytes(StandardCharsets.UTF_8));
    JsonNode p = b.path("Payload");
    try {
      byte[] body = Base64.getDecoder().decode(p.path("body").asText(""));
      JsonNode bj = GoJson.parse(body);
      return new TlogEntry(
          p.path("logIndex").asLong(),
          Hex.decode(p.path("logID").asText("")),
          bj.path("kind").asText(""),
          bj.path("apiVersion").asText(""),
          p.path("integratedTime").asLong(),
          Base64.getDecoder().decode(b.path("SignedEntryTimestamp").asText("")),
          null,
          body);
    } catch (IllegalArgumentException e) {
      throw new JsonFormatException("cosign Rekor bundle: " + e.getMessage());
    }
  }
}
