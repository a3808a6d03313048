package dev.provenant.platform.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Releases on disk, each all-or-nothing: a release is assembled in {@code DIR/.staging/BUILD},
 * flushed to disk, and becomes visible by one rename to {@code DIR/PROJECT/TAG}. A crash leaves at
 * most a staging directory, which {@link #recover} finishes (when the build was marked released,
 * the commit point) or deletes.
 */
public final class ReleaseStore {
  /** Between a build id and its attempt number in a staging directory's name. */
  private static final String ATTEMPT = "-attempt";

  private final Path dir;
  private final Path staging;

  private ReleaseStore(Path dir) {
    this.dir = dir;
    this.staging = dir.resolve(".staging");
  }

  public static ReleaseStore open(Path dir) throws IOException {
    ReleaseStore s = new ReleaseStore(dir);
    Files.createDirectories(s.staging);
    return s;
  }

  /** Starts a release of build {@code buildId} (any earlier staging of that build is discarded). */
  public Staged stage(String buildId) throws IOException {
    return stage(buildId, 1);
  }

  /**
   * Starts a release of attempt {@code attempt} of build {@code buildId}. Each attempt stages
   * apart: a runner whose lease lapsed (paused, partitioned) must not delete what the retry is
   * staging.
   */
  public Staged stage(String buildId, int attempt) throws IOException {
    requireSafe(buildId);
    if (attempt < 1) {
      throw new IllegalArgumentException("expected an attempt number from 1, got " + attempt);
    }
    Path d = staging.resolve(attempt == 1 ? buildId : buildId + ATTEMPT + attempt);
    dev.provenant.platform.FileTrees.deleteTree(d);
    Files.createDirectories(d.resolve("files"));
    return new Staged(buildId, d);
  }

  /** The published release of a project's tag, if any. */
  public Optional<ReleaseManifest> find(String project, String tag) throws IOException {
    Path m = releaseDir(project, tag).resolve(ReleaseManifest.FILE);
    if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(ReleaseManifest.parse(Files.readAllBytes(m)));
  }

  /** A published file of a release; empty for a name the release does not list. */
  public Optional<Path> file(String project, String tag, String name) throws IOException {
    Optional<ReleaseManifest> m = find(project, tag);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    boolean listed =
        m.get().files().stream().anyMatch(f -> f.name().equals(name))
            || name.equals(m.get().provenance())
            || m.get().images().stream().anyMatch(i -> i.provenance().equals(name));
    return listed
        ? Optional.of(releaseDir(project, tag).resolve("files").resolve(name))
        : Optional.empty();
  }

  /**
   * Makes a sealed release visible. Call after the build was marked released (the commit point).
   *
   * @throws FileAlreadyExistsException when the tag already has a published release
   */
  public void publish(Staged s, String project, String tag) throws IOException {
    if (!s.sealed) {
      throw new IllegalStateException("publish before seal");
    }
    Path target = releaseDir(project, tag);
    Files.createDirectories(target.getParent());
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "release exists");
    }
    Files.move(s.dir, target, StandardCopyOption.ATOMIC_MOVE);
    fsyncDir(target.getParent());
    fsyncDir(staging);
  }

  /**
   * Finishes or discards what a crash left in staging: a sealed release whose build {@code
   * released} says is released is published; everything else is deleted.
   *
   * @return the build ids published by recovery
   */
  public List<String> recover(Predicate<ReleaseManifest> released) throws IOException {
    return recover(released, buildId -> false);
  }

  /**
   * Like {@link #recover(Predicate)}, for a release store shared by several runner processes:
   * staging of a build {@code inProgress} says another live runner holds is left alone.
   *
   * @return the build ids published by recovery
   */
  public List<String> recover(Predicate<ReleaseManifest> released, Predicate<String> inProgress)
      throws IOException {
    List<String> published = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
      for (Path d : ds) {
        String name = d.getFileName().toString();
        int a = name.lastIndexOf(ATTEMPT);
        if (inProgress.test(a < 0 ? name : name.substring(0, a))) {
          continue;
        }
        Path m = d.resolve(ReleaseManifest.FILE);
        if (Files.isRegularFile(m)) {
          ReleaseManifest manifest = ReleaseManifest.parse(Files.readAllBytes(m));
          if (released.test(manifest)
              && !Files.exists(
                  releaseDir(manifest.project(), manifest.tag()), LinkOption.NOFOLLOW_LINKS)) {
            Staged s = new Staged(manifest.buildId(), d);
            s.sealed = true;
            publish(s, manifest.project(), manifest.tag());
            published.add(manifest.buildId());
            continue;
          }
        }
        dev.provenant.platform.FileTrees.deleteTree(d);
      }
    }
    return published;
  }

  private Path releaseDir(String project, String tag) {
    requireSafe(project);
    requireSafe(tag);
    return dir.resolve(project).resolve(tag);
  }

  private static void requireSafe(String segment) {
    if (segment.isEmpty()
        || segment.startsWith(".")
        || segment.contains("/")
        || segment.contains("\\")) {
      throw new IllegalArgumentException("expected a plain path segment, got " + segment);
    }
  }

  /** A release being assembled: files are copied in and hashed in one pass. */
  public final class Staged {
    private final String buildId;
    private final Path dir;
    private boolean sealed;

    private Staged(String buildId, Path dir) {
      this.buildId = buildId;
      this.dir = dir;
    }

    public String buildId() {
      return buildId;
    }

    /** Copies {@code in} as release file {@code name} and returns its digest. */
    public ReleaseFile put(String name, InputStream in) throws IOException {
      Path target = dir.resolve("files").resolve(ReleaseFile.requireName(name));
      MessageDigest sha = sha256();
      long size;
      try (OutputStream out =
          new DigestOutputStream(
              Files.newOutputStream(target, StandardOpenOption.CREATE_NEW), sha)) {
        size = in.transferTo(out);
      }
      return new ReleaseFile(name, HexFormat.of().formatHex(sha.digest()), size);
    }

    public ReleaseFile put(String name, byte[] bytes) throws IOException {
      return put(name, new java.io.ByteArrayInputStream(bytes));
    }

    /** Writes the manifest and flushes every file and directory to disk. */
    public void seal(ReleaseManifest m) throws IOException {
      if (!m.buildId().equals(buildId)) {
        throw new IllegalArgumentException(
            "manifest of build " + m.buildId() + " sealed into staging of " + buildId);
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("files"))) {
        for (Path f : ds) {
          fsyncFile(f);
        }
      }
      fsyncDir(dir.resolve("files"));
      Files.write(dir.resolve(ReleaseManifest.FILE), m.toBytes(), StandardOpenOption.CREATE_NEW);
      fsyncFile(dir.resolve(ReleaseManifest.FILE));
      fsyncDir(dir);
      sealed = true;
    }

    /** Drops what was staged. */
    public void discard() throws IOException {
      dev.provenant.platform.FileTrees.deleteTree(dir);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void fsyncFile(Path f) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void fsyncDir(Path d) throws IOException {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory for fsync; the rename is still atomic there.
    }
  }
}
