package dev.provenant.log.rekor;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed reads of a proposed entry's JSON fields, each failing with the {@link EntryException}
 * reason Rekor's validation gives, plus the small JSON values several kinds write.
 */
final class SpecFields {
  /** Parser for requests and the documents inside them; a repeated key is an error. */
  static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private SpecFields() {}

  /** A required object field. */
  static JsonNode object(JsonNode parent, String field) throws EntryException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw new EntryException(
          EntryException.Reason.MALFORMED, "missing or non-object field '" + field + "'");
    }
    return n;
  }

  /** A required string field. */
  static String text(JsonNode parent, String field) throws EntryException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual()) {
      throw new EntryException(
          EntryException.Reason.MALFORMED, "missing or non-string field '" + field + "'");
    }
    return n.asText();
  }

  /** A base64 field, decoded strictly as Go's StdEncoding (padding required). */
  static byte[] base64(JsonNode parent, String field) throws EntryException {
    return decodeStrict(text(parent, field), field);
  }

  /** Decodes standard, padded base64 and refuses any other spelling of the same bytes. */
  static byte[] decodeStrict(String s, String field) throws EntryException {
    try {
      byte[] b = Base64.getDecoder().decode(s);
      if (!b64(b).equals(s)) {
        throw new IllegalArgumentException("non-canonical base64");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new EntryException(
          EntryException.Reason.INVALID_FIELD, "field '" + field + "' is not standard base64");
    }
  }

  /** Standard, padded base64 (Go's encoding of a {@code []byte} field). */
  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** A {@code {"algorithm": "sha256", "value": hex}} object. */
  static Map<String, Object> sha256(String hex) {
    return hash("sha256", hex);
  }

  /** A {@code {"algorithm", "value"}} object, in Rekor's field order. */
  static Map<String, Object> hash(String alg, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", alg);
    m.put("value", value);
    return m;
  }
}
