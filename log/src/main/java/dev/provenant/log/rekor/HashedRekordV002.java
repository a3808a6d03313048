package dev.provenant.log.rekor;

import static dev.provenant.log.rekor.SpecFields.b64;
import static dev.provenant.log.rekor.SpecFields.base64;
import static dev.provenant.log.rekor.SpecFields.object;
import static dev.provenant.log.rekor.SpecFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.pem.Pem;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * hashedrekord 0.0.2, the Rekor v2 shape ({@code spec.hashedRekordV002}: data {algorithm, digest},
 * signature {content, verifier {keyDetails, publicKey|x509Certificate {rawBytes}}}), logged as the
 * protobuf-JSON body Rekor v2 stores (fields in proto declaration order, which is alphabetical).
 *
 * <p>The body is written here and not by core's {@code EntryBodies.hashedRekordV002}: that one
 * writes RFC 8785 JSON, which differs from the Go encoding this log has always stored for RSA
 * {@code keyDetails} containing characters Go escapes.
 */
final class HashedRekordV002 implements EntryKind {
  @Override
  public String kind() {
    return "hashedrekord";
  }

  @Override
  public String apiVersion() {
    return "0.0.2";
  }

  @Override
  public ProposedEntry canonicalize(JsonNode spec) throws EntryException {
    JsonNode v2 = object(spec, "hashedRekordV002");
    JsonNode data = object(v2, "data");
    String alg = text(data, "algorithm");
    byte[] digest = base64(data, "digest");
    int len =
        switch (alg) {
          case "SHA2_256" -> 32;
          case "SHA2_384" -> 48;
          case "SHA2_512" -> 64;
          default ->
              throw new EntryException(
                  EntryException.Reason.INVALID_FIELD,
                  "data.algorithm must be SHA2_256, SHA2_384 or SHA2_512, got " + alg);
        };
    if (digest.length != len) {
      throw new EntryException(
          EntryException.Reason.INVALID_FIELD,
          "data.digest is " + digest.length + " bytes, want " + len + " for " + alg);
    }
    JsonNode sig = object(v2, "signature");
    byte[] sigBytes = base64(sig, "content");
    JsonNode verifier = object(sig, "verifier");
    String details = text(verifier, "keyDetails");
    boolean cert = verifier.has("x509Certificate");
    if (cert == verifier.has("publicKey")) {
      throw new EntryException(
          EntryException.Reason.MALFORMED,
          "signature.verifier needs exactly one of publicKey or x509Certificate");
    }
    byte[] raw = base64(object(verifier, cert ? "x509Certificate" : "publicKey"), "rawBytes");
    Verifiers.Verifier v =
        Verifiers.verifier(Pem.encodeBytes(cert ? "CERTIFICATE" : "PUBLIC KEY", raw));
    String expectedDetails =
        switch (v.key().getAlgorithm()) {
          case "EC", "ECDSA" ->
              switch (((ECPublicKey) v.key()).getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "PKIX_ECDSA_P256_SHA_256";
                case 384 -> "PKIX_ECDSA_P384_SHA_384";
                case 521 -> "PKIX_ECDSA_P521_SHA_512";
                default -> "unsupported curve";
              };
          default -> details.startsWith("PKIX_RSA_PKCS1V15_") ? details : "unsupported key";
        };
    if (!details.equals(expectedDetails)) {
      throw new EntryException(
          EntryException.Reason.INVALID_KEY,
          "keyDetails " + details + " does not match the key: expected " + expectedDetails);
    }
    String hashName =
        switch (alg) {
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
    keys.addAll(SearchKeys.subjects(v.certificate()));
    keys.add(hashName + ":" + Hex.encode(digest));
    return ProposedEntries.of(
        kind(), apiVersion(), ProposedEntries.goJsonBody(s, kind(), apiVersion()), keys);
  }
}
