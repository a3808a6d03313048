package dev.provenant.core.trustroot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.x509.Certificates;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore trust root ({@code trusted_root.json}, protobuf-specs {@code
 * dev.sigstore.trustroot.v1.TrustedRoot}): Fulcio CAs, Rekor logs, CT logs and timestamp
 * authorities, each with the window in which it may be trusted.
 *
 * <p>SPEC: https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto —
 * every {@code validFor} has a required {@code start}; a trust root without one is rejected, not
 * read as "valid forever" (sigstore-conformance trust-root-tlog-missing-validity-start_fail).
 */
public final class TrustedRoot {
  /**
   * The writer's mapper, built on first use: reading a trust root needs only the streaming parser,
   * and a mapper built when this class loads cost every verification about 40 ms of start-up (400
   * Jackson classes; BENCHMARKS.md, cold start).
   */
  private static final class Writer {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /** Media types this code reads. */
  public static final List<String> MEDIA_TYPES =
      List.of(
          "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
          "application/vnd.dev.sigstore.trustedroot+json;version=0.2",
          "application/vnd.dev.sigstore.trustedroot.v0.1+json",
          "application/vnd.dev.sigstore.trustedroot.v0.2+json");

  private final String mediaType;
  private final List<TransparencyLog> tlogs;
  private final List<CertificateAuthority> certificateAuthorities;
  private final List<TransparencyLog> ctlogs;
  private final List<CertificateAuthority> timestampAuthorities;

  /** Creates a trust root from parts. */
  public TrustedRoot(
      String mediaType,
      List<TransparencyLog> tlogs,
      List<CertificateAuthority> certificateAuthorities,
      List<TransparencyLog> ctlogs,
      List<CertificateAuthority> timestampAuthorities) {
    this.mediaType = mediaType;
    this.tlogs = List.copyOf(tlogs);
    this.certificateAuthorities = List.copyOf(certificateAuthorities);
    this.ctlogs = List.copyOf(ctlogs);
    this.timestampAuthorities = List.copyOf(timestampAuthorities);
  }

  /** The media type as written. */
  public String mediaType() {
    return mediaType;
  }

  /** The transparency logs (Rekor v1 and v2). */
  public List<TransparencyLog> tlogs() {
    return tlogs;
  }

  /** The Fulcio certificate authorities. */
  public List<CertificateAuthority> certificateAuthorities() {
    return certificateAuthorities;
  }

  /** The certificate transparency logs. */
  public List<TransparencyLog> ctlogs() {
    return ctlogs;
  }

  /** The RFC 3161 timestamp authorities. */
  public List<CertificateAuthority> timestampAuthorities() {
    return timestampAuthorities;
  }

  /** The transparency log with this log id, if any. */
  public Optional<TransparencyLog> tlog(byte[] logId) {
    return find(tlogs, logId);
  }

  /** The CT log with this log id, if any. */
  public Optional<TransparencyLog> ctlog(byte[] logId) {
    return find(ctlogs, logId);
  }

  private static Optional<TransparencyLog> find(List<TransparencyLog> logs, byte[] id) {
    for (TransparencyLog l : logs) {
      if (java.security.MessageDigest.isEqual(l.logId(), id)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses trusted_root.json.
   *
   * @throws TrustRootFormatException if the media type is unknown, a required field (such as a
   *     validity start) is missing, or a certificate does not parse
   */
  public static TrustedRoot parse(byte[] json) throws TrustRootFormatException {
    try {
      ObjectNode root = ProtoJson.parseObject(json, "trustedRoot");
      String mt = ProtoJson.optString(root, "mediaType", "trustedRoot");
      if (mt == null || !MEDIA_TYPES.contains(mt)) {
        throw new TrustRootFormatException("trustedRoot.mediaType: unsupported " + mt);
      }
      List<TransparencyLog> tlogs = new ArrayList<>();
      List<JsonNode> tl = ProtoJson.array(root, "tlogs", "trustedRoot");
      for (int i = 0; i < tl.size(); i++) {
        tlogs.add(parseLog(tl.get(i), "trustedRoot.tlogs[" + i + "]"));
      }
      List<TransparencyLog> ctlogs = new ArrayList<>();
      List<JsonNode> cl = ProtoJson.array(root, "ctlogs", "trustedRoot");
      for (int i = 0; i < cl.size(); i++) {
        ctlogs.add(parseLog(cl.get(i), "trustedRoot.ctlogs[" + i + "]"));
      }
      List<CertificateAuthority> cas = new ArrayList<>();
      List<JsonNode> ca = ProtoJson.array(root, "certificateAuthorities", "trustedRoot");
      for (int i = 0; i < ca.size(); i++) {
        cas.add(parseAuthority(ca.get(i), "trustedRoot.certificateAuthorities[" + i + "]"));
      }
      List<CertificateAuthority> tsas = new ArrayList<>();
      List<JsonNode> ts = ProtoJson.array(root, "timestampAuthorities", "trustedRoot");
      for (int i = 0; i < ts.size(); i++) {
        tsas.add(parseAuthority(ts.get(i), "trustedRoot.timestampAuthorities[" + i + "]"));
      }
      return new TrustedRoot(mt, tlogs, cas, ctlogs, tsas);
    } catch (JsonFormatException e) {
      throw new TrustRootFormatException(e.getMessage());
    }
  }

  /** The media type {@link #toJson()} writes when a root is built from parts. */
  public static final String MEDIA_TYPE_V01 =
      "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

  /**
   * This root as trusted_root.json (protobuf JSON mapping, the shape the public-good root uses,
   * two-space indent, final newline); {@link #parse} reads it back to an equal root.
   */
  public String toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("mediaType", mediaType);
    ArrayNode a = root.putArray("tlogs");
    tlogs.forEach(l -> a.add(logJson(l)));
    ArrayNode c = root.putArray("certificateAuthorities");
    certificateAuthorities.forEach(x -> c.add(authorityJson(x)));
    ArrayNode ct = root.putArray("ctlogs");
    ctlogs.forEach(l -> ct.add(logJson(l)));
    ArrayNode t = root.putArray("timestampAuthorities");
    timestampAuthorities.forEach(x -> t.add(authorityJson(x)));
    return pretty(root);
  }

  /**
   * One {@code tlogs[]} / {@code ctlogs[]} element: baseUrl, hashAlgorithm, publicKey {rawBytes,
   * keyDetails, validFor}, logId {keyId}.
   */
  public static ObjectNode logJson(TransparencyLog log) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("baseUrl", log.baseUrl());
    o.put("hashAlgorithm", log.hashAlgorithm().name());
    ObjectNode pk = o.putObject("publicKey");
    pk.put("rawBytes", Base64.getEncoder().encodeToString(log.rawKey()));
    if (!log.keyDetails().isEmpty()) {
      pk.put("keyDetails", log.keyDetails());
    }
    writeRange(pk.putObject("validFor"), log.validFor());
    o.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(log.logId()));
    return o;
  }

  /** One {@code certificateAuthorities[]} / {@code timestampAuthorities[]} element. */
  public static ObjectNode authorityJson(CertificateAuthority ca) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.putObject("subject")
        .put("organization", ca.organization())
        .put("commonName", ca.commonName());
    o.put("uri", ca.uri());
    ArrayNode certs = o.putObject("certChain").putArray("certificates");
    for (X509Certificate x : ca.certChain()) {
      try {
        certs.addObject().put("rawBytes", Base64.getEncoder().encodeToString(x.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate re-encodes", e);
      }
    }
    writeRange(o.putObject("validFor"), ca.validFor());
    return o;
  }

  static void writeRange(ObjectNode o, TimeRange r) {
    o.put("start", r.start().toString());
    if (r.end() != null) {
      o.put("end", r.end().toString());
    }
  }

  static String pretty(ObjectNode n) {
    try {
      return Writer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static TimeRange parseRange(JsonNode parent, String p)
      throws JsonFormatException, TrustRootFormatException {
    JsonNode vf = ProtoJson.optObject(parent, "validFor", p);
    if (vf == null) {
      throw new TrustRootFormatException(p + ".validFor: missing");
    }
    Instant start = ProtoJson.optTimestamp(vf, "start", p + ".validFor");
    if (start == null) {
      throw new TrustRootFormatException(p + ".validFor.start: missing (required)");
    }
    Instant end = ProtoJson.optTimestamp(vf, "end", p + ".validFor");
    if (end != null && end.isBefore(start)) {
      throw new TrustRootFormatException(p + ".validFor: end before start");
    }
    return new TimeRange(start, end);
  }

  private static TransparencyLog parseLog(JsonNode n, String p)
      throws JsonFormatException, TrustRootFormatException {
    if (!n.isObject()) {
      throw new TrustRootFormatException(p + ": expected an object");
    }
    String baseUrl = ProtoJson.optString(n, "baseUrl", p);
    String ha = ProtoJson.optString(n, "hashAlgorithm", p);
    HashAlgorithm hash = ha == null ? HashAlgorithm.SHA2_256 : HashAlgorithm.fromName(ha);
    if (hash == null) {
      throw new TrustRootFormatException(p + ".hashAlgorithm: unsupported " + ha);
    }
    JsonNode pk = ProtoJson.object(n, "publicKey", p + "");
    byte[] raw = ProtoJson.optBytes(pk, "rawBytes", p + ".publicKey");
    String details = ProtoJson.optString(pk, "keyDetails", p + ".publicKey");
    TimeRange range = parseRange(pk, p + ".publicKey");
    JsonNode logIdNode = ProtoJson.optObject(n, "logId", p);
    byte[] logId = logIdNode == null ? null : ProtoJson.optBytes(logIdNode, "keyId", p + ".logId");
    if (raw == null) {
      raw = new byte[0];
    }
    if (logId == null) {
      // Rekor v1 and CT define the log id as SHA-256 of the DER public key.
      logId = Sha256.hash(raw);
    }
    return new TransparencyLog(baseUrl, hash, raw, details, parseKey(raw, details), range, logId);
  }

  /**
   * Parses a trust-root key: SPKI, or PKCS#1 RSAPublicKey for {@code PKCS1_*} details; null if
   * unsupported.
   */
  static @Nullable PublicKey parseKey(byte[] raw, @Nullable String details) {
    if (raw.length == 0) {
      return null;
    }
    try {
      return Certificates.publicKeyFromSpki(raw);
    } catch (InvalidKeySpecException | RuntimeException e) {
      if (details != null && details.startsWith("PKCS1_RSA")) {
        try {
          org.bouncycastle.asn1.pkcs.RSAPublicKey k =
              org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(raw);
          return KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
        } catch (Exception ex) {
          return null;
        }
      }
      return null;
    }
  }

  private static CertificateAuthority parseAuthority(JsonNode n, String p)
      throws JsonFormatException, TrustRootFormatException {
    if (!n.isObject()) {
      throw new TrustRootFormatException(p + ": expected an object");
    }
    JsonNode subject = ProtoJson.optObject(n, "subject", p);
    // absent names are "" (as CertificateAuthority would make them)
    String org =
        subject == null
            ? ""
            : Objects.requireNonNullElse(
                ProtoJson.optString(subject, "organization", p + ".subject"), "");
    String cn =
        subject == null
            ? ""
            : Objects.requireNonNullElse(
                ProtoJson.optString(subject, "commonName", p + ".subject"), "");
    String uri = Objects.requireNonNullElse(ProtoJson.optString(n, "uri", p), "");
    JsonNode chain = ProtoJson.object(n, "certChain", p);
    List<JsonNode> cs = ProtoJson.array(chain, "certificates", p + ".certChain");
    if (cs.isEmpty()) {
      throw new TrustRootFormatException(p + ".certChain.certificates: empty");
    }
    List<X509Certificate> certs = new ArrayList<>();
    for (int i = 0; i < cs.size(); i++) {
      String cp = p + ".certChain.certificates[" + i + "]";
      try {
        certs.add(Certificates.fromDer(ProtoJson.bytes(cs.get(i), "rawBytes", cp)));
      } catch (CertificateException e) {
        throw new TrustRootFormatException(cp + ": not an X.509 certificate: " + e.getMessage());
      }
    }
    return new CertificateAuthority(org, cn, uri, certs, parseRange(n, p));
  }
}
