package dev.provenant.core.pem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one PEM codec (RFC 7468 textual encoding), reading and writing.
 *
 * <p>Writing follows Go's {@code encoding/pem.EncodeToMemory}: header line, base64 in 64-column
 * lines each ending in {@code \n}, footer line, final newline. Rekor and Fulcio store PEM written
 * that way, and clients (sigstore-java among them) rebuild entry bodies from it and compare bytes,
 * so every PEM Provenant emits goes through {@link #encode}.
 *
 * <p>Reading: the base64 body may hold any whitespace (RFC 7468 §3 "parsers MUST ... ignore
 * whitespace" in the lax form); encapsulated headers (RFC 1421 {@code Proc-Type:}) are not
 * supported and read as a base64 error.
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private Pem() {}

  /**
   * One decoded PEM block.
   *
   * @param label the text between {@code BEGIN } and the dashes, e.g. {@code CERTIFICATE}
   * @param der the decoded body
   */
  public record Block(String label, byte[] der) {
    /** Copies. */
    public Block {
      Objects.requireNonNull(label, "label");
      der = der.clone();
    }

    @Override
    public byte[] der() {
      return der.clone();
    }
  }

  /**
   * PEM text of {@code der} under {@code label}, exactly as Go's {@code pem.EncodeToMemory} writes
   * it.
   */
  public static String encode(String label, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb =
        new StringBuilder(b64.length() + b64.length() / 64 + 2 * label.length() + 32);
    sb.append(BEGIN).append(label).append(DASHES).append('\n');
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append(END).append(label).append(DASHES).append('\n');
    return sb.toString();
  }

  /** {@link #encode} as US-ASCII bytes. */
  public static byte[] encodeBytes(String label, byte[] der) {
    return encode(label, der).getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code text} holds a PEM BEGIN line at all (to tell PEM input from base64 or DER). */
  public static boolean isPem(String text) {
    return text.contains(BEGIN);
  }

  /**
   * The bodies of every block labelled {@code label}, in order; text around and between blocks, and
   * blocks with other labels, are skipped. Empty when there is no such block.
   *
   * @throws PemFormatException if such a block has no END line or its body is not base64
   */
  public static List<byte[]> decode(String text, String label) throws PemFormatException {
    List<byte[]> out = new ArrayList<>();
    for (Block b : scan(text, label, false)) {
      out.add(b.der);
    }
    return out;
  }

  /**
   * Every block of {@code text}, whatever its label; text around and between blocks is skipped.
   *
   * @throws PemFormatException if there is no block, one has no END line or a body is not base64
   */
  public static List<Block> decodeAll(String text) throws PemFormatException {
    List<Block> out = scan(text, null, false);
    if (out.isEmpty()) {
      throw new PemFormatException("no PEM block found");
    }
    return out;
  }

  /**
   * Every block of {@code text}, which must hold nothing else but whitespace before the first block
   * and after the last (as Rekor's PEM readers require).
   *
   * @throws PemFormatException if there is no block, stray data, a block without END line, or a
   *     body that is not base64
   */
  public static List<Block> decodeStrict(String text) throws PemFormatException {
    List<Block> out = scan(text.strip(), null, true);
    if (out.isEmpty()) {
      throw new PemFormatException("no PEM block found");
    }
    return out;
  }

  private static List<Block> scan(String s, @Nullable String onlyLabel, boolean strict)
      throws PemFormatException {
    List<Block> out = new ArrayList<>();
    int at = 0;
    while (at < s.length()) {
      int b = s.indexOf(BEGIN, at);
      if (b < 0) {
        if (strict && !s.substring(at).isBlank()) {
          throw new PemFormatException("trailing data after PEM");
        }
        break;
      }
      if (strict && out.isEmpty() && !s.substring(at, b).isBlank()) {
        throw new PemFormatException("data before PEM block");
      }
      int labelStart = b + BEGIN.length();
      int labelEnd = s.indexOf(DASHES, labelStart);
      if (labelEnd < 0) {
        if (onlyLabel != null) {
          break;
        }
        throw new PemFormatException("unterminated PEM header");
      }
      String label = s.substring(labelStart, labelEnd);
      String end = END + label + DASHES;
      int e = s.indexOf(end, labelEnd + DASHES.length());
      if (onlyLabel != null && !onlyLabel.equals(label)) {
        if (e < 0) {
          at = labelEnd + DASHES.length();
          continue;
        }
        at = e + end.length();
        continue;
      }
      if (e < 0) {
        throw new PemFormatException("PEM block " + label + " without END line");
      }
      String body = stripWhitespace(s, labelEnd + DASHES.length(), e);
      try {
        out.add(new Block(label, Base64.getDecoder().decode(body)));
      } catch (IllegalArgumentException ex) {
        throw new PemFormatException("PEM body is not base64: " + ex.getMessage());
      }
      at = e + end.length();
    }
    return out;
  }

  /** {@code text[from, to)} without the characters the regex {@code \s} matches. */
  private static String stripWhitespace(String text, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != 0x0B && c != '\f' && c != '\r') {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
