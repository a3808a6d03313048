package dev.provenant.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Field-by-field mutation of JSON documents for sweep tests (Sigstore bundles, SLSA provenance):
 * every scalar leaf by path, a setter for one leaf, and the alternative values those sweeps try.
 * Alternatives are {@code {description, new value, field suffix}}; the suffix names a sub-part
 * (e.g. {@code #line2}) so expectations can differ per part of one field.
 */
public final class JsonLeafMutations {
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)\\]");

  private JsonLeafMutations() {}

  /** Every scalar leaf as {@code {path, text}}. Paths look like {@code a.b[2].c}. */
  public static List<String[]> leaves(JsonNode root) {
    return leaves(root, "");
  }

  private static List<String[]> leaves(JsonNode n, String path) {
    List<String[]> out = new ArrayList<>();
    if (n.isObject()) {
      n.properties()
          .forEach(
              e ->
                  out.addAll(
                      leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey())));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.addAll(leaves(n.get(i), path + "[" + i + "]"));
      }
    } else if (n.isValueNode()) {
      out.add(new String[] {path, n.asText()});
    }
    return out;
  }

  /**
   * Replaces the leaf at {@code path} (as {@link #leaves} writes it). A number stays a number when
   * the new value is an integer (protobuf JSON accepts either for 64-bit ints, but the shape is
   * kept); a boolean is negated whatever {@code value} says; anything else becomes a string.
   */
  public static void set(JsonNode root, String path, String value) {
    List<Object> steps = new ArrayList<>();
    for (String part : path.split("\\.")) {
      int br = part.indexOf('[');
      steps.add(br < 0 ? part : part.substring(0, br));
      Matcher m = INDEX.matcher(part);
      while (m.find()) {
        steps.add(Integer.parseInt(m.group(1)));
      }
    }
    JsonNode cur = root;
    for (int i = 0; i < steps.size() - 1; i++) {
      Object s = steps.get(i);
      cur = s instanceof Integer idx ? cur.get(idx) : cur.get((String) s);
    }
    Object last = steps.get(steps.size() - 1);
    JsonNode old = last instanceof Integer idx ? cur.get(idx) : cur.get((String) last);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonNode nv =
        old.isNumber() && value.matches("-?\\d+")
            ? nodes.numberNode(Long.parseLong(value))
            : old.isBoolean() ? nodes.booleanNode(!old.asBoolean()) : TextNode.valueOf(value);
    if (last instanceof Integer idx) {
      ((ArrayNode) cur).set(idx, nv);
    } else {
      ((ObjectNode) cur).set((String) last, nv);
    }
  }

  /**
   * One alternative per line of a signed note (all but the final empty one): origin, size, root,
   * blank separator, signature lines. Suffix {@code #line<n>}.
   */
  public static List<String[]> checkpointLineAlternatives(String note) {
    List<String[]> alts = new ArrayList<>();
    String[] lines = note.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String[] l = lines.clone();
      if (l[i].isEmpty()) {
        l[i] = "extra";
      } else if (l[i].matches("\\d+")) {
        l[i] = String.valueOf(Long.parseLong(l[i]) + 1);
      } else if (l[i].startsWith("\u2014 ")) {
        // Signature line: "— name base64(keyhint||sig)": flip a bit of the last signature byte.
        int sp = l[i].lastIndexOf(' ');
        byte[] sig = Base64.getDecoder().decode(l[i].substring(sp + 1));
        sig[sig.length - 1] ^= 1;
        l[i] = l[i].substring(0, sp + 1) + b64(sig);
      } else {
        l[i] = l[i] + "x";
      }
      alts.add(
          new String[] {
            "checkpoint line " + (i + 1) + " changed", String.join("\n", l), "#line" + (i + 1)
          });
    }
    return alts;
  }

  /**
   * For base64 DER that ends in a signature (a certificate): a bit flipped in the signature value,
   * near the end. Suffix {@code #signature-value}.
   */
  public static String[] signatureValueFlip(String base64Der) {
    byte[] der = Base64.getDecoder().decode(base64Der);
    der[der.length - 3] ^= 0x01;
    return new String[] {"bit flipped in the signature value", b64(der), "#signature-value"};
  }

  /**
   * The default alternative for a scalar: an integer plus one, canonical base64 with one bit
   * flipped in its middle byte, or else the string with an {@code x} appended. No suffix.
   */
  public static String[] scalarAlternative(String value) {
    if (value.matches("-?\\d{1,18}")) {
      return new String[] {"+1", String.valueOf(Long.parseLong(value) + 1), ""};
    }
    Optional<byte[]> bytes = base64(value);
    if (bytes.isPresent() && bytes.get().length > 0) {
      byte[] b = bytes.get();
      b[b.length / 2] ^= 0x01;
      return new String[] {"bit flipped in byte " + b.length / 2, b64(b), ""};
    }
    return new String[] {"string changed", value + "x", ""};
  }

  /** The bytes of {@code s} if it is canonical padded base64 of at least 8 characters. */
  private static Optional<byte[]> base64(String s) {
    if (s.length() < 8 || s.length() % 4 != 0) {
      return Optional.empty();
    }
    try {
      byte[] b = Base64.getDecoder().decode(s);
      return b64(b).equals(s) ? Optional.of(b) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
