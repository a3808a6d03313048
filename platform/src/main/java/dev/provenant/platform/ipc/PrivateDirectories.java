package dev.provenant.platform.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files only this OS user can open: the homes of the issuer's key, the generator's
 * and issuer's sockets. A UNIX-domain socket is reachable by whoever can traverse its directory, so
 * the directory's mode (0700) is what keeps the build sandbox and other users out.
 */
public final class PrivateDirectories {
  /** rwx------. */
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

  /** rw-------. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateDirectories() {}

  /**
   * Creates {@code dir} (and parents) if needed and sets it to 0700; refuses a directory owned by
   * another user or a symbolic link.
   *
   * @throws IOException if it cannot be created, is not ours, or its mode cannot be set
   */
  public static Path ensure(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.isSymbolicLink(dir)) {
      throw new IOException("private directory must not be a symbolic link: " + dir);
    }
    Path probe = Files.createTempFile(dir, ".owner", "");
    try {
      if (!Files.getOwner(dir).equals(Files.getOwner(probe))) {
        throw new IOException(
            "private directory "
                + dir
                + ": expected owner "
                + Files.getOwner(probe)
                + ", got "
                + Files.getOwner(dir));
      }
    } finally {
      Files.deleteIfExists(probe);
    }
    Files.setPosixFilePermissions(dir, DIR);
    return dir;
  }

  /**
   * Writes {@code content} to {@code file} with mode 0600 from the start (never briefly readable by
   * others), replacing it atomically.
   *
   * @throws IOException if it cannot be written
   */
  public static void writePrivate(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
    Files.write(tmp, content);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
