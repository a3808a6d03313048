package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;

/**
 * Reads a user-supplied document (provenance, attestation, gcloud output) as one JSON object. A
 * file that is not JSON, or not an object, is the wrong or a damaged file: malformed input (exit
 * 2), never a signed payload with bad content (DSSE_PAYLOAD_INVALID, exit 3).
 */
public final class InputDocuments {
  private InputDocuments() {}

  /**
   * The document's top-level object, parsed with Go's decoding rules.
   *
   * @param check the check name reported on failure
   * @param what what the document should be, for the message
   * @throws VerificationException INPUT_MALFORMED if it is not JSON or not an object
   */
  public static JsonNode object(byte[] doc, String check, String what)
      throws VerificationException {
    JsonNode n;
    try {
      n = GoJson.parse(doc);
    } catch (JsonFormatException e) {
      throw new VerificationException(
          check, Reason.INPUT_MALFORMED, "not " + what + ": " + e.getMessage());
    }
    if (!n.isObject()) {
      throw new VerificationException(
          check,
          Reason.INPUT_MALFORMED,
          "not " + what,
          "a JSON object",
          n.getNodeType().toString());
    }
    return n;
  }

  /** True when the object has none of a DSSE envelope's fields. */
  static boolean lacksEnvelopeFields(JsonNode n) {
    return !n.has("payload") && !n.has("payloadType") && !n.has("signatures");
  }
}
