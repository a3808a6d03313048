package dev.provenant.verify.sigstore;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the caller says was signed: the artifact's bytes, a file, only its SHA-256 digest, or
 * nothing (for DSSE bundles whose subjects the caller checks itself).
 */
public final class ArtifactInput {
  enum Kind {
    BYTES,
    FILE,
    SHA256,
    NONE
  }

  private final Kind kind;
  private final byte[] bytes;
  private final Path file;

  /** The file's SHA-256 being computed on another thread, once {@link #prefetchSha256} ran. */
  private volatile FutureTask<byte[]> fileSha256;

  private ArtifactInput(Kind kind, byte[] bytes, Path file) {
    this.kind = kind;
    this.bytes = bytes;
    this.file = file;
  }

  /** The artifact's content (copied). */
  public static ArtifactInput ofBytes(byte[] content) {
    return new ArtifactInput(Kind.BYTES, content.clone(), null);
  }

  /** A file holding the artifact; read and hashed during verification. */
  public static ArtifactInput ofFile(Path file) {
    return new ArtifactInput(Kind.FILE, null, Objects.requireNonNull(file, "file"));
  }

  /** Only the artifact's SHA-256 digest (32 bytes). */
  public static ArtifactInput ofSha256(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, got " + digest.length);
    }
    return new ArtifactInput(Kind.SHA256, digest.clone(), null);
  }

  /**
   * Parses {@code sha256:<64 hex>}.
   *
   * @throws IllegalArgumentException if the text is not that
   */
  public static ArtifactInput ofSha256(String spec) {
    if (!spec.startsWith("sha256:") || spec.length() != 7 + 64 || !Hex.isHex(spec.substring(7))) {
      throw new IllegalArgumentException("expected sha256:<64 hex digits>, got " + spec);
    }
    return ofSha256(Hex.decode(spec.substring(7)));
  }

  /** No artifact: for DSSE bundles only, when the caller checks the statement's subjects. */
  public static ArtifactInput none() {
    return new ArtifactInput(Kind.NONE, null, null);
  }

  /**
   * For a file: starts reading and hashing it (SHA-256) on a daemon thread now, so that the digest
   * is ready when verification asks for it. A one-shot verification spends most of its time on one
   * core parsing and checking signatures; this puts the artifact's read on the other. The result is
   * the same digest, or the same read error, that verification would have met itself. No effect for
   * other kinds or when already started.
   *
   * @return this
   */
  public ArtifactInput prefetchSha256() {
    if (kind == Kind.FILE && fileSha256 == null) {
      FutureTask<byte[]> task = new FutureTask<>(() -> Sha256.hashFile(file));
      fileSha256 = task;
      Thread t = new Thread(task, "provenant-artifact-sha256");
      t.setDaemon(true);
      t.start();
    }
    return this;
  }

  /** SHA-256 of the file: the prefetched digest when {@link #prefetchSha256} ran, else read now. */
  byte[] fileSha256() throws IOException {
    FutureTask<byte[]> task = fileSha256;
    if (task == null) {
      return Sha256.hashFile(file);
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof IOException) {
            throw (IOException) c;
          }
          if (c instanceof RuntimeException) {
            throw (RuntimeException) c;
          }
          if (c instanceof Error) {
            throw (Error) c;
          }
          throw new IllegalStateException(c);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  Kind kind() {
    return kind;
  }

  byte[] bytes() {
    return bytes;
  }

  Path file() {
    return file;
  }

  @Override
  public String toString() {
    switch (kind) {
      case BYTES:
        return "artifact[" + bytes.length + " bytes]";
      case FILE:
        return "artifact[" + file + "]";
      case SHA256:
        return "artifact[sha256:" + Hex.encode(bytes) + "]";
      default:
        return "artifact[none]";
    }
  }
}
