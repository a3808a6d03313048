package dev.provenant.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The instance's admin credential: a random bearer token that project and maintainer changes must
 * present. Created once, mode 0600 from the start, kept across restarts.
 */
public final class AdminCredential {
  private final byte[] token;

  private AdminCredential(String token) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads {@code file}, creating it with a new random token the first time. */
  public static AdminCredential loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      String t = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      // Created 0600 in one step: never a moment where another user could open it.
      try (var ch =
          Files.newByteChannel(
              file,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        ch.write(java.nio.ByteBuffer.wrap((t + "\n").getBytes(StandardCharsets.US_ASCII)));
      } catch (FileAlreadyExistsException e) {
        // Another process made it first: read theirs.
      }
    }
    return read(file);
  }

  /** Reads an existing credential file (the CLI side). */
  public static AdminCredential read(Path file) throws IOException {
    String t = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (t.length() < 20) {
      throw new IOException(file + ": expected an admin token, got " + t.length() + " characters");
    }
    return new AdminCredential(t);
  }

  public String token() {
    return new String(token, StandardCharsets.US_ASCII);
  }

  /** Constant-time check of an {@code Authorization} header value. */
  public boolean admits(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, token);
  }
}
