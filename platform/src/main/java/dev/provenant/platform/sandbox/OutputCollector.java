package dev.provenant.platform.sandbox;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects a finished build's declared outputs from its workspace, on the host side, after every
 * process of the build is dead (so nothing in the workspace changes while it is read).
 *
 * <p>Rules: the workspace is walked without following symbolic links. Each pattern is a glob
 * matched against paths relative to the workspace. Only regular files are outputs. A symbolic link
 * that a pattern matches is refused (it could point out of the workspace, and even one that points
 * inside would make the released name differ from the bytes' origin); so is a FIFO, socket or
 * device. Directories are never outputs and are not recursed into by a pattern that names them:
 * write {@code dist/**} to collect a folder's files. A pattern that matches no regular file is an
 * error, so a declared output cannot silently go missing. Hard links cannot reach outside: the
 * workspace is its own file system.
 */
final class OutputCollector {
  private OutputCollector() {}

  /** An output was missing or not a regular file. */
  static final class RejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedException(String detail) {
      super(detail);
    }
  }

  /**
   * Copies every matched file to {@code store} (same relative name), hashing it while copying.
   *
   * @throws RejectedException if a pattern matched nothing, a symlink or a special file
   * @throws IOException if reading the workspace or writing the store failed
   */
  static List<SandboxResult.Output> collect(Path workspace, List<String> patterns, Path store)
      throws RejectedException, IOException {
    Map<String, BasicFileAttributes> entries = new TreeMap<>();
    Files.walkFileTree(
        workspace,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(workspace)) {
              entries.put(relative(workspace, dir), attrs);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            entries.put(relative(workspace, file), attrs);
            return FileVisitResult.CONTINUE;
          }
        });
    Map<String, Path> selected = new TreeMap<>();
    for (String pattern : patterns) {
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      int files = 0;
      for (Map.Entry<String, BasicFileAttributes> e : entries.entrySet()) {
        if (!m.matches(Path.of(e.getKey()))) {
          continue;
        }
        BasicFileAttributes a = e.getValue();
        if (a.isSymbolicLink()) {
          String target;
          try {
            target = Files.readSymbolicLink(workspace.resolve(e.getKey())).toString();
          } catch (IOException ex) {
            target = "?";
          }
          throw new RejectedException(
              "output '"
                  + e.getKey()
                  + "' (pattern '"
                  + pattern
                  + "') is a symbolic link to '"
                  + target
                  + "'; outputs must be regular files inside the workspace");
        }
        if (a.isDirectory()) {
          continue;
        }
        if (!a.isRegularFile()) {
          throw new RejectedException(
              "output '" + e.getKey() + "' (pattern '" + pattern + "') is not a regular file");
        }
        selected.put(e.getKey(), workspace.resolve(e.getKey()));
        files++;
      }
      if (files == 0) {
        throw new RejectedException(
            "output pattern '" + pattern + "' matched no regular file in the workspace");
      }
    }
    List<SandboxResult.Output> out = new ArrayList<>();
    byte[] buf = new byte[1 << 16];
    for (Map.Entry<String, Path> e : selected.entrySet()) {
      Path dest = store.resolve(e.getKey()).normalize();
      if (!dest.startsWith(store)) {
        throw new RejectedException(
            "output name escapes the store: " + e.getKey()); // cannot happen
      }
      Files.createDirectories(dest.getParent());
      MessageDigest md = Sha256.newDigest();
      long size = 0;
      try (InputStream in = Files.newInputStream(e.getValue(), LinkOption.NOFOLLOW_LINKS);
          OutputStream os = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
          os.write(buf, 0, n);
          size += n;
        }
      }
      out.add(new SandboxResult.Output(e.getKey(), dest, Hex.encode(md.digest()), size));
    }
    return out;
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }
}
