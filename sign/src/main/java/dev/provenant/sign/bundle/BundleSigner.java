package dev.provenant.ca.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.dsse.Pae;
import dev.provenant.core.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs an artifact keylessly, as the Sigstore client spec describes: an ephemeral P-256 key, a
 * certificate for it from the CA (proof of possession over the token's email or subject), a
 * signature over the artifact (or a DSSE envelope over an in-toto statement), an RFC 3161
 * timestamp when the config names a TSA, and a Rekor v1 entry; the result is a v0.3 bundle.
 */
public final class BundleSigner {
  /** DSSE payload type of in-toto statements. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SigningConfig config;

  /** A signer using the services of {@code config}. */
  public BundleSigner(SigningConfig config) {
    this.config = Objects.requireNonNull(config);
  }

  /**
   * Signs {@code artifact} and returns the bundle JSON.
   *
   * @param inToto whether {@code artifact} is an in-toto statement to wrap in a DSSE envelope
   * @throws ServiceException if a service refuses or is unreachable
   * @throws IllegalArgumentException if the token is not a JWT
   */
  public String sign(String token, byte[] artifact, boolean inToto) throws ServiceException {
    KeyPair kp = ephemeralKey();
    String challenge = challenge(token);
    List<X509Certificate> chain =
        new FulcioClient(config.caUrl()).signingCert(token, kp.getPublic(), sign(kp, challenge.getBytes(StandardCharsets.UTF_8)));
    X509Certificate leaf = chain.get(0);
    if (!leaf.getPublicKey().equals(kp.getPublic())) {
      throw new ServiceException("fulcio", 201, "certificate does not certify the requested key", null);
    }
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ObjectNode vm = bundle.putObject("verificationMaterial");
    vm.putObject("certificate").put("rawBytes", b64(der(leaf)));

    byte[] signature;
    RekorEntry entry;
    if (inToto) {
      signature = sign(kp, Pae.encode(IN_TOTO, artifact));
      ObjectNode env = JSON.createObjectNode();
      env.put("payload", b64(artifact)).put("payloadType", IN_TOTO);
      env.putArray("signatures").addObject().put("sig", b64(signature)).put("keyid", "");
      entry = new RekorClient(config.rekorUrl()).dsse(env.toString(), leaf);
      bundle.set("dsseEnvelope", env);
    } else {
      byte[] digest = Sha256.hash(artifact);
      signature = sign(kp, artifact);
      entry = new RekorClient(config.rekorUrl()).hashedRekord(digest, signature, leaf);
      ObjectNode ms = bundle.putObject("messageSignature");
      ms.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", b64(digest));
      ms.put("signature", b64(signature));
    }
    if (config.tsaUrl() != null) {
      byte[] ts = new TsaClient(config.tsaUrl()).timestamp(signature);
      vm.putObject("timestampVerificationData").putArray("rfc3161Timestamps").addObject().put("signedTimestamp", b64(ts));
    }
    vm.putArray("tlogEntries").add(tlogEntry(entry));
    // Field order as the protobuf JSON mapping emits it: mediaType, verificationMaterial, content.
    ObjectNode ordered = JSON.createObjectNode();
    ordered.set("mediaType", bundle.get("mediaType"));
    ObjectNode vmOrdered = ordered.putObject("verificationMaterial");
    vmOrdered.set("certificate", vm.get("certificate"));
    vmOrdered.set("tlogEntries", vm.get("tlogEntries"));
    if (vm.has("timestampVerificationData")) {
      vmOrdered.set("timestampVerificationData", vm.get("timestampVerificationData"));
    }
    ordered.set(inToto ? "dsseEnvelope" : "messageSignature", bundle.get(inToto ? "dsseEnvelope" : "messageSignature"));
    return ordered.toString();
  }

  /** A Rekor v1 entry as a bundle {@code TransparencyLogEntry}. */
  static ObjectNode tlogEntry(RekorEntry r) throws ServiceException {
    JsonNode e = r.entry();
    ObjectNode t = JSON.createObjectNode();
    t.put("logIndex", e.path("logIndex").asText());
    t.putObject("logId").put("keyId", b64(hex(e.path("logID").asText())));
    t.putObject("kindVersion").put("kind", r.kind()).put("version", r.version());
    t.put("integratedTime", e.path("integratedTime").asText());
    JsonNode v = e.path("verification");
    if (v.has("signedEntryTimestamp")) {
      t.putObject("inclusionPromise").put("signedEntryTimestamp", v.get("signedEntryTimestamp").asText());
    }
    JsonNode p = v.path("inclusionProof");
    if (p.isObject()) {
      ObjectNode ip = t.putObject("inclusionProof");
      ip.put("logIndex", p.path("logIndex").asText());
      ip.put("rootHash", b64(hex(p.path("rootHash").asText())));
      ip.put("treeSize", p.path("treeSize").asText());
      var hashes = ip.putArray("hashes");
      for (JsonNode h : p.path("hashes")) {
        hashes.add(b64(hex(h.asText())));
      }
      ip.putObject("checkpoint").put("envelope", p.path("checkpoint").asText());
    }
    t.put("canonicalizedBody", e.path("body").asText());
    return t;
  }

  private static byte[] hex(String s) throws ServiceException {
    try {
      return Hex.decode(s);
    } catch (IllegalArgumentException e) {
      throw new ServiceException("rekor", 201, "entry field is not hex: " + s, e);
    }
  }

  /**
   * The proof-of-possession challenge: the verified email if the token has one, else the
   * subject (what sigstore-js signs, and what Fulcio's principals name).
   */
  static String challenge(String token) {
    try {
      JWTClaimsSet c = JWTParser.parse(token).getJWTClaimsSet();
      Object email = c.getClaim("email");
      if (email instanceof String s && !s.isEmpty()) {
        return s;
      }
      if (c.getSubject() == null) {
        throw new IllegalArgumentException("identity token has no sub claim");
      }
      return c.getSubject();
    } catch (ParseException e) {
      throw new IllegalArgumentException("identity token is not a JWT: " + e.getMessage(), e);
    }
  }

  private static KeyPair ephemeralKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is mandatory in every JDK", e);
    }
  }

  private static byte[] sign(KeyPair kp, byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(kp.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with a fresh P-256 key cannot fail", e);
    }
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate re-encodes", e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
