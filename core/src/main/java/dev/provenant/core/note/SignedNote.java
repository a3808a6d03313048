package dev.provenant.core.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A C2SP signed note: text followed by a blank line and one or more signature lines.
 *
 * <p>SPEC: https://c2sp.org/signed-note: "A signed note consists of a text ending in a newline
 * (U+000A), followed by a blank line (only a newline), followed by one or more signature lines".
 * The signatures cover the text including its final newline but not the blank line.
 *
 * @param text the signed text, ending in a newline
 * @param signatures the signature lines, in order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  /** Notes with more signature lines than this are rejected (as Go's note package does). */
  public static final int MAX_SIGNATURES = 100;

  /** Largest note accepted by {@link #parse}: checkpoints are a few hundred bytes. */
  public static final int MAX_NOTE_BYTES = 1 << 20;

  /** Validates the text and copies the signature list. */
  public SignedNote {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(signatures, "signatures");
    String problem = textProblem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    signatures = List.copyOf(signatures);
  }

  /** The signed bytes: the UTF-8 text including its final newline. */
  public byte[] signedBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The wire form: text, blank line, one line per signature. */
  public String serialize() {
    StringBuilder sb = new StringBuilder(text.length() + 128 * signatures.size());
    sb.append(text).append('\n');
    for (NoteSignature s : signatures) {
      sb.append(s.toLine()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Parses a note from UTF-8 bytes.
   *
   * @throws NoteException {@code NOTE_MALFORMED} for invalid UTF-8 or structure, or see {@link
   *     #parse(String)}
   */
  public static SignedNote parse(byte[] bytes) throws NoteException {
    if (bytes.length > MAX_NOTE_BYTES) {
      throw new NoteException(
          NoteException.Reason.NOTE_MALFORMED,
          "note is " + bytes.length + " bytes, limit " + MAX_NOTE_BYTES);
    }
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return parse(s);
    } catch (CharacterCodingException e) {
      throw new NoteException(NoteException.Reason.NOTE_MALFORMED, "note is not valid UTF-8", e);
    }
  }

  /**
   * Parses a note.
   *
   * @throws NoteException {@code NOTE_MALFORMED} if there is no blank line or the text is invalid;
   *     {@code SIGNATURE_LINE_MALFORMED} for a bad signature line or a missing final newline;
   *     {@code NO_SIGNATURES} if there are none; {@code TOO_MANY_SIGNATURES} above {@link
   *     #MAX_SIGNATURES}
   */
  public static SignedNote parse(String note) throws NoteException {
    if (note.length() > MAX_NOTE_BYTES) {
      throw new NoteException(NoteException.Reason.NOTE_MALFORMED, "note too large");
    }
    // The signature block starts after the LAST blank line: text itself cannot contain "\n\n" (a
    // checkpoint text never does), and splitting at the last one is what verifiers in the
    // ecosystem do.
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new NoteException(
          NoteException.Reason.NOTE_MALFORMED, "no blank line between text and signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    String problem = textProblem(text);
    if (problem != null) {
      throw new NoteException(NoteException.Reason.NOTE_MALFORMED, problem);
    }
    if (block.isEmpty()) {
      throw new NoteException(NoteException.Reason.NO_SIGNATURES, "note has no signature lines");
    }
    if (!block.endsWith("\n")) {
      throw new NoteException(
          NoteException.Reason.SIGNATURE_LINE_MALFORMED, "last signature line lacks its newline");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new NoteException(
          NoteException.Reason.TOO_MANY_SIGNATURES,
          lines.length + " signature lines, limit " + MAX_SIGNATURES);
    }
    List<NoteSignature> sigs = new ArrayList<>(lines.length);
    for (String line : lines) {
      sigs.add(parseLine(line));
    }
    return new SignedNote(text, sigs);
  }

  private static NoteSignature parseLine(String line) throws NoteException {
    if (!line.startsWith("\u2014 ")) {
      throw new NoteException(
          NoteException.Reason.SIGNATURE_LINE_MALFORMED, "signature line does not start with '— '");
    }
    String rest = line.substring(2);
    int sp = rest.indexOf(' ');
    if (sp <= 0 || rest.indexOf(' ', sp + 1) >= 0) {
      throw new NoteException(
          NoteException.Reason.SIGNATURE_LINE_MALFORMED,
          "signature line is not '— <name> <base64>'");
    }
    String name = rest.substring(0, sp);
    if (!NoteSignature.isValidName(name)) {
      throw new NoteException(NoteException.Reason.SIGNATURE_LINE_MALFORMED, "invalid key name");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(rest.substring(sp + 1));
    } catch (IllegalArgumentException e) {
      throw new NoteException(
          NoteException.Reason.SIGNATURE_LINE_MALFORMED, "signature is not base64", e);
    }
    // Key hint (4 bytes) plus at least one signature byte.
    if (blob.length <= NoteSignature.KEY_HINT_SIZE) {
      throw new NoteException(
          NoteException.Reason.SIGNATURE_LINE_MALFORMED,
          "signature is " + blob.length + " bytes, need more than " + NoteSignature.KEY_HINT_SIZE);
    }
    byte[] hint = java.util.Arrays.copyOfRange(blob, 0, NoteSignature.KEY_HINT_SIZE);
    byte[] sig = java.util.Arrays.copyOfRange(blob, NoteSignature.KEY_HINT_SIZE, blob.length);
    return new NoteSignature(name, hint, sig);
  }

  /**
   * SPEC: https://c2sp.org/signed-note: the text "MUST be valid UTF-8", "MUST NOT contain ASCII
   * control characters other than newline", is non-empty and ends in a newline. Also rejects a
   * blank line inside the text, which would make the signature block boundary ambiguous.
   */
  static @Nullable String textProblem(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      return "note text must be non-empty and end with a newline";
    }
    if (text.contains("\n\n") || text.startsWith("\n")) {
      return "note text contains an empty line";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\n') || c == 0x7f) {
        return "note text contains control character U+" + String.format("%04X", (int) c);
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "note text is not valid UTF-8 (lone surrogate)";
      }
    }
    return null;
  }
}
