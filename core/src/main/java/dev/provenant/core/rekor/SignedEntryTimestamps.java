package dev.provenant.core.rekor;

import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.encoding.Hex;
import java.nio.charset.StandardCharsets;

/**
 * The payload a Rekor v1 signed entry timestamp (inclusion promise) signs.
 *
 * <p>SPEC: Rekor v1 — the SET is the log's signature over the RFC 8785 canonical JSON of {@code
 * {"body": base64(body), "integratedTime": t, "logID": hex(logId), "logIndex": i}}. Keys sorted, no
 * whitespace, integers in decimal: written out directly because every value is ASCII.
 */
public final class SignedEntryTimestamps {
  private SignedEntryTimestamps() {}

  /** The canonical bytes the SET signs. */
  public static byte[] signedPayload(
      byte[] body, long integratedTime, byte[] logId, long logIndex) {
    return signedPayload(Base64s.encode(body), integratedTime, Hex.encode(logId), logIndex);
  }

  /**
   * As {@link #signedPayload(byte[], long, byte[], long)}, for a body already in standard base64
   * and a log ID already in lowercase hex (the log has both at hand when it signs).
   */
  public static byte[] signedPayload(
      String bodyBase64, long integratedTime, String logIdHex, long logIndex) {
    String s =
        "{\"body\":\""
            + bodyBase64
            + "\",\"integratedTime\":"
            + integratedTime
            + ",\"logID\":\""
            + logIdHex
            + "\",\"logIndex\":"
            + logIndex
            + "}";
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
