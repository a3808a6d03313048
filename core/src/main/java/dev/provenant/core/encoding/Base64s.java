package dev.provenant.core.encoding;

import java.util.Base64;

/**
 * Base64 decoding that accepts both the standard and URL-safe alphabets, with or without padding,
 * because the Sigstore ecosystem emits all four spellings (protobuf JSON accepts them all).
 */
public final class Base64s {
  private Base64s() {}

  /**
   * Decodes standard or URL-safe base64, padded or not.
   *
   * @throws IllegalArgumentException if {@code s} is not base64 in either alphabet
   */
  public static byte[] decodeAny(String s) {
    String t =
        s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? s.replace('-', '+').replace('_', '/') : s;
    int pad = (4 - t.length() % 4) % 4;
    if (pad == 3) {
      throw new IllegalArgumentException("invalid base64 length " + s.length());
    }
    if (pad > 0) {
      t = t + "==".substring(0, pad);
    }
    return Base64.getDecoder().decode(t);
  }

  /** Standard padded base64. */
  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
