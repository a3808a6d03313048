package dev.provenant.core.pem;

import dev.provenant.core.x509.Certificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Set;

/**
 * The one reader and writer of secret files: PKCS#8 {@code PRIVATE KEY} PEM files, and any other
 * secret (an OIDC signing key set) through {@link #writeSecret}.
 *
 * <p>Security guarantees: on a POSIX file system the file is readable and writable by its owner
 * only (0600) from the moment it exists, never wider for a moment (it is created with those
 * permissions rather than chmod-ed after the write); it appears under its name complete or not at
 * all (written to a temporary file in the same directory, forced to disk, then renamed or linked
 * into place); on failure no temporary file is left behind.
 */
public final class PrivateKeyFiles {
  /** The PEM label of an unencrypted PKCS#8 PrivateKeyInfo (RFC 7468 §10). */
  public static final String LABEL = "PRIVATE KEY";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private PrivateKeyFiles() {}

  /**
   * Writes {@code key} as PKCS#8 PEM to {@code file} (see the class guarantees).
   *
   * @param replaceExisting false to fail if {@code file} exists (it is then left untouched)
   * @throws FileAlreadyExistsException if {@code file} exists and {@code replaceExisting} is false
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, PrivateKey key, boolean replaceExisting) throws IOException {
    writeSecret(file, Pem.encodeBytes(LABEL, key.getEncoded()), replaceExisting);
  }

  /**
   * Writes secret {@code content} to {@code file}: created 0600, complete or absent (see the class
   * guarantees). Creates the parent directories.
   *
   * @param replaceExisting false to fail if {@code file} exists (it is then left untouched)
   * @throws FileAlreadyExistsException if {@code file} exists and {@code replaceExisting} is false
   * @throws IOException if the file cannot be written
   */
  public static void writeSecret(Path file, byte[] content, boolean replaceExisting)
      throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null) {
      throw new IOException("not a file path (no parent directory): " + target);
    }
    Files.createDirectories(dir);
    if (!replaceExisting && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
    boolean done = false;
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      if (replaceExisting) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        publishNew(tmp, target);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Puts {@code tmp} in place at {@code target} only if nothing is there yet. */
  private static void publishNew(Path tmp, Path target) throws IOException {
    try {
      // link(2) fails if the name exists, so no concurrent writer is overwritten.
      Files.createLink(target, tmp);
      Files.delete(tmp);
    } catch (UnsupportedOperationException e) {
      Files.move(tmp, target); // no REPLACE_EXISTING: fails if the name exists
    }
  }

  /**
   * Reads a PKCS#8 {@code PRIVATE KEY} PEM file (EC, RSA or Ed25519).
   *
   * @throws IOException if the file cannot be read or holds no such key
   */
  public static PrivateKey read(Path file) throws IOException {
    try {
      return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read private key " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses the one {@code PRIVATE KEY} block of {@code pem} (PKCS#8; EC, RSA or Ed25519).
   *
   * @throws GeneralSecurityException if there is not exactly one such block or it does not parse
   */
  public static PrivateKey fromPem(String pem) throws GeneralSecurityException {
    List<byte[]> blocks = Pem.decode(pem, LABEL);
    if (blocks.size() != 1) {
      throw new PemFormatException("expected one PEM " + LABEL + " block, found " + blocks.size());
    }
    byte[] der = blocks.get(0);
    String oid;
    try {
      oid =
          org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(der)
              .getPrivateKeyAlgorithm()
              .getAlgorithm()
              .getId();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new PemFormatException("not a PKCS#8 PrivateKeyInfo: " + e.getMessage());
    }
    return KeyFactory.getInstance(Certificates.keyAlgorithm(oid))
        .generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
