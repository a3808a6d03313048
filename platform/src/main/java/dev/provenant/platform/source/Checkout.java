package dev.provenant.platform.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Writes a commit's tree into a fresh directory: the build's workspace, with no {@code .git}. */
public final class Checkout {
  private Checkout() {}

  /**
   * Exports {@code commit}'s tree into {@code targetDir}, which must not exist yet. Regular files
   * get mode 0644, executable files 0755, symlinks are created as symlinks (never followed while
   * writing), submodules become empty directories.
   *
   * @throws FileAlreadyExistsException if {@code targetDir} exists
   * @throws IOException if the repository cannot be read, a tree entry has an unsafe name ({@code
   *     .}, {@code ..}, {@code .git}), or the directory cannot be written
   */
  public static void export(Repository repository, ObjectId commit, Path targetDir)
      throws IOException {
    Files.createDirectory(targetDir);
    Path root = targetDir.toRealPath();
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tw = new TreeWalk(repository)) {
      RevCommit c = walk.parseCommit(commit);
      tw.addTree(c.getTree());
      tw.setRecursive(false);
      while (tw.next()) {
        String name = tw.getNameString();
        // ObjectChecker refuses these on receive; check again since the repository may be a mirror.
        if (name.isEmpty()
            || name.equals(".")
            || name.equals("..")
            || name.contains("/")
            || name.contains("\0")
            || name.toLowerCase(Locale.ROOT).equals(".git")) {
          throw new IOException("unsafe tree entry name '" + name + "' at " + tw.getPathString());
        }
        Path out = root.resolve(tw.getPathString());
        if (!out.normalize().startsWith(root)) {
          throw new IOException("tree entry " + tw.getPathString() + " escapes the workspace");
        }
        FileMode mode = tw.getFileMode(0);
        if (mode == FileMode.TREE) {
          Files.createDirectory(out);
          tw.enterSubtree();
        } else if (mode == FileMode.SYMLINK) {
          String target =
              new String(repository.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
          Files.createSymbolicLink(out, Path.of(target));
        } else if (mode == FileMode.GITLINK) {
          Files.createDirectory(out);
        } else {
          try (OutputStream os =
              Files.newOutputStream(
                  out,
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS)) {
            repository.open(tw.getObjectId(0)).copyTo(os);
          }
          Files.setPosixFilePermissions(
              out,
              PosixFilePermissions.fromString(
                  mode == FileMode.EXECUTABLE_FILE ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }
}
