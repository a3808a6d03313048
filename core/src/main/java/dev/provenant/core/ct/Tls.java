package dev.provenant.core.ct;

import java.io.ByteArrayOutputStream;

/** Big-endian integer writers for TLS presentation-language structures (RFC 5246 §4). */
final class Tls {
  private Tls() {}

  static void u16(ByteArrayOutputStream out, int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("u16 out of range: " + v);
    }
    out.write(v >>> 8);
    out.write(v);
  }

  static void u24(ByteArrayOutputStream out, int v) {
    if (v < 0 || v > 0xffffff) {
      throw new IllegalArgumentException("u24 out of range: " + v);
    }
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  static void u64(ByteArrayOutputStream out, long v) {
    for (int s = 56; s >= 0; s -= 8) {
      out.write((int) (v >>> s));
    }
  }
}
