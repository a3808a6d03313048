package dev.provenant.core.rekor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PemFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Parses Rekor entry bodies and rebuilds them canonically.
 *
 * <p>SPEC: Rekor v1 types (github.com/sigstore/rekor pkg/types: hashedrekord v0.0.1, dsse v0.0.1,
 * intoto v0.0.1/v0.0.2) and Rekor v2 (github.com/sigstore/rekor-tiles: hashedrekord v0.0.2, dsse
 * v0.0.2). Rekor v1 stores the body as Go's {@code json.Marshal} writes its generated models
 * ({@link GoJson#write}: struct fields, alphabetical for these models, and {@code <}, {@code >},
 * {@code &} escaped); Rekor v2 as canonical JSON. Rebuilding the same fields reproduces the logged
 * bytes.
 */
public final class EntryBodies {
  private EntryBodies() {}

  /**
   * Parses a body.
   *
   * @throws RekorFormatException if the JSON is malformed or the kind/version is not one of the
   *     supported six
   */
  public static EntryBody parse(byte[] body) throws RekorFormatException {
    try {
      ObjectNode root = ProtoJson.parseObject(body, "entry");
      String kind = ProtoJson.string(root, "kind", "entry");
      String version = ProtoJson.string(root, "apiVersion", "entry");
      JsonNode spec = ProtoJson.object(root, "spec", "entry");
      switch (kind + "/" + version) {
        case "hashedrekord/0.0.1":
          return hashedRekordV001(spec);
        case "hashedrekord/0.0.2":
          return hashedRekordV002(ProtoJson.object(spec, "hashedRekordV002", "entry.spec"));
        case "dsse/0.0.1":
          return dsseV001(spec);
        case "dsse/0.0.2":
          return dsseV002(ProtoJson.object(spec, "dsseV002", "entry.spec"));
        case "intoto/0.0.1":
          return intotoV001(spec);
        case "intoto/0.0.2":
          return intotoV002(spec);
        default:
          throw new RekorFormatException("unsupported entry kind " + kind + "/" + version);
      }
    } catch (JsonFormatException e) {
      throw new RekorFormatException(e.getMessage());
    }
  }

  private static HashAlgorithm alg(String name, String path) throws RekorFormatException {
    HashAlgorithm a = name == null ? null : HashAlgorithm.fromName(name);
    if (a == null) {
      throw new RekorFormatException(path + ": unsupported hash algorithm " + name);
    }
    return a;
  }

  private static byte[] hex(String s, String path) throws RekorFormatException {
    if (s == null || !Hex.isHex(s)) {
      throw new RekorFormatException(path + ": not hex");
    }
    return Hex.decode(s);
  }

  /** PEM (base64-wrapped in the body) to DER; tells certificate from public key. */
  private static LoggedSignature v1Signature(byte[] sig, String pemB64, String path)
      throws RekorFormatException {
    String pem;
    try {
      pem = new String(Base64s.decodeAny(pemB64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RekorFormatException(path + ": verifier is not base64");
    }
    try {
      List<byte[]> certs = Pem.decode(pem, "CERTIFICATE");
      if (certs.size() == 1) {
        return new LoggedSignature(sig, certs.get(0), true, "");
      }
      List<byte[]> keys = Pem.decode(pem, "PUBLIC KEY");
      if (certs.isEmpty() && keys.size() == 1) {
        return new LoggedSignature(sig, keys.get(0), false, "");
      }
    } catch (PemFormatException e) {
      throw new RekorFormatException(path + ": " + e.getMessage());
    }
    throw new RekorFormatException(path + ": verifier must be one PEM CERTIFICATE or PUBLIC KEY");
  }

  private static EntryBody hashedRekordV001(JsonNode spec)
      throws JsonFormatException, RekorFormatException {
    String p = "entry.spec";
    JsonNode hash = ProtoJson.object(ProtoJson.object(spec, "data", p), "hash", p + ".data");
    HashAlgorithm a =
        alg(ProtoJson.string(hash, "algorithm", p + ".data.hash"), p + ".data.hash.algorithm");
    byte[] digest = hex(ProtoJson.string(hash, "value", p + ".data.hash"), p + ".data.hash.value");
    JsonNode sig = ProtoJson.object(spec, "signature", p);
    byte[] content = ProtoJson.bytes(sig, "content", p + ".signature");
    String pk =
        ProtoJson.string(
            ProtoJson.object(sig, "publicKey", p + ".signature"),
            "content",
            p + ".signature.publicKey");
    return new EntryBody(
        "hashedrekord",
        "0.0.1",
        a,
        digest,
        null,
        null,
        null,
        List.of(v1Signature(content, pk, p + ".signature.publicKey.content")));
  }

  private static LoggedSignature v2Signature(JsonNode sig, String p)
      throws JsonFormatException, RekorFormatException {
    byte[] content = ProtoJson.bytes(sig, "content", p);
    JsonNode verifier = ProtoJson.object(sig, "verifier", p);
    String details = ProtoJson.optString(verifier, "keyDetails", p + ".verifier");
    JsonNode cert = ProtoJson.optObject(verifier, "x509Certificate", p + ".verifier");
    JsonNode key = ProtoJson.optObject(verifier, "publicKey", p + ".verifier");
    if ((cert == null) == (key == null)) {
      throw new RekorFormatException(p + ".verifier: exactly one of x509Certificate and publicKey");
    }
    byte[] der = ProtoJson.bytes(cert != null ? cert : key, "rawBytes", p + ".verifier");
    return new LoggedSignature(content, der, cert != null, details == null ? "" : details);
  }

  private static EntryBody hashedRekordV002(JsonNode s)
      throws JsonFormatException, RekorFormatException {
    String p = "entry.spec.hashedRekordV002";
    JsonNode data = ProtoJson.object(s, "data", p);
    HashAlgorithm a = alg(ProtoJson.string(data, "algorithm", p + ".data"), p + ".data.algorithm");
    byte[] digest = ProtoJson.bytes(data, "digest", p + ".data");
    LoggedSignature sig = v2Signature(ProtoJson.object(s, "signature", p), p + ".signature");
    return new EntryBody("hashedrekord", "0.0.2", a, digest, null, null, null, List.of(sig));
  }

  private static EntryBody dsseV002(JsonNode s) throws JsonFormatException, RekorFormatException {
    String p = "entry.spec.dsseV002";
    JsonNode ph = ProtoJson.object(s, "payloadHash", p);
    HashAlgorithm a =
        alg(ProtoJson.string(ph, "algorithm", p + ".payloadHash"), p + ".payloadHash.algorithm");
    byte[] digest = ProtoJson.bytes(ph, "digest", p + ".payloadHash");
    List<LoggedSignature> sigs = new ArrayList<>();
    List<JsonNode> ss = ProtoJson.array(s, "signatures", p);
    for (int i = 0; i < ss.size(); i++) {
      sigs.add(v2Signature(ss.get(i), p + ".signatures[" + i + "]"));
    }
    return new EntryBody("dsse", "0.0.2", null, null, a, digest, null, sigs);
  }

  private static EntryBody dsseV001(JsonNode spec)
      throws JsonFormatException, RekorFormatException {
    String p = "entry.spec";
    JsonNode ph = ProtoJson.object(spec, "payloadHash", p);
    HashAlgorithm pa =
        alg(ProtoJson.string(ph, "algorithm", p + ".payloadHash"), p + ".payloadHash.algorithm");
    byte[] payloadHash =
        hex(ProtoJson.string(ph, "value", p + ".payloadHash"), p + ".payloadHash.value");
    JsonNode eh = ProtoJson.optObject(spec, "envelopeHash", p);
    byte[] envelopeHash =
        eh == null
            ? null
            : hex(ProtoJson.string(eh, "value", p + ".envelopeHash"), p + ".envelopeHash.value");
    List<LoggedSignature> sigs = new ArrayList<>();
    List<JsonNode> ss = ProtoJson.array(spec, "signatures", p);
    for (int i = 0; i < ss.size(); i++) {
      String sp = p + ".signatures[" + i + "]";
      byte[] sig = ProtoJson.bytes(ss.get(i), "signature", sp);
      sigs.add(v1Signature(sig, ProtoJson.string(ss.get(i), "verifier", sp), sp + ".verifier"));
    }
    if (sigs.isEmpty()) {
      throw new RekorFormatException(p + ".signatures: empty");
    }
    return new EntryBody("dsse", "0.0.1", null, null, pa, payloadHash, envelopeHash, sigs);
  }

  private static EntryBody intotoV002(JsonNode spec)
      throws JsonFormatException, RekorFormatException {
    String p = "entry.spec.content";
    JsonNode content = ProtoJson.object(spec, "content", "entry.spec");
    JsonNode ph = ProtoJson.object(content, "payloadHash", p);
    HashAlgorithm pa =
        alg(ProtoJson.string(ph, "algorithm", p + ".payloadHash"), p + ".payloadHash.algorithm");
    byte[] payloadHash =
        hex(ProtoJson.string(ph, "value", p + ".payloadHash"), p + ".payloadHash.value");
    JsonNode h = ProtoJson.optObject(content, "hash", p);
    byte[] envelopeHash =
        h == null ? null : hex(ProtoJson.string(h, "value", p + ".hash"), p + ".hash.value");
    JsonNode env = ProtoJson.object(content, "envelope", p);
    List<LoggedSignature> sigs = new ArrayList<>();
    List<JsonNode> ss = ProtoJson.array(env, "signatures", p + ".envelope");
    for (int i = 0; i < ss.size(); i++) {
      String sp = p + ".envelope.signatures[" + i + "]";
      // intoto v0.0.2 stores the signature base64-encoded twice (a base64 string of the DSSE sig
      // field).
      byte[] once = ProtoJson.bytes(ss.get(i), "sig", sp);
      byte[] sig;
      try {
        sig = Base64s.decodeAny(new String(once, StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        throw new RekorFormatException(sp + ".sig: not double base64");
      }
      sigs.add(v1Signature(sig, ProtoJson.string(ss.get(i), "publicKey", sp), sp + ".publicKey"));
    }
    if (sigs.isEmpty()) {
      throw new RekorFormatException(p + ".envelope.signatures: empty");
    }
    return new EntryBody("intoto", "0.0.2", null, null, pa, payloadHash, envelopeHash, sigs);
  }

  private static EntryBody intotoV001(JsonNode spec)
      throws JsonFormatException, RekorFormatException {
    String p = "entry.spec";
    JsonNode content = ProtoJson.object(spec, "content", p);
    JsonNode ph = ProtoJson.object(content, "payloadHash", p + ".content");
    HashAlgorithm pa =
        alg(
            ProtoJson.string(ph, "algorithm", p + ".content.payloadHash"),
            p + ".content.payloadHash.algorithm");
    byte[] payloadHash =
        hex(
            ProtoJson.string(ph, "value", p + ".content.payloadHash"),
            p + ".content.payloadHash.value");
    JsonNode h = ProtoJson.optObject(content, "hash", p + ".content");
    byte[] envelopeHash =
        h == null
            ? null
            : hex(ProtoJson.string(h, "value", p + ".content.hash"), p + ".content.hash.value");
    // intoto v0.0.1 records the key but not the signature.
    LoggedSignature key =
        v1Signature(new byte[0], ProtoJson.string(spec, "publicKey", p), p + ".publicKey");
    return new EntryBody(
        "intoto", "0.0.1", null, null, pa, payloadHash, envelopeHash, List.of(key));
  }

  // ---------------------------------------------------------------- canonical rebuilding

  /** RFC 8785 canonical JSON of a tree of maps, lists, strings and integers. */
  public static byte[] canonicalize(Object tree) {
    byte[] direct = CanonicalJson.write(tree);
    if (direct != null) {
      return direct;
    }
    try {
      byte[] json = ProtoJson.mapper().writeValueAsBytes(tree);
      return new JsonCanonicalizer(json).getEncodedUTF8();
    } catch (IOException e) {
      throw new IllegalStateException("a tree of maps and strings always serializes", e);
    }
  }

  private static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String pemB64(byte[] der, boolean cert) {
    return Base64s.encode(Pem.encodeBytes(cert ? "CERTIFICATE" : "PUBLIC KEY", der));
  }

  /**
   * The hashedrekord v0.0.1 body Rekor v1 logs for a signature over an artifact digest.
   *
   * @param verifierDer certificate or SPKI DER; written as 64-column PEM as Fulcio/Rekor do
   */
  public static byte[] hashedRekordV001(
      HashAlgorithm alg,
      byte[] digest,
      byte[] signature,
      byte[] verifierDer,
      boolean isCertificate) {
    return hashedRekordV001(
        alg.rekorName(),
        Hex.encode(digest),
        signature,
        Pem.encodeBytes(isCertificate ? "CERTIFICATE" : "PUBLIC KEY", verifierDer));
  }

  /**
   * The hashedrekord v0.0.1 body Rekor v1 logs, byte for byte: Go's {@code json.Marshal} of {@code
   * models.Hashedrekord} (the log writes its entries through here).
   *
   * @param algorithmName Rekor's name of the digest algorithm, e.g. {@code sha256}
   * @param digestHex the artifact digest in hex, as submitted
   * @param verifierPem the canonical PEM of the verifying certificate (chain) or public key
   */
  public static byte[] hashedRekordV001(
      String algorithmName, String digestHex, byte[] signature, byte[] verifierPem) {
    Map<String, Object> tree =
        obj(
            "apiVersion", "0.0.1",
            "kind", "hashedrekord",
            "spec",
                obj(
                    "data", obj("hash", obj("algorithm", algorithmName, "value", digestHex)),
                    "signature",
                        obj(
                            "content", Base64s.encode(signature),
                            "publicKey", obj("content", Base64s.encode(verifierPem)))));
    return GoJson.write(tree).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical hashedrekord v0.0.2 body Rekor v2 logs. */
  public static byte[] hashedRekordV002(
      HashAlgorithm alg,
      byte[] digest,
      byte[] signature,
      byte[] verifierDer,
      boolean isCertificate,
      String keyDetails) {
    Map<String, Object> verifier = obj("keyDetails", keyDetails);
    verifier.put(
        isCertificate ? "x509Certificate" : "publicKey",
        obj("rawBytes", Base64s.encode(verifierDer)));
    return canonicalize(
        obj(
            "apiVersion", "0.0.2",
            "kind", "hashedrekord",
            "spec",
                obj(
                    "hashedRekordV002",
                    obj(
                        "data", obj("algorithm", alg.name(), "digest", Base64s.encode(digest)),
                        "signature",
                            obj("content", Base64s.encode(signature), "verifier", verifier)))));
  }

  /**
   * The canonical dsse v0.0.1 body Rekor v1 logs for an envelope.
   *
   * @param envelopeHash SHA-256 of the envelope JSON as submitted
   * @param payloadHash SHA-256 of the payload
   * @param signatures signature and verifier (PEM written 64-column)
   */
  public static byte[] dsseV001(
      byte[] envelopeHash, byte[] payloadHash, List<LoggedSignature> signatures) {
    List<Object> sigs = new ArrayList<>();
    for (LoggedSignature s : signatures) {
      sigs.add(
          obj(
              "signature",
              Base64s.encode(s.signature()),
              "verifier",
              pemB64(s.verifierDer(), s.verifierIsCertificate())));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("envelopeHash", obj("algorithm", "sha256", "value", Hex.encode(envelopeHash)));
    spec.put("payloadHash", obj("algorithm", "sha256", "value", Hex.encode(payloadHash)));
    spec.put("signatures", sigs);
    return GoJson.write(obj("apiVersion", "0.0.1", "kind", "dsse", "spec", spec))
        .getBytes(StandardCharsets.UTF_8);
  }
}
