package dev.provenant.core.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 helpers. Always uses the JDK's SUN provider so that the HotSpot SHA-256 intrinsic applies
 * even when another provider (BouncyCastle) is registered first.
 */
public final class Sha256 {
  private static final int CHUNK = 1 << 20;
  private static final int FILE_CHUNK = 1 << 16;
  private static final ThreadLocal<byte[]> BUFFER =
      ThreadLocal.withInitial(() -> new byte[FILE_CHUNK]);

  private Sha256() {}

  /** A fresh SHA-256 digest from the SUN provider (falls back to any provider). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256", "SUN");
    } catch (java.security.NoSuchProviderException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException ex) {
        throw new IllegalStateException("SHA-256 is mandatory in every JDK", ex);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  /** SHA-256 of {@code data}. */
  public static byte[] hash(byte[] data) {
    return newDigest().digest(data);
  }

  /**
   * SHA-256 of a file's contents. Reads into a reused heap buffer: the intrinsic works on byte
   * arrays, so a direct buffer would only add a copy (and allocating one per call costs more than
   * hashing a small file; bench/sha256-1g measures this against openssl).
   */
  public static byte[] hashFile(Path file) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = BUFFER.get();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer bb = ByteBuffer.wrap(buf);
      int n;
      while ((n = ch.read(bb)) >= 0) {
        if (n > 0) {
          md.update(buf, 0, bb.position());
        }
        bb.clear();
      }
    }
    return md.digest();
  }

  /** SHA-256 of a stream's remaining contents. */
  public static byte[] hashStream(InputStream in) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[CHUNK];
    int n;
    while ((n = in.read(buf)) > 0) {
      md.update(buf, 0, n);
    }
    return md.digest();
  }
}
