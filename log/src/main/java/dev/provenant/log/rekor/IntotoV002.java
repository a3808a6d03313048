package dev.provenant.log.rekor;

import static dev.provenant.log.rekor.SpecFields.b64;
import static dev.provenant.log.rekor.SpecFields.base64;
import static dev.provenant.log.rekor.SpecFields.hash;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * intoto 0.0.2: a DSSE envelope given field by field ({@code spec.content.envelope}) with each
 * signature's PEM key, plus the envelope hash the client computed ({@code spec.content.hash}). The
 * stored body drops the payload and adds its hash.
 */
final class IntotoV002 implements EntryKind {
  @Override
  public String kind() {
    return "intoto";
  }

  @Override
  public String apiVersion() {
    return "0.0.2";
  }

  @Override
  public ProposedEntry canonicalize(JsonNode spec) throws EntryException {
    JsonNode content = object(spec, "content");
    JsonNode envelope = object(content, "envelope");
    // Rekor's intoto 0.0.2 double-encodes: payload and sig are base64 of the envelope's base64.
    String payloadB64 = new String(base64(envelope, "payload"), StandardCharsets.UTF_8);
    String payloadType = text(envelope, "payloadType");
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(payloadB64);
    } catch (IllegalArgumentException e) {
      throw new EntryException(
          EntryException.Reason.INVALID_FIELD, "could not decode envelope payload: not base64");
    }
    if (payload.length == 0) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD, "empty envelope payload");
    }
    JsonNode sigsNode = envelope.get("signatures");
    if (sigsNode == null || !sigsNode.isArray() || sigsNode.isEmpty()) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD, "missing signatures");
    }
    JsonNode hashNode = object(content, "hash");
    String hashAlg = text(hashNode, "algorithm");
    String hashValue = text(hashNode, "value");
    if (!hashAlg.equals("sha256") || hashValue.length() != 64 || !Hex.isHex(hashValue)) {
      throw new EntryException(
          EntryException.Reason.INVALID_FIELD,
          "spec.content.hash must be sha256 with 64 hex characters");
    }
    byte[] pae = Pae.encode(payloadType, payload);
    List<Object> sigs = new ArrayList<>();
    Set<String> searchKeys = new LinkedHashSet<>();
    for (JsonNode sn : sigsNode) {
      if (!sn.isObject()) {
        throw new EntryException(
            EntryException.Reason.INVALID_FIELD, "signature must be an object");
      }
      byte[] sigField = base64(sn, "sig");
      byte[] pem = base64(sn, "publicKey");
      byte[] sigBytes;
      try {
        sigBytes = Base64s.decodeAny(new String(sigField, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new EntryException(EntryException.Reason.INVALID_FIELD, "signature is not base64");
      }
      Verifiers.Verifier v = Verifiers.verifier(pem);
      if (!SignatureChecks.verifyMessage(v.key(), pae, sigBytes)) {
        throw new EntryException(
            EntryException.Reason.SIGNATURE_INVALID,
            "could not verify envelope: all signatures must have a key that verifies it");
      }
      Map<String, Object> item = new LinkedHashMap<>();
      JsonNode keyid = sn.get("keyid");
      if (keyid != null && !keyid.isNull()) {
        if (!keyid.isTextual()) {
          throw new EntryException(EntryException.Reason.INVALID_FIELD, "keyid must be a string");
        }
        if (!keyid.asText().isEmpty()) {
          item.put("keyid", keyid.asText());
        }
      }
      item.put("publicKey", b64(pem));
      item.put("sig", b64(sigField));
      sigs.add(item);
      searchKeys.add("sha256:" + Hex.encode(Sha256.hash(v.canonicalPem())));
      searchKeys.addAll(SearchKeys.subjects(v.certificate()));
    }
    String payloadHash = Hex.encode(Sha256.hash(payload));
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("payloadType", payloadType);
    env.put("signatures", sigs);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("envelope", env);
    c.put("hash", hash(hashAlg, hashValue));
    c.put("payloadHash", sha256(payloadHash));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("content", c);
    searchKeys.add("sha256:" + payloadHash);
    if (SearchKeys.INTOTO_PAYLOAD_TYPE.equals(payloadType)) {
      searchKeys.addAll(SearchKeys.statementDigests(payload));
    }
    return ProposedEntries.of(
        kind(), apiVersion(), ProposedEntries.goJsonBody(s, kind(), apiVersion()), searchKeys);
  }
}
