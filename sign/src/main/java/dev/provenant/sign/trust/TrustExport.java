package dev.provenant.ca.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.ca.client.FulcioClient;
import dev.provenant.ca.client.RekorClient;
import dev.provenant.ca.client.ServiceException;
import dev.provenant.ca.client.TsaClient;
import dev.provenant.core.digest.Sha256;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Writes this instance's {@code trusted_root.json} (Sigstore trustroot v0.1) and {@code
 * signing_config.json} (v0.2) from what the running services publish, in the shapes the public
 * good instance uses, so sigstore-js, sigstore-java and Provenant accept them unchanged.
 */
public final class TrustExport {
  /** Trusted root media type. */
  public static final String TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
  /** Signing config media type. */
  public static final String SIGNING_CONFIG_MEDIA_TYPE = "application/vnd.dev.sigstore.signingconfig.v0.2+json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrustExport() {}

  /**
   * What an instance publishes.
   *
   * @param caUrl the Fulcio-compatible CA
   * @param caChain intermediate(s) then root
   * @param ctKey the CT log's DER SubjectPublicKeyInfo
   * @param logUrl the Rekor v1 log
   * @param logKey the log's DER SubjectPublicKeyInfo
   * @param logValidFrom start of the log key's validity window
   * @param tsaUrl the timestamp endpoint (full URL), or null
   * @param tsaChain the TSA chain leaf first (empty when no TSA)
   */
  public record Instance(
      String caUrl, List<X509Certificate> caChain, byte[] ctKey, String logUrl, byte[] logKey, Instant logValidFrom,
      String tsaUrl, List<X509Certificate> tsaChain) {
    /** Copies and checks. */
    public Instance {
      Objects.requireNonNull(caUrl);
      caChain = List.copyOf(caChain);
      ctKey = ctKey.clone();
      Objects.requireNonNull(logUrl);
      logKey = logKey.clone();
      Objects.requireNonNull(logValidFrom);
      tsaChain = List.copyOf(tsaChain);
      if (caChain.isEmpty()) {
        throw new IllegalArgumentException("empty CA chain");
      }
      if ((tsaUrl == null) != tsaChain.isEmpty()) {
        throw new IllegalArgumentException("TSA URL and chain go together");
      }
    }
  }

  /**
   * Asks the running services for their trust material.
   *
   * @param tsaUrl the TSA endpoint, or null for none
   * @param logValidFrom start of the log key's validity, or null for the CA root's notBefore
   * @throws ServiceException if a service is unreachable or answers malformed data
   */
  public static Instance fetch(String caUrl, String logUrl, String tsaUrl, Instant logValidFrom) throws ServiceException {
    FulcioClient ca = new FulcioClient(caUrl);
    List<X509Certificate> chain = ca.trustBundle().get(0);
    byte[] ct = ca.ctLogPublicKey();
    byte[] logKey = new RekorClient(logUrl).publicKey();
    List<X509Certificate> tsa = tsaUrl == null ? List.of() : new TsaClient(tsaUrl).certChain();
    Instant from = logValidFrom != null ? logValidFrom : chain.get(chain.size() - 1).getNotBefore().toInstant();
    return new Instance(trim(caUrl), chain, ct, trim(logUrl), logKey, from, tsaUrl, tsa);
  }

  /** The trusted root JSON. */
  public static String trustedRoot(Instance in) {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", TRUSTED_ROOT_MEDIA_TYPE);
    ArrayNode tlogs = root.putArray("tlogs");
    logEntry(tlogs.addObject(), in.logUrl(), in.logKey(), in.logValidFrom());

    X509Certificate caRoot = in.caChain().get(in.caChain().size() - 1);
    ObjectNode ca = root.putArray("certificateAuthorities").addObject();
    subject(ca.putObject("subject"), caRoot);
    ca.put("uri", in.caUrl());
    chain(ca.putObject("certChain").putArray("certificates"), in.caChain());
    ca.putObject("validFor").put("start", time(caRoot.getNotBefore().toInstant()));

    logEntry(root.putArray("ctlogs").addObject(), in.caUrl(), in.ctKey(), caRoot.getNotBefore().toInstant());

    ArrayNode tsas = root.putArray("timestampAuthorities");
    if (in.tsaUrl() != null) {
      X509Certificate tsaRoot = in.tsaChain().get(in.tsaChain().size() - 1);
      ObjectNode t = tsas.addObject();
      subject(t.putObject("subject"), tsaRoot);
      t.put("uri", in.tsaUrl());
      chain(t.putObject("certChain").putArray("certificates"), in.tsaChain());
      t.putObject("validFor").put("start", time(in.tsaChain().get(0).getNotBefore().toInstant()));
    }
    return write(root);
  }

  /** The signing config JSON (v0.2): this CA, this log (Rekor v1), this TSA. */
  public static String signingConfig(Instance in) {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", SIGNING_CONFIG_MEDIA_TYPE);
    X509Certificate caRoot = in.caChain().get(in.caChain().size() - 1);
    service(root.putArray("caUrls").addObject(), in.caUrl(), caRoot.getNotBefore().toInstant());
    root.putArray("oidcUrls");
    service(root.putArray("rekorTlogUrls").addObject(), in.logUrl(), in.logValidFrom());
    ArrayNode tsa = root.putArray("tsaUrls");
    if (in.tsaUrl() != null) {
      service(tsa.addObject(), in.tsaUrl(), in.tsaChain().get(0).getNotBefore().toInstant());
    }
    root.putObject("rekorTlogConfig").put("selector", "ANY");
    root.putObject("tsaConfig").put("selector", "ANY");
    return write(root);
  }

  private static void service(ObjectNode o, String url, Instant start) {
    o.put("url", url).put("majorApiVersion", 1);
    o.putObject("validFor").put("start", time(start));
    o.put("operator", "provenant");
  }

  private static void logEntry(ObjectNode o, String url, byte[] spki, Instant start) {
    o.put("baseUrl", url).put("hashAlgorithm", "SHA2_256");
    ObjectNode pk = o.putObject("publicKey");
    pk.put("rawBytes", Base64.getEncoder().encodeToString(spki));
    pk.put("keyDetails", keyDetails(spki));
    pk.putObject("validFor").put("start", time(start));
    // Rekor v1 and RFC 6962 log ids are SHA-256 of the DER SubjectPublicKeyInfo.
    o.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(Sha256.hash(spki)));
  }

  /** The protobuf-specs {@code PublicKeyDetails} name for a DER SubjectPublicKeyInfo. */
  static String keyDetails(byte[] spki) {
    PublicKey k = parse(spki);
    if (k instanceof ECPublicKey ec) {
      return switch (ec.getParams().getCurve().getField().getFieldSize()) {
        case 256 -> "PKIX_ECDSA_P256_SHA_256";
        case 384 -> "PKIX_ECDSA_P384_SHA_384";
        case 521 -> "PKIX_ECDSA_P521_SHA_512";
        default -> throw new IllegalArgumentException("unsupported EC curve");
      };
    }
    if (k instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      return bits <= 2048 ? "PKIX_RSA_PKCS1V15_2048_SHA256" : bits <= 3072 ? "PKIX_RSA_PKCS1V15_3072_SHA256" : "PKIX_RSA_PKCS1V15_4096_SHA256";
    }
    return "PKIX_ED25519";
  }

  private static PublicKey parse(byte[] spki) {
    for (String alg : List.of("EC", "Ed25519", "RSA")) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("unsupported public key");
  }

  private static void subject(ObjectNode o, X509Certificate c) {
    X500Name n = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
    o.put("organization", first(n, BCStyle.O));
    o.put("commonName", first(n, BCStyle.CN));
  }

  private static String first(X500Name n, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
    RDN[] r = n.getRDNs(oid);
    return r.length == 0 ? "" : IETFUtils.valueToString(r[0].getFirst().getValue());
  }

  private static void chain(ArrayNode a, List<X509Certificate> certs) {
    for (X509Certificate c : certs) {
      try {
        a.addObject().put("rawBytes", Base64.getEncoder().encodeToString(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate re-encodes", e);
      }
    }
  }

  private static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String write(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
