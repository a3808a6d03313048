package dev.provenant.log.rekor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.dsse.Pae;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.rekor.EntryBodies;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validation and canonicalization of proposed Rekor v1 entries: hashedrekord 0.0.1, dsse 0.0.1
 * and intoto 0.0.2. Each kind's signature is verified; the body produced is byte-for-byte what
 * public Rekor stores (Go {@code json.Marshal} of its generated models: fields in struct order,
 * server-computed hashes, canonical Go PEM for keys), so verifiers that rebuild it match.
 */
public final class EntryKinds {
  /** Largest accepted request body in bytes (documented in the API section of the README). */
  public static final int MAX_REQUEST_BYTES = 1 << 20;

  /**
   * Largest canonical entry body the log stores, in bytes. C2SP tlog-tiles entry bundles prefix
   * each entry with a big-endian uint16 length, so a larger entry could be logged but never served
   * as a tile; such entries are refused at submission instead. (A dsse or intoto request can be
   * much larger than its body, which keeps hashes and signatures but not the payload.)
   */
  public static final int MAX_BODY_BYTES = 0xffff;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final String INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private EntryKinds() {}

  /**
   * Parses, verifies and canonicalizes a proposed entry ({@code POST /api/v1/log/entries} body).
   *
   * @throws EntryException naming why the entry is rejected
   */
  public static ProposedEntry canonicalize(byte[] request) throws EntryException {
    if (request.length > MAX_REQUEST_BYTES) {
      throw new EntryException(EntryException.Reason.TOO_LARGE,
          "request is " + request.length + " bytes, limit " + MAX_REQUEST_BYTES);
    }
    JsonNode root;
    try (JsonParser p = JSON.createParser(request)) {
      root = JSON.readTree(p);
      if (p.nextToken() != null) {
        throw new EntryException(EntryException.Reason.MALFORMED, "trailing data after JSON");
      }
    } catch (java.io.IOException e) {
      throw new EntryException(EntryException.Reason.MALFORMED, "request is not valid JSON: "
          + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new EntryException(EntryException.Reason.MALFORMED, "request must be a JSON object");
    }
    String kind = text(root, "kind");
    String version = text(root, "apiVersion");
    JsonNode spec = object(root, "spec");
    return switch (kind + "/" + version) {
      case "hashedrekord/0.0.1" -> hashedRekord(spec);
      case "hashedrekord/0.0.2" -> hashedRekordV002(spec);
      case "dsse/0.0.1" -> dsse(spec);
      case "intoto/0.0.2" -> intoto(spec);
      default -> throw new EntryException(EntryException.Reason.UNSUPPORTED_KIND,
          "unsupported entry kind " + kind + " " + version
              + " (accepted: hashedrekord 0.0.1 and 0.0.2, dsse 0.0.1, intoto 0.0.2)");
    };
  }

  // ------------------------------------------------------------------ hashedrekord 0.0.1

  private static ProposedEntry hashedRekord(JsonNode spec) throws EntryException {
    JsonNode sig = object(spec, "signature");
    byte[] sigBytes = base64(sig, "content");
    JsonNode pk = object(sig, "publicKey");
    byte[] pem = base64(pk, "content");
    JsonNode hash = object(object(spec, "data"), "hash");
    String alg = text(hash, "algorithm");
    String value = text(hash, "value");
    int len = switch (alg) {
      case "sha256" -> 64;
      case "sha384" -> 96;
      case "sha512" -> 128;
      default -> throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "spec.data.hash.algorithm must be sha256, sha384 or sha512, got " + alg);
    };
    if (value.length() != len || !Hex.isHex(value)) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "invalid value for hash: want " + len + " hex characters for " + alg);
    }
    if (sigBytes.length == 0) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD, "missing signature");
    }
    Verifiers.Verifier v = Verifiers.verifier(pem);
    SignatureChecks.verifyDigest(v.key(), alg, Hex.decode(value), sigBytes);

    // The body public Rekor logs, from the one hashedrekord writer.
    byte[] body = EntryBodies.hashedRekordV001(alg, value, sigBytes, v.canonicalPem());
    Set<String> keys = new LinkedHashSet<>();
    keys.add(Hex.encode(Sha256.hash(v.canonicalPem())));
    keys.addAll(subjects(v.certificate()));
    keys.add((alg + ":" + value).toLowerCase(java.util.Locale.ROOT));
    return entry("hashedrekord", "0.0.1", body, keys);
  }

  // ------------------------------------------------------------------ hashedrekord 0.0.2

  /**
   * The Rekor v2 shape ({@code spec.hashedRekordV002}: data {algorithm, digest}, signature
   * {content, verifier {keyDetails, publicKey|x509Certificate {rawBytes}}}), logged as the
   * protobuf-JSON body Rekor v2 stores (fields in proto declaration order, which is alphabetical).
   */
  private static ProposedEntry hashedRekordV002(JsonNode spec) throws EntryException {
    JsonNode v2 = object(spec, "hashedRekordV002");
    JsonNode data = object(v2, "data");
    String alg = text(data, "algorithm");
    byte[] digest = base64(data, "digest");
    int len = switch (alg) {
      case "SHA2_256" -> 32;
      case "SHA2_384" -> 48;
      case "SHA2_512" -> 64;
      default -> throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "data.algorithm must be SHA2_256, SHA2_384 or SHA2_512, got " + alg);
    };
    if (digest.length != len) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "data.digest is " + digest.length + " bytes, want " + len + " for " + alg);
    }
    JsonNode sig = object(v2, "signature");
    byte[] sigBytes = base64(sig, "content");
    JsonNode verifier = object(sig, "verifier");
    String details = text(verifier, "keyDetails");
    boolean cert = verifier.has("x509Certificate");
    if (cert == verifier.has("publicKey")) {
      throw new EntryException(EntryException.Reason.MALFORMED,
          "signature.verifier needs exactly one of publicKey or x509Certificate");
    }
    byte[] raw = base64(object(verifier, cert ? "x509Certificate" : "publicKey"), "rawBytes");
    Verifiers.Verifier v = Verifiers.verifier(Pem.encodeBytes(cert ? "CERTIFICATE" : "PUBLIC KEY", raw));
    String expectedDetails = switch (v.key().getAlgorithm()) {
      case "EC", "ECDSA" -> switch (((java.security.interfaces.ECPublicKey) v.key()).getParams()
          .getCurve().getField().getFieldSize()) {
        case 256 -> "PKIX_ECDSA_P256_SHA_256";
        case 384 -> "PKIX_ECDSA_P384_SHA_384";
        case 521 -> "PKIX_ECDSA_P521_SHA_512";
        default -> "unsupported curve";
      };
      default -> details.startsWith("PKIX_RSA_PKCS1V15_") ? details : "unsupported key";
    };
    if (!details.equals(expectedDetails)) {
      throw new EntryException(EntryException.Reason.INVALID_KEY,
          "keyDetails " + details + " does not match the key: expected " + expectedDetails);
    }
    String hashName = switch (alg) {
      case "SHA2_384" -> "sha384";
      case "SHA2_512" -> "sha512";
      default -> "sha256";
    };
    SignatureChecks.verifyDigest(v.key(), hashName, digest, sigBytes);

    Map<String, Object> d = new LinkedHashMap<>();
    d.put("algorithm", alg);
    d.put("digest", b64(digest));
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("rawBytes", b64(raw));
    Map<String, Object> ver = new LinkedHashMap<>();
    ver.put("keyDetails", details);
    ver.put(cert ? "x509Certificate" : "publicKey", key);
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("content", b64(sigBytes));
    signature.put("verifier", ver);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", d);
    body.put("signature", signature);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("hashedRekordV002", body);
    Set<String> keys = new LinkedHashSet<>();
    keys.add(Hex.encode(Sha256.hash(v.canonicalPem())));
    keys.addAll(subjects(v.certificate()));
    keys.add(hashName + ":" + Hex.encode(digest));
    return entry("hashedrekord", "0.0.2", body(s, "hashedrekord", "0.0.2"), keys);
  }

  // ------------------------------------------------------------------ dsse 0.0.1

  private static ProposedEntry dsse(JsonNode spec) throws EntryException {
    if (spec.has("envelopeHash") || spec.has("payloadHash") || spec.has("signatures")) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "envelopeHash, payloadHash and signatures are computed by the server");
    }
    JsonNode pc = object(spec, "proposedContent");
    String envelopeText = text(pc, "envelope");
    JsonNode verifiers = pc.get("verifiers");
    if (verifiers == null || !verifiers.isArray() || verifiers.isEmpty()) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "spec.proposedContent.verifiers must list at least one public key");
    }
    List<Verifiers.Verifier> keys = new ArrayList<>();
    for (JsonNode vn : verifiers) {
      if (!vn.isTextual()) {
        throw new EntryException(EntryException.Reason.INVALID_FIELD, "an invalid null verifier was provided");
      }
      keys.add(Verifiers.verifier(decodeStrict(vn.asText(), "verifier")));
    }
    Envelope env = Envelope.parse(envelopeText);
    // Every signature must be verified by one of the keys (as Rekor requires).
    Map<String, Verifiers.Verifier> bySig = new TreeMap<>();
    byte[] pae = Pae.encode(env.payloadType, env.payload);
    for (Envelope.Sig s : env.signatures) {
      Verifiers.Verifier match = null;
      for (Verifiers.Verifier k : keys) {
        if (SignatureChecks.verifyMessage(k.key(), pae, s.bytes)) {
          match = k;
          break;
        }
      }
      if (match == null) {
        throw new EntryException(EntryException.Reason.SIGNATURE_INVALID,
            "could not verify envelope: all signatures must have a key that verifies it");
      }
      bySig.put(s.encoded, match);
    }
    List<Object> sigs = new ArrayList<>();
    Set<String> searchKeys = new LinkedHashSet<>();
    for (Map.Entry<String, Verifiers.Verifier> e : bySig.entrySet()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("signature", e.getKey());
      item.put("verifier", b64(e.getValue().canonicalPem()));
      sigs.add(item);
      searchKeys.add("sha256:" + Hex.encode(Sha256.hash(e.getValue().canonicalPem())));
      searchKeys.addAll(subjects(e.getValue().certificate()));
    }
    String payloadHash = Hex.encode(Sha256.hash(env.payload));
    String envelopeHash = Hex.encode(Sha256.hash(envelopeText.getBytes(StandardCharsets.UTF_8)));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("envelopeHash", hash(envelopeHash));
    s.put("payloadHash", hash(payloadHash));
    s.put("signatures", sigs);
    searchKeys.add("sha256:" + payloadHash);
    searchKeys.add("sha256:" + envelopeHash);
    if (INTOTO_PAYLOAD_TYPE.equals(env.payloadType)) {
      searchKeys.addAll(statementDigests(env.payload));
    }
    return entry("dsse", "0.0.1", body(s, "dsse", "0.0.1"), searchKeys);
  }

  // ------------------------------------------------------------------ intoto 0.0.2

  private static ProposedEntry intoto(JsonNode spec) throws EntryException {
    JsonNode content = object(spec, "content");
    JsonNode envelope = object(content, "envelope");
    // Rekor's intoto 0.0.2 double-encodes: payload and sig are base64 of the envelope's base64.
    String payloadB64 = new String(base64(envelope, "payload"), StandardCharsets.UTF_8);
    String payloadType = text(envelope, "payloadType");
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(payloadB64);
    } catch (IllegalArgumentException e) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "could not decode envelope payload: not base64");
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
      throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "spec.content.hash must be sha256 with 64 hex characters");
    }
    byte[] pae = Pae.encode(payloadType, payload);
    List<Object> sigs = new ArrayList<>();
    Set<String> searchKeys = new LinkedHashSet<>();
    for (JsonNode sn : sigsNode) {
      if (!sn.isObject()) {
        throw new EntryException(EntryException.Reason.INVALID_FIELD, "signature must be an object");
      }
      byte[] sigField = base64(sn, "sig");
      byte[] pem = base64(sn, "publicKey");
      byte[] sigBytes;
      try {
        sigBytes = dev.provenant.core.encoding.Base64s.decodeAny(
            new String(sigField, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new EntryException(EntryException.Reason.INVALID_FIELD, "signature is not base64");
      }
      Verifiers.Verifier v = Verifiers.verifier(pem);
      if (!SignatureChecks.verifyMessage(v.key(), pae, sigBytes)) {
        throw new EntryException(EntryException.Reason.SIGNATURE_INVALID,
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
      searchKeys.addAll(subjects(v.certificate()));
    }
    String payloadHash = Hex.encode(Sha256.hash(payload));
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("payloadType", payloadType);
    env.put("signatures", sigs);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("envelope", env);
    c.put("hash", hash(hashAlg, hashValue));
    c.put("payloadHash", hash(payloadHash));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("content", c);
    searchKeys.add("sha256:" + payloadHash);
    if (INTOTO_PAYLOAD_TYPE.equals(payloadType)) {
      searchKeys.addAll(statementDigests(payload));
    }
    return entry("intoto", "0.0.2", body(s, "intoto", "0.0.2"), searchKeys);
  }

  // ------------------------------------------------------------------ helpers

  /** The body Rekor logs: Go's json.Marshal of {apiVersion, kind, spec}. */
  private static byte[] body(Map<String, Object> spec, String kind, String version) {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("apiVersion", version);
    top.put("kind", kind);
    top.put("spec", spec);
    return GoJson.write(top).getBytes(StandardCharsets.UTF_8);
  }

  private static ProposedEntry entry(String kind, String version, byte[] body, Set<String> keys)
      throws EntryException {
    if (body.length > MAX_BODY_BYTES) {
      throw new EntryException(EntryException.Reason.ENTRY_TOO_LARGE, "canonical " + kind
          + " body is " + body.length + " bytes, limit " + MAX_BODY_BYTES
          + " (tlog-tiles entry bundles encode entry lengths in 16 bits)");
    }
    List<String> lower = new ArrayList<>();
    for (String k : keys) {
      lower.add(k.toLowerCase(java.util.Locale.ROOT));
    }
    return new ProposedEntry(kind, version, body, lower);
  }

  private static Map<String, Object> hash(String value) {
    return hash("sha256", value);
  }

  private static Map<String, Object> hash(String alg, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", alg);
    m.put("value", value);
    return m;
  }

  private static List<String> subjects(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    if (cert == null) {
      return out;
    }
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          Object v = san.get(1);
          if (v instanceof String s) {
            out.add(s);
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // No usable SANs: nothing to index.
    }
    return out;
  }

  private static List<String> statementDigests(byte[] payload) {
    List<String> out = new ArrayList<>();
    try {
      JsonNode st = JSON.readTree(payload);
      JsonNode subjects = st.get("subject");
      if (subjects != null && subjects.isArray()) {
        for (JsonNode s : subjects) {
          JsonNode d = s.get("digest");
          if (d != null && d.isObject()) {
            d.fields().forEachRemaining(e -> {
              if (e.getValue().isTextual()) {
                out.add(e.getKey() + ":" + e.getValue().asText());
              }
            });
          }
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // Not a parsable statement: it is still logged, just not indexed by subject.
    }
    return out;
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static JsonNode object(JsonNode parent, String field) throws EntryException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw new EntryException(EntryException.Reason.MALFORMED,
          "missing or non-object field '" + field + "'");
    }
    return n;
  }

  private static String text(JsonNode parent, String field) throws EntryException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual()) {
      throw new EntryException(EntryException.Reason.MALFORMED,
          "missing or non-string field '" + field + "'");
    }
    return n.asText();
  }

  /** A base64 field, decoded strictly as Go's StdEncoding (padding required). */
  private static byte[] base64(JsonNode parent, String field) throws EntryException {
    return decodeStrict(text(parent, field), field);
  }

  private static byte[] decodeStrict(String s, String field) throws EntryException {
    try {
      byte[] b = Base64.getDecoder().decode(s);
      if (!b64(b).equals(s)) {
        throw new IllegalArgumentException("non-canonical base64");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD,
          "field '" + field + "' is not standard base64");
    }
  }

  /** A DSSE envelope as submitted inside dsse 0.0.1 proposed content. */
  private static final class Envelope {
    record Sig(String encoded, byte[] bytes) {}

    String payloadType;
    byte[] payload;
    List<Sig> signatures = new ArrayList<>();

    static Envelope parse(String text) throws EntryException {
      JsonNode n;
      try {
        n = JSON.readTree(text);
      } catch (java.io.IOException e) {
        throw new EntryException(EntryException.Reason.MALFORMED, "envelope is not valid JSON");
      }
      if (n == null || !n.isObject()) {
        throw new EntryException(EntryException.Reason.MALFORMED, "envelope must be a JSON object");
      }
      Envelope e = new Envelope();
      e.payloadType = text(n, "payloadType");
      try {
        e.payload = dev.provenant.core.encoding.Base64s.decodeAny(text(n, "payload"));
      } catch (IllegalArgumentException ex) {
        throw new EntryException(EntryException.Reason.INVALID_FIELD, "envelope payload is not base64");
      }
      JsonNode sigs = n.get("signatures");
      if (sigs == null || !sigs.isArray() || sigs.isEmpty()) {
        throw new EntryException(EntryException.Reason.INVALID_FIELD,
            "DSSE envelope must contain 1 or more signatures");
      }
      for (JsonNode s : sigs) {
        if (!s.isObject()) {
          throw new EntryException(EntryException.Reason.MALFORMED, "signature must be an object");
        }
        String enc = text(s, "sig");
        try {
          e.signatures.add(new Sig(enc, dev.provenant.core.encoding.Base64s.decodeAny(enc)));
        } catch (IllegalArgumentException ex) {
          throw new EntryException(EntryException.Reason.INVALID_FIELD, "signature is not base64");
        }
      }
      return e;
    }
  }
}
