package dev.provenant.core.note;

import dev.provenant.core.merkle.Rfc6962;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint: the body of a signed note that commits a log to a tree head.
 *
 * <p>SPEC: https://c2sp.org/tlog-checkpoint: the note text is "the origin, the tree size as an
 * ASCII decimal number, the root hash base64-encoded, and zero or more extension lines", each
 * ending in a newline; "The origin line MUST be non-empty"; extension lines are non-empty.
 *
 * @param origin the log's origin line (unique identifier of the log)
 * @param size the tree size
 * @param rootHash the 32-byte RFC 6962 root hash
 * @param extensions extension lines (without newlines), e.g. Rekor v1's {@code Timestamp: N}
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
  /** Validates and copies the fields. */
  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(extensions, "extensions");
    if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    if (rootHash.length != Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException("root hash must be 32 bytes, got " + rootHash.length);
    }
    for (String e : extensions) {
      if (e.isEmpty() || e.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("extension lines must be single non-empty lines");
      }
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note text of this checkpoint (ends in a newline). */
  public String toText() {
    StringBuilder sb = new StringBuilder(128);
    sb.append(origin).append('\n');
    sb.append(size).append('\n');
    sb.append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    for (String e : extensions) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }

  /**
   * Parses checkpoint note text.
   *
   * @throws NoteException {@code CHECKPOINT_MALFORMED} if a line is missing or invalid
   */
  public static Checkpoint parse(String text) throws NoteException {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw malformed("checkpoint text must end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw malformed("need origin, size and root hash lines, got " + lines.length + " lines");
    }
    if (lines[0].isEmpty()) {
      throw malformed("empty origin line");
    }
    long size = parseSize(lines[1]);
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw malformed("root hash is not base64");
    }
    if (root.length != Rfc6962.HASH_SIZE) {
      throw malformed("root hash is " + root.length + " bytes, want 32");
    }
    List<String> ext = Arrays.asList(lines).subList(3, lines.length);
    for (String e : ext) {
      if (e.isEmpty()) {
        throw malformed("empty extension line");
      }
    }
    return new Checkpoint(lines[0], size, root, ext);
  }

  /**
   * Parses a signed checkpoint note, verifies it with trusted keys and, when {@code expectedOrigin}
   * is non-null, checks the origin line.
   *
   * @throws NoteException for malformed notes or checkpoints, failed or missing trusted signatures
   *     (see {@link Notes#open}), or {@code ORIGIN_MISMATCH}
   */
  public static Checkpoint openSigned(
      String signedNote, List<NoteVerifier> verifiers, String expectedOrigin) throws NoteException {
    SignedNote note = SignedNote.parse(signedNote);
    Checkpoint cp = parse(note.text());
    if (expectedOrigin != null && !expectedOrigin.equals(cp.origin())) {
      throw new NoteException(
          NoteException.Reason.ORIGIN_MISMATCH,
          "expected origin " + expectedOrigin + ", got " + cp.origin());
    }
    Notes.open(note, verifiers);
    return cp;
  }

  private static long parseSize(String s) throws NoteException {
    // ASCII decimal without sign or leading zeros, fitting a signed 64-bit value.
    if (s.isEmpty() || s.length() > 19 || (s.length() > 1 && s.charAt(0) == '0')) {
      throw malformed("tree size is not a canonical decimal number: " + s);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed("tree size is not a decimal number: " + s);
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw malformed("tree size out of range: " + s);
    }
  }

  private static NoteException malformed(String detail) {
    return new NoteException(NoteException.Reason.CHECKPOINT_MALFORMED, detail);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(rootHash, c.rootHash)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
  }

  @Override
  public String toString() {
    return "Checkpoint["
        + origin
        + ", "
        + size
        + ", "
        + Base64.getEncoder().encodeToString(rootHash)
        + "]";
  }
}
