package dev.provenant.core.rekor;

import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.encoding.Hex;
import java.nio.charset.StandardCharsets;

/**
 * The payload a Rekor v1 signed entry timestamp (inclusion promise) signs.
 *
 * <p>SPEC: Rekor v1 — the SET is the log's signature over the RFC 8785 canonical JSON of {@code
 * {"body": base64(body), "integratedTime": t, "logID": hex(logId), "logIndex": i}}. Keys sorted,
 * no whitespace, integers in decimal: written out directly because every value is ASCII.
 */
public final class SignedEntryTimestamps {
  private SignedEntryTimestamps() {}

  /** The canonical bytes the SET signs. */
  public static byte[] signedPayload(byte[] body, long integratedTime, byte[] logId, long logIndex) {
    String s =
        "{\"body\":\""
            + Base64s.encode(body)
            + "\",\"integratedTime\":"
            + integratedTime
            + ",\"logID\":\""
            + Hex.encode(logId)
            + "\",\"logIndex\":"
            + logIndex
            + "}";
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
