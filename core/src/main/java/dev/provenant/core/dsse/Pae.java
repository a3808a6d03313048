package dev.provenant.core.dsse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DSSE pre-authentication encoding.
 *
 * <p>SPEC: https://github.com/secure-systems-lab/dsse/blob/master/protocol.md — "PAE(type, body) =
 * "DSSEv1" + SP + LEN(type) + SP + type + SP + LEN(body) + SP + body", where LEN is the ASCII
 * decimal byte length. Built on bytes: a String length would count UTF-16 units, not bytes.
 */
public final class Pae {
  private Pae() {}

  /** The bytes a DSSE signature is computed over. */
  public static byte[] encode(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + type.length + payload.length);
    writeAscii(out, "DSSEv1 " + type.length + " ");
    out.write(type, 0, type.length);
    writeAscii(out, " " + payload.length + " ");
    out.write(payload, 0, payload.length);
    return out.toByteArray();
  }

  private static void writeAscii(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }
}
