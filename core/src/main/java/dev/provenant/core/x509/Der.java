package dev.provenant.core.x509;

import org.jspecify.annotations.Nullable;

/**
 * A minimal DER tag-length-value reader (ITU-T X.690): single-byte tags, definite lengths of up to
 * four bytes, every length checked against its enclosing element. Enough to walk certificate
 * extensions without building an object tree; callers decide what the values mean.
 */
public final class Der {
  /** Universal tag numbers and tag bits used here. */
  public static final int BOOLEAN = 0x01;

  /** OCTET STRING (primitive). */
  public static final int OCTET_STRING = 0x04;

  /** OBJECT IDENTIFIER. */
  public static final int OID = 0x06;

  /** UTF8String. */
  public static final int UTF8_STRING = 0x0c;

  /** SEQUENCE (constructed). */
  public static final int SEQUENCE = 0x30;

  /** Context-specific class bit. */
  public static final int CONTEXT = 0x80;

  /** Constructed bit. */
  public static final int CONSTRUCTED = 0x20;

  /** Malformed DER. */
  public static final class DerException extends Exception {
    private static final long serialVersionUID = 1L;

    DerException(String message) {
      super(message);
    }
  }

  private final byte[] buf;
  private final int limit;

  /** Cursor: where the next element starts. */
  int pos;

  /** The element last read: its tag, where its contents start, where it ends. */
  int tag;

  int valueStart;
  int end;

  Der(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.limit = to;
  }

  boolean hasMore() {
    return pos < limit;
  }

  /** Reads the next element's header and moves the cursor past the whole element. */
  void read() throws DerException {
    if (pos >= limit) {
      throw new DerException("element expected at offset " + pos);
    }
    tag = buf[pos] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new DerException("multi-byte tag at offset " + pos);
    }
    int p = pos + 1;
    if (p >= limit) {
      throw new DerException("missing length at offset " + p);
    }
    int first = buf[p++] & 0xff;
    long len;
    if (first < 0x80) {
      len = first;
    } else {
      int n = first & 0x7f;
      if (n == 0) {
        throw new DerException("indefinite length at offset " + pos);
      }
      if (n > 4 || p + n > limit) {
        throw new DerException("bad length at offset " + pos);
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (buf[p++] & 0xff);
      }
    }
    if (len > limit - p) {
      throw new DerException("length " + len + " exceeds the enclosing element at offset " + pos);
    }
    valueStart = p;
    end = (int) (p + len);
    pos = end;
  }

  /** Reads the next element and requires its tag. */
  void expect(int wantTag, String what) throws DerException {
    read();
    expectCurrent(wantTag, what);
  }

  void expectCurrent(int wantTag, String what) throws DerException {
    if (tag != wantTag) {
      throw new DerException(
          what
              + ": expected tag 0x"
              + Integer.toHexString(wantTag)
              + ", got 0x"
              + Integer.toHexString(tag));
    }
  }

  /** A reader over the contents of the element last read. */
  Der contents() {
    return new Der(buf, valueStart, end);
  }

  /**
   * The contents of {@code der}, which must be exactly one element with tag {@code tag}.
   *
   * @throws DerException otherwise
   */
  public static byte[] contentsOf(byte[] der, int tag) throws DerException {
    Der d = new Der(der, 0, der.length);
    d.expect(tag, "element");
    if (d.hasMore()) {
      throw new DerException("trailing bytes after the element");
    }
    return java.util.Arrays.copyOfRange(der, d.valueStart, d.end);
  }

  /**
   * The text of a DER UTF8String holding only ASCII characters, or null when {@code der} is
   * anything else (a caller with wider needs falls back to a full ASN.1 library).
   */
  public static @Nullable String asciiUtf8String(byte[] der) {
    Der d = new Der(der, 0, der.length);
    try {
      d.read();
    } catch (DerException e) {
      return null;
    }
    if (d.tag != UTF8_STRING || d.hasMore()) {
      return null;
    }
    int len = d.end - d.valueStart;
    // Minimal length encodings only, as DER requires.
    if ((len < 0x80 && d.valueStart != 2)
        || (len >= 0x80 && len < 0x100 && d.valueStart != 3)
        || (len >= 0x100 && len < 0x10000 && d.valueStart != 4)
        || len >= 0x10000) {
      return null;
    }
    for (int i = d.valueStart; i < d.end; i++) {
      if (der[i] < 0) {
        return null;
      }
    }
    return new String(der, d.valueStart, len, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Dotted text of the OID contents {@code buf[from, to)}. */
  static String oidText(byte[] buf, int from, int to) throws DerException {
    if (from >= to || (buf[to - 1] & 0x80) != 0) {
      throw new DerException("malformed OID");
    }
    StringBuilder sb = new StringBuilder(32);
    long v = 0;
    boolean first = true;
    for (int i = from; i < to; i++) {
      int b = buf[i] & 0xff;
      if (v == 0 && b == 0x80) {
        throw new DerException("non-minimal OID arc");
      }
      v = (v << 7) | (b & 0x7f);
      if (v > (1L << 56)) {
        throw new DerException("OID arc too large");
      }
      if ((b & 0x80) == 0) {
        if (first) {
          int top = v < 40 ? 0 : v < 80 ? 1 : 2;
          sb.append(top).append('.').append(v - 40L * top);
          first = false;
        } else {
          sb.append('.').append(v);
        }
        v = 0;
      }
    }
    return sb.toString();
  }
}
