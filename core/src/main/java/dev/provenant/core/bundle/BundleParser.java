package dev.provenant.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.x509.Certificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link Bundle} from its protobuf-JSON form, v0.1 to v0.3.
 *
 * <p>SPEC: https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto
 *
 * <p>Checks the shape and the per-version rules the client specification states (v0.1 needs an
 * inclusion promise, v0.2+ an inclusion proof, v0.3 no certificate chain). It does not check any
 * signature.
 */
public final class BundleParser {
  static final String MEDIA_TYPE_BASE = "application/vnd.dev.sigstore.bundle";
  private static final Pattern NEW_STYLE =
      Pattern.compile(Pattern.quote(MEDIA_TYPE_BASE) + "\\.v(\\d+)\\.(\\d+)(?:\\.(\\d+))?\\+json");

  private BundleParser() {}

  /**
   * Maps a media type to its bundle version.
   *
   * @throws BundleFormatException with {@code unsupportedVersion()} true for unknown versions
   */
  public static BundleVersion versionOf(String mediaType) throws BundleFormatException {
    switch (mediaType) {
      case MEDIA_TYPE_BASE + "+json;version=0.1":
        return BundleVersion.V0_1;
      case MEDIA_TYPE_BASE + "+json;version=0.2":
        return BundleVersion.V0_2;
      case MEDIA_TYPE_BASE + "+json;version=0.3":
      case MEDIA_TYPE_BASE + ".v0.3+json": // the common new-style spellings, without a regex
        return BundleVersion.V0_3;
      case MEDIA_TYPE_BASE + ".v0.2+json":
        return BundleVersion.V0_2;
      case MEDIA_TYPE_BASE + ".v0.1+json":
        return BundleVersion.V0_1;
      default:
        break;
    }
    Matcher m = NEW_STYLE.matcher(mediaType);
    if (m.matches() && m.group(1).equals("0")) {
      switch (m.group(2)) {
        case "1":
          return BundleVersion.V0_1;
        case "2":
          return BundleVersion.V0_2;
        case "3":
          return BundleVersion.V0_3;
        default:
          break;
      }
    }
    throw new BundleFormatException("unsupported bundle media type " + abbreviate(mediaType), true);
  }

  /**
   * Parses a bundle's JSON.
   *
   * @throws BundleFormatException if the JSON is malformed, a field has the wrong type or encoding,
   *     a certificate does not parse, a per-version rule is broken, or the version is unsupported
   */
  public static Bundle parse(byte[] json) throws BundleFormatException {
    try {
      return parseTree(ProtoJson.parseObject(json, "bundle"));
    } catch (JsonFormatException e) {
      throw new BundleFormatException(e.getMessage());
    }
  }

  private static Bundle parseTree(ObjectNode root)
      throws JsonFormatException, BundleFormatException {
    String mediaType = ProtoJson.optString(root, "mediaType", "bundle");
    if (mediaType == null) {
      throw new BundleFormatException("bundle.mediaType: missing");
    }
    BundleVersion version = versionOf(mediaType);
    JsonNode vm = ProtoJson.field(root, "verificationMaterial");
    if (vm == null || !vm.isObject()) {
      throw new BundleFormatException("bundle.verificationMaterial: missing");
    }
    VerificationMaterial material = parseMaterial(vm);

    JsonNode ms = ProtoJson.optObject(root, "messageSignature", "bundle");
    JsonNode env = ProtoJson.optObject(root, "dsseEnvelope", "bundle");
    if ((ms == null) == (env == null)) {
      throw new BundleFormatException(
          "bundle: content must be exactly one of messageSignature and dsseEnvelope");
    }
    MessageSignature messageSignature = ms == null ? null : parseMessageSignature(ms);
    DsseEnvelope envelope = env == null ? null : parseEnvelope(env, "bundle.dsseEnvelope");

    checkVersionRules(version, material);
    return new Bundle(mediaType, version, material, messageSignature, envelope);
  }

  private static void checkVersionRules(BundleVersion version, VerificationMaterial material)
      throws BundleFormatException {
    List<TlogEntry> entries = material.tlogEntries();
    if (version == BundleVersion.V0_1) {
      // Client spec: a v0.1 bundle's tlog entries MUST carry an inclusion promise.
      if (!entries.isEmpty() && !anyHasPromise(entries)) {
        throw new BundleFormatException("bundle v0.1: tlog entry without inclusion promise (SET)");
      }
    } else {
      // From v0.2 on the inclusion proof is required; the promise becomes optional.
      if (!entries.isEmpty() && !anyHasProof(entries)) {
        throw new BundleFormatException(
            "bundle "
                + version.label()
                + ": tlog entry without inclusion proof (required from v0.2)");
      }
    }
    if (version == BundleVersion.V0_3
        && material.kind() == VerificationMaterial.Kind.CERTIFICATE_CHAIN) {
      throw new BundleFormatException(
          "bundle v0.3: verificationMaterial must be a single certificate, not x509CertificateChain");
    }
  }

  // Plain loops rather than streams: this runs for every bundle, and a stream pipeline here made
  // the JIT recompile shared stream code in long verification runs (bench/verify-throughput).
  private static boolean anyHasPromise(List<TlogEntry> entries) {
    for (TlogEntry e : entries) {
      if (e.signedEntryTimestamp().isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyHasProof(List<TlogEntry> entries) {
    for (TlogEntry e : entries) {
      if (e.inclusionProof().isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static VerificationMaterial parseMaterial(JsonNode vm)
      throws JsonFormatException, BundleFormatException {
    String p = "bundle.verificationMaterial";
    JsonNode chain = ProtoJson.optObject(vm, "x509CertificateChain", p);
    JsonNode cert = ProtoJson.optObject(vm, "certificate", p);
    JsonNode pk = ProtoJson.optObject(vm, "publicKey", p);
    int n = (chain != null ? 1 : 0) + (cert != null ? 1 : 0) + (pk != null ? 1 : 0);
    if (n != 1) {
      throw new BundleFormatException(
          p
              + ": content must be exactly one of x509CertificateChain, certificate, publicKey (found "
              + n
              + ")");
    }
    VerificationMaterial.Kind kind;
    List<X509Certificate> certs = new ArrayList<>();
    String hint = null;
    if (chain != null) {
      kind = VerificationMaterial.Kind.CERTIFICATE_CHAIN;
      List<JsonNode> list = ProtoJson.array(chain, "certificates", p + ".x509CertificateChain");
      if (list.isEmpty()) {
        throw new BundleFormatException(p + ".x509CertificateChain.certificates: empty");
      }
      for (int i = 0; i < list.size(); i++) {
        certs.add(parseCert(list.get(i), p + ".x509CertificateChain.certificates[" + i + "]"));
      }
    } else if (cert != null) {
      kind = VerificationMaterial.Kind.CERTIFICATE;
      certs.add(parseCert(cert, p + ".certificate"));
    } else {
      kind = VerificationMaterial.Kind.PUBLIC_KEY;
      // exactly one of the three is present (counted above)
      String h = ProtoJson.optString(Objects.requireNonNull(pk), "hint", p + ".publicKey");
      hint = h == null ? "" : h;
    }

    List<TlogEntry> entries = new ArrayList<>();
    List<JsonNode> tl = ProtoJson.array(vm, "tlogEntries", p);
    for (int i = 0; i < tl.size(); i++) {
      entries.add(parseTlogEntry(tl.get(i), p + ".tlogEntries[" + i + "]"));
    }
    List<byte[]> timestamps = new ArrayList<>();
    JsonNode tvd = ProtoJson.optObject(vm, "timestampVerificationData", p);
    if (tvd != null) {
      List<JsonNode> ts =
          ProtoJson.array(tvd, "rfc3161Timestamps", p + ".timestampVerificationData");
      for (int i = 0; i < ts.size(); i++) {
        String tp = p + ".timestampVerificationData.rfc3161Timestamps[" + i + "]";
        if (!ts.get(i).isObject()) {
          throw new BundleFormatException(tp + ": expected an object");
        }
        timestamps.add(ProtoJson.bytes(ts.get(i), "signedTimestamp", tp));
      }
    }
    return new VerificationMaterial(kind, certs, hint, entries, timestamps);
  }

  private static X509Certificate parseCert(JsonNode node, String path)
      throws JsonFormatException, BundleFormatException {
    if (!node.isObject()) {
      throw new BundleFormatException(path + ": expected an object");
    }
    byte[] der = ProtoJson.bytes(node, "rawBytes", path);
    try {
      return Certificates.fromDer(der);
    } catch (CertificateException | RuntimeException e) {
      throw new BundleFormatException(
          path + ".rawBytes: not an X.509 certificate: " + e.getMessage());
    }
  }

  /**
   * Parses one {@code TransparencyLogEntry} object (also used for Rekor responses converted to
   * bundle form).
   *
   * @throws BundleFormatException if a required field is missing or malformed
   */
  public static TlogEntry parseTlogEntry(JsonNode e, String p) throws BundleFormatException {
    try {
      if (!e.isObject()) {
        throw new BundleFormatException(p + ": expected an object");
      }
      long logIndex = ProtoJson.int64(e, "logIndex", p, 0);
      if (logIndex < 0) {
        throw new BundleFormatException(p + ".logIndex: negative (" + logIndex + ")");
      }
      JsonNode logId = ProtoJson.object(e, "logId", p);
      byte[] keyId = ProtoJson.bytes(logId, "keyId", p + ".logId");
      JsonNode kv = ProtoJson.object(e, "kindVersion", p);
      String kind = ProtoJson.string(kv, "kind", p + ".kindVersion");
      String version = ProtoJson.string(kv, "version", p + ".kindVersion");
      long integratedTime = ProtoJson.int64(e, "integratedTime", p, 0);
      if (integratedTime < 0) {
        throw new BundleFormatException(p + ".integratedTime: negative (" + integratedTime + ")");
      }
      byte[] set = null;
      JsonNode promise = ProtoJson.optObject(e, "inclusionPromise", p);
      if (promise != null) {
        set = ProtoJson.bytes(promise, "signedEntryTimestamp", p + ".inclusionPromise");
        if (set.length == 0) {
          set = null;
        }
      }
      InclusionProof proof = null;
      JsonNode ip = ProtoJson.optObject(e, "inclusionProof", p);
      if (ip != null) {
        String pp = p + ".inclusionProof";
        long idx = ProtoJson.int64(ip, "logIndex", pp, 0);
        long size = ProtoJson.int64(ip, "treeSize", pp, 0);
        if (idx < 0 || size < 0) {
          throw new BundleFormatException(pp + ": negative logIndex or treeSize");
        }
        byte[] root = ProtoJson.bytes(ip, "rootHash", pp);
        List<byte[]> hashes = new ArrayList<>();
        List<JsonNode> hs = ProtoJson.array(ip, "hashes", pp);
        for (int i = 0; i < hs.size(); i++) {
          if (!hs.get(i).isTextual()) {
            throw new BundleFormatException(pp + ".hashes[" + i + "]: expected a string");
          }
          hashes.add(ProtoJson.decodeBase64(hs.get(i).textValue(), pp + ".hashes[" + i + "]"));
        }
        JsonNode cp = ProtoJson.optObject(ip, "checkpoint", pp);
        String envelope =
            cp == null ? null : ProtoJson.optString(cp, "envelope", pp + ".checkpoint");
        if (envelope == null || envelope.isEmpty()) {
          throw new BundleFormatException(
              pp + ".checkpoint: missing (required with an inclusion proof)");
        }
        proof = new InclusionProof(idx, root, size, hashes, envelope);
      }
      byte[] body = ProtoJson.bytes(e, "canonicalizedBody", p);
      return new TlogEntry(logIndex, keyId, kind, version, integratedTime, set, proof, body);
    } catch (JsonFormatException ex) {
      throw new BundleFormatException(ex.getMessage());
    }
  }

  private static MessageSignature parseMessageSignature(JsonNode ms)
      throws JsonFormatException, BundleFormatException {
    String p = "bundle.messageSignature";
    JsonNode md = ProtoJson.optObject(ms, "messageDigest", p);
    if (md == null) {
      throw new BundleFormatException(p + ".messageDigest: missing");
    }
    String alg = ProtoJson.optString(md, "algorithm", p + ".messageDigest");
    HashAlgorithm algorithm = alg == null ? null : HashAlgorithm.fromName(alg);
    if (algorithm == null) {
      throw new BundleFormatException(p + ".messageDigest.algorithm: unsupported " + alg);
    }
    byte[] digest = ProtoJson.bytes(md, "digest", p + ".messageDigest");
    if (digest.length != algorithm.length()) {
      throw new BundleFormatException(
          p
              + ".messageDigest.digest: "
              + digest.length
              + " bytes, "
              + algorithm
              + " needs "
              + algorithm.length());
    }
    byte[] sig = ProtoJson.bytes(ms, "signature", p);
    if (sig.length == 0) {
      throw new BundleFormatException(p + ".signature: empty");
    }
    return new MessageSignature(algorithm, digest, sig);
  }

  /**
   * Parses a DSSE envelope object ({@code payload}, {@code payloadType}, {@code signatures[]}) in
   * either the bundle's protobuf-JSON or the DSSE JSON spelling.
   *
   * @throws BundleFormatException if a field is missing or not base64
   */
  public static DsseEnvelope parseEnvelope(JsonNode env, String p) throws BundleFormatException {
    try {
      byte[] payload = ProtoJson.bytes(env, "payload", p);
      String type = ProtoJson.string(env, "payloadType", p);
      List<DsseEnvelope.Signature> sigs = new ArrayList<>();
      List<JsonNode> ss = ProtoJson.array(env, "signatures", p);
      for (int i = 0; i < ss.size(); i++) {
        String sp = p + ".signatures[" + i + "]";
        if (!ss.get(i).isObject()) {
          throw new BundleFormatException(sp + ": expected an object");
        }
        byte[] sig = ProtoJson.bytes(ss.get(i), "sig", sp);
        String keyid = ProtoJson.optString(ss.get(i), "keyid", sp);
        String cert = ProtoJson.optString(ss.get(i), "cert", sp);
        sigs.add(new DsseEnvelope.Signature(keyid == null ? "" : keyid, sig, cert));
      }
      return DsseEnvelope.of(type, payload, sigs);
    } catch (JsonFormatException ex) {
      throw new BundleFormatException(ex.getMessage());
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
