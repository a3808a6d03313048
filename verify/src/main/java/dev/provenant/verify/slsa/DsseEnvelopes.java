package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a DSSE envelope in its JSON form, including slsa-github-generator's {@code cert} extension
 * on each signature (the {@code .intoto.jsonl} provenance of generator releases up to v2.0.0).
 *
 * <p>SPEC: https://github.com/secure-systems-lab/dsse/blob/master/envelope.md — "Either standard or
 * URL-safe encoding is allowed" for {@code sig}; the payload is standard base64.
 */
public final class DsseEnvelopes {
  private DsseEnvelopes() {}

  /**
   * Parses an envelope.
   *
   * @throws VerificationException INPUT_MALFORMED if the file is not a well-formed envelope (its
   *     payload is checked by the caller)
   */
  public static DsseEnvelope parse(byte[] json) throws VerificationException {
    JsonNode n = InputDocuments.object(json, "dsse.envelope", "a DSSE envelope");
    if (InputDocuments.lacksEnvelopeFields(n)) {
      throw new VerificationException(
          "dsse.envelope",
          Reason.INPUT_MALFORMED,
          "not a DSSE envelope",
          "payloadType/payload/signatures",
          "none of them");
    }
    try {
      return fromJson(n);
    } catch (JsonFormatException e) {
      throw new VerificationException(
          "dsse.envelope", Reason.INPUT_MALFORMED, "malformed DSSE envelope: " + e.getMessage());
    }
  }

  /** Reads an envelope object (unknown keys ignored, as Go's json.Unmarshal does). */
  public static DsseEnvelope fromJson(JsonNode n) throws JsonFormatException {
    GoJson.Struct s = GoJson.struct(n, "envelope", false, "payloadType", "payload", "signatures");
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(s.string("payload"));
    } catch (IllegalArgumentException e) {
      throw new JsonFormatException("envelope.payload: not standard base64");
    }
    List<DsseEnvelope.Signature> sigs = new ArrayList<>();
    int i = 0;
    for (JsonNode sn : s.list("signatures")) {
      GoJson.Struct sig =
          GoJson.struct(sn, "envelope.signatures[" + i++ + "]", false, "keyid", "sig", "cert");
      String cert = sig.string("cert");
      sigs.add(
          new DsseEnvelope.Signature(
              sig.string("keyid"), decodeSig(sig.string("sig")), cert.isEmpty() ? null : cert));
    }
    return DsseEnvelope.of(s.string("payloadType"), payload, sigs);
  }

  /**
   * Decodes a DSSE {@code sig}: standard base64, else URL-safe; an undecodable signature becomes
   * empty (and then fails to verify).
   */
  public static byte[] decodeSig(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(s);
      } catch (IllegalArgumentException e2) {
        return new byte[0];
      }
    }
  }
}
