package dev.provenant.log.rekor;

import static dev.provenant.log.rekor.SpecFields.b64;
import static dev.provenant.log.rekor.SpecFields.object;
import static dev.provenant.log.rekor.SpecFields.sha256;
import static dev.provenant.log.rekor.SpecFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.dsse.Pae;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * dsse 0.0.1: a DSSE envelope ({@code spec.proposedContent.envelope}, JSON text) with the keys that
 * verify it ({@code spec.proposedContent.verifiers}). The stored body keeps hashes and signatures,
 * not the payload.
 *
 * <p>The body is written here and not by core's {@code EntryBodies.dsseV001}: Rekor logs each
 * signature string as the envelope spelled it (this kind accepts any base64 alphabet) and a
 * verifier may be a certificate chain; core's writer re-encodes one DER per signature.
 */
final class DsseV001 implements EntryKind {
  @Override
  public String kind() {
    return "dsse";
  }

  @Override
  public String apiVersion() {
    return "0.0.1";
  }

  @Override
  public ProposedEntry canonicalize(JsonNode spec) throws EntryException {
    if (spec.has("envelopeHash") || spec.has("payloadHash") || spec.has("signatures")) {
      throw new EntryException(
          EntryException.Reason.INVALID_FIELD,
          "envelopeHash, payloadHash and signatures are computed by the server");
    }
    JsonNode pc = object(spec, "proposedContent");
    String envelopeText = text(pc, "envelope");
    JsonNode verifiers = pc.get("verifiers");
    if (verifiers == null || !verifiers.isArray() || verifiers.isEmpty()) {
      throw new EntryException(
          EntryException.Reason.INVALID_FIELD,
          "spec.proposedContent.verifiers must list at least one public key");
    }
    List<Verifiers.Verifier> keys = new ArrayList<>();
    for (JsonNode vn : verifiers) {
      if (!vn.isTextual()) {
        throw new EntryException(
            EntryException.Reason.INVALID_FIELD, "an invalid null verifier was provided");
      }
      keys.add(Verifiers.verifier(SpecFields.decodeStrict(vn.asText(), "verifier")));
    }
    Envelope env = Envelope.parse(envelopeText);
    // Every signature must be verified by one of the keys (as Rekor requires).
    Map<String, Verifiers.Verifier> bySig = new TreeMap<>();
    byte[] pae = Pae.encode(env.payloadType(), env.payload());
    for (Envelope.Sig s : env.signatures()) {
      Verifiers.Verifier match = null;
      for (Verifiers.Verifier k : keys) {
        if (SignatureChecks.verifyMessage(k.key(), pae, s.bytes())) {
          match = k;
          break;
        }
      }
      if (match == null) {
        throw new EntryException(
            EntryException.Reason.SIGNATURE_INVALID,
            "could not verify envelope: all signatures must have a key that verifies it");
      }
      bySig.put(s.encoded(), match);
    }
    List<Object> sigs = new ArrayList<>();
    Set<String> searchKeys = new LinkedHashSet<>();
    for (Map.Entry<String, Verifiers.Verifier> e : bySig.entrySet()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("signature", e.getKey());
      item.put("verifier", b64(e.getValue().canonicalPem()));
      sigs.add(item);
      searchKeys.add("sha256:" + Hex.encode(Sha256.hash(e.getValue().canonicalPem())));
      searchKeys.addAll(SearchKeys.subjects(e.getValue().certificate()));
    }
    String payloadHash = Hex.encode(Sha256.hash(env.payload()));
    String envelopeHash = Hex.encode(Sha256.hash(envelopeText.getBytes(StandardCharsets.UTF_8)));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("envelopeHash", sha256(envelopeHash));
    s.put("payloadHash", sha256(payloadHash));
    s.put("signatures", sigs);
    searchKeys.add("sha256:" + payloadHash);
    searchKeys.add("sha256:" + envelopeHash);
    if (SearchKeys.INTOTO_PAYLOAD_TYPE.equals(env.payloadType())) {
      searchKeys.addAll(SearchKeys.statementDigests(env.payload()));
    }
    return ProposedEntries.of(
        kind(), apiVersion(), ProposedEntries.goJsonBody(s, kind(), apiVersion()), searchKeys);
  }

  /**
   * A DSSE envelope as submitted inside dsse 0.0.1 proposed content. Signatures keep their
   * submitted spelling ({@code encoded}), which is what the body records.
   */
  private record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
    record Sig(String encoded, byte[] bytes) {}

    static Envelope parse(String text) throws EntryException {
      JsonNode n;
      try {
        n = SpecFields.JSON.readTree(text);
      } catch (java.io.IOException e) {
        throw new EntryException(EntryException.Reason.MALFORMED, "envelope is not valid JSON");
      }
      if (n == null || !n.isObject()) {
        throw new EntryException(EntryException.Reason.MALFORMED, "envelope must be a JSON object");
      }
      String payloadType = text(n, "payloadType");
      byte[] payload;
      try {
        payload = Base64s.decodeAny(text(n, "payload"));
      } catch (IllegalArgumentException ex) {
        throw new EntryException(
            EntryException.Reason.INVALID_FIELD, "envelope payload is not base64");
      }
      JsonNode sigs = n.get("signatures");
      if (sigs == null || !sigs.isArray() || sigs.isEmpty()) {
        throw new EntryException(
            EntryException.Reason.INVALID_FIELD, "DSSE envelope must contain 1 or more signatures");
      }
      List<Sig> signatures = new ArrayList<>();
      for (JsonNode s : sigs) {
        if (!s.isObject()) {
          throw new EntryException(EntryException.Reason.MALFORMED, "signature must be an object");
        }
        String enc = text(s, "sig");
        try {
          signatures.add(new Sig(enc, Base64s.decodeAny(enc)));
        } catch (IllegalArgumentException ex) {
          throw new EntryException(EntryException.Reason.INVALID_FIELD, "signature is not base64");
        }
      }
      return new Envelope(payloadType, payload, signatures);
    }
  }
}
