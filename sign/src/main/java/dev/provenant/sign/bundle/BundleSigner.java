package dev.provenant.sign.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.dsse.Pae;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.trustroot.ServiceSelectionException;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.SigningConfig.Selection;
import dev.provenant.core.trustroot.SigningConfig.Service;
import dev.provenant.core.trustroot.TimeRange;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.fulcio.FulcioClient;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.sign.rekor.RekorClient;
import dev.provenant.sign.rekor.RekorEntry;
import dev.provenant.sign.tsa.TsaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Signs an artifact keylessly, as the Sigstore client spec describes: an ephemeral P-256 key, a
 * certificate for it from the CA (proof of possession over the token's email or subject), a
 * signature over the artifact (or a DSSE envelope over an in-toto statement), an RFC 3161 timestamp
 * from each selected TSA, and a Rekor v1 entry in each selected log; the result is a v0.3 bundle.
 *
 * <p>Which services: {@link SigningConfig#select} with the API versions this signer speaks (Fulcio
 * v2 REST, Rekor v1, RFC 3161 TSA: {@code majorApiVersion} 1 each).
 */
public final class BundleSigner {
  /** DSSE payload type of in-toto statements. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  /** The CA, log and TSA API versions this signer speaks. */
  public static final Set<Integer> SUPPORTED_API_VERSIONS = Set.of(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Selection services;
  private final HttpTransport http;
  private final StepObserver observer;

  /**
   * Told how long each step of a signing took: {@code certificate} (key and CA), {@code signing},
   * {@code timestamp} (every TSA), {@code logging} (every log). The provenance generator reports
   * them per build.
   */
  @FunctionalInterface
  public interface StepObserver {
    void step(String name, long nanos);
  }

  private BundleSigner(Selection services, HttpTransport http) {
    this(services, http, (name, nanos) -> {});
  }

  private BundleSigner(Selection services, HttpTransport http, StepObserver observer) {
    this.services = Objects.requireNonNull(services, "services");
    this.http = Objects.requireNonNull(http, "http");
    this.observer = Objects.requireNonNull(observer, "observer");
    for (Service s : services.tlogs()) {
      if (s.majorApiVersion() != 1) {
        throw new IllegalArgumentException(
            "log "
                + s.url()
                + ": expected Rekor v1 (majorApiVersion 1), got "
                + s.majorApiVersion());
      }
    }
  }

  /**
   * A signer using the services {@code config} names for {@code now}, over the process-wide
   * transport.
   *
   * @throws ServiceSelectionException if the config names no usable CA or Rekor v1 log
   */
  public static BundleSigner create(SigningConfig config, Instant now)
      throws ServiceSelectionException {
    return new BundleSigner(
        config.select(now, SUPPORTED_API_VERSIONS, SUPPORTED_API_VERSIONS, SUPPORTED_API_VERSIONS),
        HttpTransport.defaults());
  }

  /**
   * A signer using already selected services over {@code http}.
   *
   * @throws IllegalArgumentException if a selected log is not Rekor v1
   */
  public static BundleSigner create(Selection services, HttpTransport http) {
    return new BundleSigner(services, http);
  }

  /**
   * A signer for one CA and one Rekor v1 log (and a TSA, or null), over the process-wide transport.
   */
  public static BundleSigner create(String caUrl, String rekorUrl, String tsaUrl) {
    TimeRange always = new TimeRange(Instant.EPOCH, null);
    return new BundleSigner(
        new Selection(
            new Service(caUrl, 1, always, ""),
            List.of(new Service(rekorUrl, 1, always, "")),
            tsaUrl == null ? List.of() : List.of(new Service(tsaUrl, 1, always, ""))),
        HttpTransport.defaults());
  }

  /** The same signer, reporting each step's duration to {@code observer}. */
  public BundleSigner observing(StepObserver observer) {
    return new BundleSigner(services, http, observer);
  }

  /** The services this signer uses. */
  public Selection services() {
    return services;
  }

  /**
   * Signs {@code artifact} and returns the bundle JSON.
   *
   * @param token the OIDC identity token for the CA
   * @param inToto whether {@code artifact} is an in-toto statement to wrap in a DSSE envelope
   * @throws ServiceException if a service refuses, is unreachable or answers malformed data
   * @throws IllegalArgumentException if the token is not a JWT with an email or subject
   */
  public String sign(String token, byte[] artifact, boolean inToto) throws ServiceException {
    return inToto ? signDsse(token, IN_TOTO, artifact) : signBlob(token, artifact);
  }

  /**
   * Signs {@code payload} as a DSSE envelope of {@code payloadType} (PAE over the bytes), logs a
   * {@code dsse} 0.0.1 entry, and returns the v0.3 bundle JSON ({@code dsseEnvelope} content).
   *
   * @throws ServiceException if a service refuses, is unreachable or answers malformed data
   * @throws IllegalArgumentException if the token is not a JWT with an email or subject
   */
  public String signDsse(String token, String payloadType, byte[] payload) throws ServiceException {
    return sign(token, payload, Objects.requireNonNull(payloadType, "payloadType"), true);
  }

  /**
   * Signs {@code artifact} itself (ECDSA over its bytes), logs a {@code hashedrekord} 0.0.1 entry,
   * and returns the v0.3 bundle JSON ({@code messageSignature} content).
   *
   * @throws ServiceException if a service refuses, is unreachable or answers malformed data
   * @throws IllegalArgumentException if the token is not a JWT with an email or subject
   */
  public String signBlob(String token, byte[] artifact) throws ServiceException {
    return sign(token, artifact, null, false);
  }

  private String sign(String token, byte[] artifact, String payloadType, boolean dsse)
      throws ServiceException {
    long t0 = System.nanoTime();
    KeyPair kp = ephemeralKey();
    String challenge = challenge(token);
    List<X509Certificate> chain =
        FulcioClient.create(services.ca().url(), http)
            .signingCert(
                token, kp.getPublic(), sign(kp, challenge.getBytes(StandardCharsets.UTF_8)));
    X509Certificate leaf = chain.get(0);
    if (!leaf.getPublicKey().equals(kp.getPublic())) {
      throw new ServiceException(
          "fulcio", 201, "certificate does not certify the requested key", null);
    }
    t0 = observed("certificate", t0);
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ObjectNode vm = bundle.putObject("verificationMaterial");
    vm.putObject("certificate").put("rawBytes", b64(der(leaf)));

    byte[] signature;
    byte[] digest = null;
    ObjectNode env = null;
    if (dsse) {
      signature = sign(kp, Pae.encode(payloadType, artifact));
      env = JSON.createObjectNode();
      env.put("payload", b64(artifact)).put("payloadType", payloadType);
      env.putArray("signatures").addObject().put("sig", b64(signature)).put("keyid", "");
      bundle.set("dsseEnvelope", env);
    } else {
      digest = Sha256.hash(artifact);
      signature = sign(kp, artifact);
      ObjectNode ms = bundle.putObject("messageSignature");
      ms.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", b64(digest));
      ms.put("signature", b64(signature));
    }
    t0 = observed("signing", t0);
    if (!services.tsas().isEmpty()) {
      ArrayNode stamps = vm.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
      for (Service tsa : services.tsas()) {
        stamps
            .addObject()
            .put("signedTimestamp", b64(TsaClient.create(tsa.url(), http).timestamp(signature)));
      }
      t0 = observed("timestamp", t0);
    }
    List<RekorEntry> entries = new ArrayList<>();
    for (Service log : services.tlogs()) {
      RekorClient rekor = RekorClient.create(log.url(), http);
      entries.add(
          dsse ? rekor.dsse(env.toString(), leaf) : rekor.hashedRekord(digest, signature, leaf));
    }
    observed("logging", t0);
    ArrayNode tlogs = vm.putArray("tlogEntries");
    for (RekorEntry entry : entries) {
      tlogs.add(tlogEntry(entry));
    }
    // Field order as the protobuf JSON mapping emits it: mediaType, verificationMaterial, content.
    ObjectNode ordered = JSON.createObjectNode();
    ordered.set("mediaType", bundle.get("mediaType"));
    ObjectNode vmOrdered = ordered.putObject("verificationMaterial");
    vmOrdered.set("certificate", vm.get("certificate"));
    vmOrdered.set("tlogEntries", vm.get("tlogEntries"));
    if (vm.has("timestampVerificationData")) {
      vmOrdered.set("timestampVerificationData", vm.get("timestampVerificationData"));
    }
    ordered.set(
        dsse ? "dsseEnvelope" : "messageSignature",
        bundle.get(dsse ? "dsseEnvelope" : "messageSignature"));
    return ordered.toString();
  }

  private long observed(String step, long since) {
    long now = System.nanoTime();
    observer.step(step, now - since);
    return now;
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
      t.putObject("inclusionPromise")
          .put("signedEntryTimestamp", v.get("signedEntryTimestamp").asText());
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
   * The proof-of-possession challenge: the verified email if the token has one, else the subject
   * (what sigstore-js signs, and what Fulcio's principals name).
   */
  static String challenge(String token) {
    // Only the claims are read here; the CA verifies the token's signature.
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "identity token is not a JWT: expected 3 dot-separated parts, got " + parts.length);
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "identity token is not a JWT: claims are not base64url JSON", e);
    }
    if (claims == null || !claims.isObject()) {
      throw new IllegalArgumentException(
          "identity token is not a JWT: claims are not a JSON object");
    }
    JsonNode email = claims.get("email");
    if (email != null && email.isTextual() && !email.asText().isEmpty()) {
      return email.asText();
    }
    JsonNode sub = claims.get("sub");
    if (sub == null || !sub.isTextual() || sub.asText().isEmpty()) {
      throw new IllegalArgumentException("identity token has no sub claim");
    }
    return sub.asText();
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
