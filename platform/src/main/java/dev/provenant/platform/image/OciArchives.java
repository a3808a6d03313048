package dev.provenant.platform.image;

import dev.provenant.platform.image.ImageReleaseException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI image layout packed as one tar file (what {@code docker buildx --output type=oci}, {@code
 * skopeo copy oci-archive:} and Jib's {@code buildTar} in OCI format write), unpacked by the
 * platform for {@link OciLayoutReader}.
 *
 * <p>Only regular files and directories are taken; any link, device or FIFO entry, a name that is
 * absolute or climbs out ({@code ..}), or a name given twice refuses the whole archive. Entries are
 * written to numbered files in a private directory, never under their own names, so no entry name
 * can reach a path the platform did not choose.
 */
public final class OciArchives {
  private OciArchives() {}

  /**
   * Unpacks {@code archive}'s regular files into {@code into} (created; must not exist).
   *
   * @param where the archive's path in the workspace, for messages
   * @return the layout's files by their name in the archive ({@code index.json}, {@code
   *     blobs/sha256/<hex>} ...)
   * @throws ImageReleaseException ARCHIVE_REFUSED
   * @throws IOException if the platform's own directory cannot be written
   */
  public static Map<String, Path> unpack(Path archive, Path into, String where)
      throws ImageReleaseException, IOException {
    Files.createDirectories(into.getParent());
    Files.createDirectory(into);
    Map<String, Path> files = new TreeMap<>();
    try (InputStream raw = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
      TarArchiveEntry e;
      int n = 0;
      while ((e = tar.getNextEntry()) != null) {
        String name = normalise(e.getName(), where);
        if (e.isDirectory()) {
          continue;
        }
        if (!e.isFile() || e.isLink() || e.isSymbolicLink()) {
          throw new ImageReleaseException(
              Reason.ARCHIVE_REFUSED,
              where
                  + ": entry '"
                  + e.getName()
                  + "' is "
                  + (e.isSymbolicLink()
                      ? "a symbolic link to '" + e.getLinkName() + "'"
                      : e.isLink()
                          ? "a hard link to '" + e.getLinkName() + "'"
                          : "not a regular file")
                  + "; an image archive holds regular files only");
        }
        if (files.containsKey(name)) {
          throw new ImageReleaseException(
              Reason.ARCHIVE_REFUSED, where + ": entry '" + name + "' appears twice");
        }
        Path target = into.resolve(Integer.toString(n++));
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
          tar.transferTo(out);
        }
        files.put(name, target);
      }
    } catch (IOException | IllegalArgumentException e) {
      if (e instanceof IOException io && !isArchiveError(io)) {
        throw io;
      }
      throw new ImageReleaseException(
          Reason.ARCHIVE_REFUSED, where + ": not a readable tar archive: " + e.getMessage(), e);
    }
    return files;
  }

  /** Read errors come from the archive (the platform's own files are on a working disk). */
  private static boolean isArchiveError(IOException e) {
    return !(e instanceof java.nio.file.FileSystemException);
  }

  /** The entry's name relative to the layout: {@code ./} dropped; absolute or climbing refused. */
  private static String normalise(String name, String where) throws ImageReleaseException {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    if (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    if (n.startsWith("/")
        || n.contains("\\")
        || n.contains("\0")
        || List.of(n.split("/")).contains("..")) {
      throw new ImageReleaseException(
          Reason.ARCHIVE_REFUSED,
          where + ": entry '" + name + "' names a path outside the archive");
    }
    return n;
  }
}
