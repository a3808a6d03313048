package dev.provenant.verify.sigstore;

import dev.provenant.core.encoding.Hex;
import java.nio.file.Path;
import java.util.Objects;

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
