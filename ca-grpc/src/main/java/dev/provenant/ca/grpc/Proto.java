package dev.provenant.ca.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few protobuf wire-format operations the Fulcio v2 messages need (proto3: varints and
 * length-delimited fields), so the module needs no generated code and no protobuf runtime. SPEC:
 * https://protobuf.dev/programming-guides/encoding/
 */
final class Proto {
  private Proto() {}

  /** A malformed message. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String m) {
      super(m);
    }
  }

  /**
   * One field of a message.
   *
   * @param number the field number
   * @param wireType 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
   * @param varint the value of a varint field
   * @param bytes the payload of a length-delimited field (empty otherwise)
   */
  record Field(int number, int wireType, long varint, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Parses the top-level fields of {@code msg}, skipping none (unknown ones are the caller's to
   * ignore).
   */
  static List<Field> parse(byte[] msg) throws MalformedException {
    List<Field> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < msg.length) {
      long tag = varint(msg, pos);
      int number = (int) (tag >>> 3);
      int wt = (int) (tag & 7);
      if (number <= 0) {
        throw new MalformedException("field number " + number);
      }
      switch (wt) {
        case 0 -> out.add(new Field(number, 0, varint(msg, pos), new byte[0]));
        case 1, 5 -> {
          int n = wt == 1 ? 8 : 4;
          need(msg, pos[0], n);
          pos[0] += n;
        }
        case 2 -> {
          long len = varint(msg, pos);
          if (len < 0 || len > msg.length - pos[0]) {
            throw new MalformedException("length " + len + " past the end");
          }
          byte[] b = new byte[(int) len];
          System.arraycopy(msg, pos[0], b, 0, b.length);
          pos[0] += b.length;
          out.add(new Field(number, 2, 0, b));
        }
        default -> throw new MalformedException("unsupported wire type " + wt);
      }
    }
    return out;
  }

  private static void need(byte[] msg, int pos, int n) throws MalformedException {
    if (pos + n > msg.length) {
      throw new MalformedException("truncated field");
    }
  }

  private static long varint(byte[] msg, int[] pos) throws MalformedException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= msg.length) {
        throw new MalformedException("truncated varint");
      }
      byte b = msg[pos[0]++];
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new MalformedException("varint longer than 10 bytes");
  }

  /** Builds a message field by field. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer bytes(int field, byte[] value) {
      tag(field, 2);
      uvarint(value.length);
      out.writeBytes(value);
      return this;
    }

    Writer string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Writer message(int field, Writer value) {
      return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }

    private void tag(int field, int wireType) {
      uvarint(((long) field << 3) | wireType);
    }

    private void uvarint(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
