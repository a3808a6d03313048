package dev.provenant.verify.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.bundle.MessageSignature;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.bundle.VerificationMaterial;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.fulcio.FulcioExtensions;
import dev.provenant.core.fulcio.FulcioIdentity;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.core.x509.CertificateExtensions;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies Sigstore bundles offline against one trust root, following the Sigstore client
 * specification (https://github.com/sigstore/architecture-docs, "Verification"): transparency log
 * inclusion (SET or inclusion proof with signed checkpoint; Rekor v2 entries need a TSA time), the
 * logged body against the bundle, observer timestamps, the certificate chain at each verified time,
 * embedded SCTs, the signature over the artifact or DSSE PAE, the artifact digest or the in-toto
 * subject, then the identity policy.
 *
 * <p>What is required follows the trust root, as the instance it describes can provide it: a log
 * entry from one of its transparency logs when it lists any, embedded SCTs when it lists CT logs.
 * An instance that publishes to neither (GitHub's for private repositories: its trusted root lists
 * only Fulcio CAs and timestamp authorities) is verified on an RFC 3161 timestamp from one of its
 * authorities instead; the checks that were not required are reported as such.
 *
 * <p>Built once from trust material; thread-safe; {@link #verify} returns the facts it checked.
 */
public final class SigstoreVerifier {
  private static final int TLOG_THRESHOLD = 1;
  private static final int SCT_THRESHOLD = 1;
  private static final int MAX_TLOG_ENTRIES = 32;
  private static final int MAX_TIMESTAMPS = 32;

  private final TrustedRoot root;
  private final CertificateChains chains;
  private final Tlogs tlogs;
  private final Timestamps timestamps;

  /** The trust root lists no transparency log: no log entry can be required. */
  private final boolean noLogs;

  /** The trust root lists no CT log: no SCT can be required. */
  private final boolean noCtLogs;

  private SigstoreVerifier(TrustedRoot root) {
    this.root = root;
    this.noLogs = root.tlogs().isEmpty();
    this.noCtLogs = root.ctlogs().isEmpty();
    TrustKeys keys = new TrustKeys(root);
    this.chains = new CertificateChains(root, keys);
    this.tlogs = new Tlogs(root, keys);
    this.timestamps = new Timestamps(root);
  }

  /** A verifier trusting exactly the authorities in {@code root}. */
  public static SigstoreVerifier create(TrustedRoot root) {
    return new SigstoreVerifier(Objects.requireNonNull(root, "root"));
  }

  /** The trust root this verifier uses. */
  public TrustedRoot trustedRoot() {
    return root;
  }

  /** Whether the trust root lists no transparency log, so that no log entry is required. */
  public boolean requiresNoLogEntry() {
    return noLogs;
  }

  /**
   * Verifies a bundle against an artifact and an identity policy.
   *
   * @throws VerificationException naming the first check that failed, with a {@link Reason}
   */
  public VerifiedBundle verify(Bundle bundle, ArtifactInput artifact, IdentityPolicy policy)
      throws VerificationException {
    return verify(bundle, artifact, policy, new ArrayList<>());
  }

  /**
   * As {@link #verify(Bundle, ArtifactInput, IdentityPolicy)}, appending each check that ran to
   * {@code checks} (also the ones before a failure), for reports.
   */
  public VerifiedBundle verify(
      Bundle bundle, ArtifactInput artifact, IdentityPolicy policy, List<Check> checks)
      throws VerificationException {
    try {
      return doVerify(bundle, artifact, policy, checks);
    } catch (VerificationException e) {
      checks.add(
          new Check(
              e.check(), false, e.expected(), e.actual(), e.reason() + ": " + e.getMessage()));
      throw e;
    }
  }

  /**
   * The verification steps in the client specification's order; each step names what it
   * establishes, and the first failure stops the run.
   */
  private VerifiedBundle doVerify(
      Bundle bundle, ArtifactInput artifact, IdentityPolicy policy, List<Check> checks)
      throws VerificationException {
    Signer signer = signer(bundle.verificationMaterial(), policy);
    LoggedContent content = loggedContent(bundle, signer);
    List<VerifiedTlogEntry> verifiedEntries =
        verifyTlogEntries(bundle, content, signer.leaf(), checks);
    List<VerifiedTimestamp> times = verifyObserverTimestamps(bundle, verifiedEntries, checks);
    FulcioIdentity identity =
        signer.keyless() ? verifyCertificate(signer.leaf(), times, checks) : null;
    String artifactHex = verifySignatureAndArtifact(bundle, signer.key(), artifact, checks);
    verifyIdentity(policy, identity, checks);
    return new VerifiedBundle(
        bundle,
        Optional.ofNullable(signer.leaf()),
        Optional.ofNullable(identity),
        bundle.dsseEnvelope(),
        artifactHex,
        times,
        verifiedEntries,
        checks);
  }

  /**
   * Who signed: the leaf certificate (keyless) or the policy's key.
   *
   * @param leaf the bundle's leaf certificate, or null when the bundle is signed with a key
   * @param key the key the signature must verify with
   */
  private record Signer(X509Certificate leaf, PublicKey key) {
    boolean keyless() {
      return leaf != null;
    }
  }

  /** Step 1: the signer, a certificate or a key; the policy must ask for the same kind. */
  private static Signer signer(VerificationMaterial vm, IdentityPolicy policy)
      throws VerificationException {
    X509Certificate leaf = vm.leafCertificate().orElse(null);
    if (leaf == null) {
      if (policy.kind() != IdentityPolicy.Kind.PUBLIC_KEY) {
        throw new VerificationException(
            "signer.kind",
            Reason.IDENTITY_MISMATCH,
            "the bundle is signed with a key, the policy requires a certificate identity",
            policy.describe(),
            "public key (hint " + vm.publicKeyHint().orElse("") + ")");
      }
      return new Signer(null, policy.key());
    }
    if (policy.kind() == IdentityPolicy.Kind.PUBLIC_KEY) {
      throw new VerificationException(
          "signer.kind",
          Reason.IDENTITY_MISMATCH,
          "the bundle is signed with a certificate, the policy requires a key",
          "public key",
          "certificate");
    }
    checkBundleChain(vm);
    return new Signer(leaf, leaf.getPublicKey());
  }

  /** What a log entry must record for this bundle: its signature (or envelope) and signer. */
  private static LoggedContent loggedContent(Bundle bundle, Signer signer)
      throws VerificationException {
    MessageSignature ms = bundle.messageSignature().orElse(null);
    DsseEnvelope env = bundle.dsseEnvelope().orElse(null);
    if (env != null && env.signatures().size() != 1) {
      throw new VerificationException(
          "dsse.signatures",
          Reason.DSSE_PAYLOAD_INVALID,
          "the envelope must carry exactly one signature",
          "1",
          String.valueOf(env.signatures().size()));
    }
    if (signer.keyless()) {
      return ms != null
          ? LoggedContent.messageSignature(ms, signer.leaf())
          : LoggedContent.dsse(env, signer.leaf());
    }
    return LoggedContent.withKey(ms, env, signer.key());
  }

  /**
   * Step 3: the observer timestamps, SET-backed integrated times (one per log) and RFC 3161 tokens
   * (one per authority); at least one is required.
   */
  private List<VerifiedTimestamp> verifyObserverTimestamps(
      Bundle bundle, List<VerifiedTlogEntry> verifiedEntries, List<Check> checks)
      throws VerificationException {
    List<VerifiedTimestamp> times = new ArrayList<>();
    Set<String> logsWithTime = new HashSet<>();
    for (VerifiedTlogEntry e : verifiedEntries) {
      if (e.verifiedIntegratedTime().isPresent() && logsWithTime.add(e.logIdHex())) {
        times.add(new VerifiedTimestamp("tlog", e.logUrl(), e.verifiedIntegratedTime().get()));
      }
    }
    List<byte[]> tsaTokens = bundle.verificationMaterial().rfc3161Timestamps();
    if (tsaTokens.size() > MAX_TIMESTAMPS) {
      throw new VerificationException(
          "timestamp.count",
          Reason.BUNDLE_MALFORMED,
          "too many timestamps",
          "<= " + MAX_TIMESTAMPS,
          String.valueOf(tsaTokens.size()));
    }
    byte[] signature = bundle.signatureBytes();
    Set<String> tsaSeen = new HashSet<>();
    for (byte[] token : tsaTokens) {
      Timestamps.Verified t = timestamps.verify(token, signature);
      if (!tsaSeen.add(t.authority())) {
        continue; // one time per authority
      }
      times.add(new VerifiedTimestamp("tsa", t.authority(), t.time()));
      checks.add(
          new Check(
              "timestamp.rfc3161", true, null, t.time().toString(), "signed by " + t.authority()));
    }
    if (times.isEmpty()) {
      throw new VerificationException(
          "timestamp.observer",
          Reason.NO_VERIFIED_TIME,
          noLogs
              ? "no verified signing time: the trusted root lists no transparency log, so an RFC 3161 timestamp from one of its authorities is required"
              : "no verified signing time: need a log entry with a signed entry timestamp or an RFC 3161 timestamp",
          ">= 1 verified timestamp",
          "0");
    }
    return times;
  }

  /**
   * Step 4: the certificate chains to a trusted CA at every verified time, then its SCTs; its
   * identity.
   */
  private FulcioIdentity verifyCertificate(
      X509Certificate leaf, List<VerifiedTimestamp> times, List<Check> checks)
      throws VerificationException {
    List<Instant> at = new ArrayList<>();
    for (VerifiedTimestamp t : times) {
      at.add(t.time());
    }
    CertificateExtensions exts = CertificateChains.extensions(leaf);
    List<X509Certificate> path = chains.verifyLeaf(leaf, exts, at);
    checks.add(
        new Check(
            "certificate.chain",
            true,
            null,
            leaf.getIssuerX500Principal().getName(),
            "chains to a trusted Fulcio CA at " + times.size() + " verified time(s)"));
    if (noCtLogs) {
      checks.add(
          new Check(
              "certificate.sct",
              true,
              "none required",
              "not checked",
              "not required: the trusted root lists no CT log"));
    } else {
      int scts = chains.verifyScts(path, exts, SCT_THRESHOLD);
      checks.add(
          new Check(
              "certificate.sct",
              true,
              ">= " + SCT_THRESHOLD,
              String.valueOf(scts),
              "embedded SCTs verified"));
    }
    try {
      return FulcioExtensions.read(leaf, exts);
    } catch (CertificateParsingException e) {
      throw new VerificationException(
          "certificate.extensions", Reason.CERTIFICATE_MALFORMED, e.getMessage());
    }
  }

  /**
   * Step 5: the signature over the artifact digest (message signature) or over the PAE, then the
   * artifact as an in-toto subject (DSSE).
   *
   * @return the artifact's sha256 hex ("" when only the envelope was verified)
   */
  private static String verifySignatureAndArtifact(
      Bundle bundle, PublicKey signerKey, ArtifactInput artifact, List<Check> checks)
      throws VerificationException {
    Optional<MessageSignature> ms = bundle.messageSignature();
    if (ms.isPresent()) {
      return verifyMessageSignature(ms.get(), signerKey, artifact, checks);
    }
    DsseEnvelope env = bundle.dsseEnvelope().orElseThrow();
    byte[] pae = env.pae();
    byte[] dsseSig = env.signatures().get(0).sig();
    // Like sigstore-go's compatibility verifier: P-384/P-521 keys may have signed with SHA-256.
    boolean dsseOk =
        Crypto.verify(signerKey, pae, dsseSig)
            || (signerKey instanceof java.security.interfaces.ECPublicKey
                && Crypto.defaultHash(signerKey) != HashAlgorithm.SHA2_256
                && Crypto.verify(signerKey, "SHA256withECDSA", pae, dsseSig));
    if (!dsseOk) {
      throw new VerificationException(
          "dsse.signature",
          Reason.SIGNATURE_INVALID,
          "the DSSE signature does not verify over the PAE");
    }
    checks.add(new Check("dsse.signature", true, null, null, "envelope signature verified"));
    return matchSubject(env, artifact, checks);
  }

  /**
   * Step 6: the identity policy (issuer and SAN of a keyless signer; a key signer matched in step
   * 1).
   */
  private static void verifyIdentity(
      IdentityPolicy policy, FulcioIdentity identity, List<Check> checks)
      throws VerificationException {
    if (identity == null) {
      checks.add(
          new Check("identity", true, "public key", "public key", "signed by the given key"));
      return;
    }
    if (!policy.issuerMatches(identity.issuer())) {
      throw new VerificationException(
          "identity.issuer",
          Reason.ISSUER_MISMATCH,
          "the certificate's OIDC issuer differs",
          policy.expectedIssuer(),
          identity.issuer());
    }
    if (!policy.sanMatches(identity.san())) {
      throw new VerificationException(
          "identity.san",
          Reason.IDENTITY_MISMATCH,
          "the certificate's identity differs",
          policy.expectedSan(),
          identity.san());
    }
    checks.add(
        new Check(
            "identity",
            true,
            policy.describe(),
            identity.san() + " from " + identity.issuer(),
            "identity policy satisfied"));
  }

  /** Rejects bundle chains that carry a root: the trust root, not the bundle, supplies anchors. */
  private static void checkBundleChain(VerificationMaterial vm) throws VerificationException {
    List<X509Certificate> certs = vm.certificates();
    for (int i = 1; i < certs.size(); i++) {
      X509Certificate c = certs.get(i);
      if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        throw new VerificationException(
            "certificate.bundle-chain",
            Reason.CERTIFICATE_CHAIN_INVALID,
            "the bundle's certificate chain contains a root certificate",
            "leaf and intermediates only",
            c.getSubjectX500Principal().getName());
      }
    }
  }

  private List<VerifiedTlogEntry> verifyTlogEntries(
      Bundle bundle, LoggedContent content, X509Certificate leaf, List<Check> checks)
      throws VerificationException {
    List<TlogEntry> entries = bundle.verificationMaterial().tlogEntries();
    if (noLogs) {
      // Nothing to check an entry against; the signing time must come from a timestamp authority.
      checks.add(
          new Check(
              "tlog.entries",
              true,
              "none required",
              String.valueOf(entries.size()),
              "not required: the trusted root lists no transparency log"));
      return List.of();
    }
    if (entries.isEmpty()) {
      throw new VerificationException(
          "tlog.entries",
          Reason.TLOG_ENTRY_NOT_FOUND,
          "the bundle has no transparency log entry",
          ">= " + TLOG_THRESHOLD,
          "0");
    }
    if (entries.size() > MAX_TLOG_ENTRIES) {
      throw new VerificationException(
          "tlog.entries",
          Reason.BUNDLE_MALFORMED,
          "too many log entries",
          "<= " + MAX_TLOG_ENTRIES,
          String.valueOf(entries.size()));
    }
    Set<String> seen = new HashSet<>();
    List<VerifiedTlogEntry> out = new ArrayList<>();
    Set<String> logs = new HashSet<>();
    for (TlogEntry e : entries) {
      if (!seen.add(e.logIdHex() + "/" + e.logIndex())) {
        throw new VerificationException(
            "tlog.entries", Reason.BUNDLE_MALFORMED, "duplicate log entry " + e.logIndex());
      }
      TransparencyLog log = tlogs.logFor(e);
      if (log == null) {
        checks.add(
            new Check(
                "tlog.key",
                false,
                "a log in the trusted root",
                e.logIdHex(),
                "entry from an unknown log skipped"));
        continue;
      }
      VerifiedTlogEntry v = tlogs.verifyEvidence(e, log, checks);
      Tlogs.matchBody(e, content);
      checks.add(
          new Check(
              "tlog.body",
              true,
              null,
              e.kind() + "/" + e.version(),
              "logged body matches the bundle"));
      if (leaf != null && e.integratedTime() > 0) {
        Instant it = Instant.ofEpochSecond(e.integratedTime());
        if (it.isBefore(leaf.getNotBefore().toInstant())
            || it.isAfter(leaf.getNotAfter().toInstant())) {
          throw new VerificationException(
              "tlog.integrated-time",
              Reason.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
              "the entry was integrated outside the certificate's validity",
              "[" + leaf.getNotBefore().toInstant() + ", " + leaf.getNotAfter().toInstant() + "]",
              it.toString());
        }
      }
      out.add(v);
      logs.add(e.logIdHex());
    }
    if (logs.size() < TLOG_THRESHOLD) {
      throw new VerificationException(
          "tlog.key",
          Reason.TLOG_KEY_UNKNOWN,
          "no log entry from a transparency log in the trusted root",
          "a log in the trusted root",
          entries.get(0).logIdHex());
    }
    return out;
  }

  private static String verifyMessageSignature(
      MessageSignature ms, PublicKey key, ArtifactInput artifact, List<Check> checks)
      throws VerificationException {
    HashAlgorithm alg = ms.digestAlgorithm();
    byte[] stated = ms.digest();
    byte[] actual;
    String sha256Hex;
    switch (artifact.kind()) {
      case NONE:
        throw new VerificationException(
            "artifact", Reason.USAGE, "a message signature needs the artifact or its digest");
      case SHA256:
        if (alg != HashAlgorithm.SHA2_256) {
          throw new VerificationException(
              "artifact.digest",
              Reason.ARTIFACT_DIGEST_MISMATCH,
              "the bundle states a " + alg + " digest, only a SHA-256 digest was given",
              alg.name(),
              "SHA2_256");
        }
        actual = artifact.bytes();
        sha256Hex = Hex.encode(actual);
        break;
      default:
        actual = digestOf(artifact, alg);
        sha256Hex =
            alg == HashAlgorithm.SHA2_256
                ? Hex.encode(actual)
                : Hex.encode(digestOf(artifact, HashAlgorithm.SHA2_256));
    }
    if (!MessageDigest.isEqual(stated, actual)) {
      throw new VerificationException(
          "artifact.digest",
          Reason.ARTIFACT_DIGEST_MISMATCH,
          "the artifact's digest differs from the one the bundle signs",
          Hex.encode(stated),
          Hex.encode(actual));
    }
    checks.add(
        new Check(
            "artifact.digest",
            true,
            Hex.encode(stated),
            Hex.encode(actual),
            alg + " of the artifact"));
    byte[] sig = ms.signature();
    boolean ok = Crypto.verifyPrehashed(key, alg, actual, sig);
    if (!ok && artifact.kind() != ArtifactInput.Kind.SHA256) {
      // Pure Ed25519 signs the message itself; some clients hash with the key's default hash.
      HashAlgorithm kh = Crypto.defaultHash(key);
      if (kh == null) {
        ok = Crypto.verify(key, "Ed25519", readAll(artifact), sig);
      } else if (kh != alg) {
        ok = Crypto.verifyPrehashed(key, kh, digestOf(artifact, kh), sig);
      }
    }
    if (!ok) {
      throw new VerificationException(
          "signature", Reason.SIGNATURE_INVALID, "the signature does not verify over the artifact");
    }
    checks.add(new Check("signature", true, null, null, "message signature verified"));
    return sha256Hex;
  }

  private static byte[] digestOf(ArtifactInput a, HashAlgorithm alg) throws VerificationException {
    if (a.kind() == ArtifactInput.Kind.BYTES) {
      return alg.newDigest().digest(a.bytes());
    }
    try {
      if (alg == HashAlgorithm.SHA2_256) {
        return a.fileSha256();
      }
      MessageDigest md = alg.newDigest();
      try (InputStream in = Files.newInputStream(a.file())) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      return md.digest();
    } catch (IOException e) {
      throw new VerificationException(
          "artifact", Reason.INPUT_UNREADABLE, "cannot read the artifact: " + e.getMessage());
    }
  }

  private static byte[] readAll(ArtifactInput a) throws VerificationException {
    if (a.kind() == ArtifactInput.Kind.BYTES) {
      return a.bytes().clone();
    }
    try {
      return Files.readAllBytes(a.file());
    } catch (IOException e) {
      throw new VerificationException(
          "artifact", Reason.INPUT_UNREADABLE, "cannot read the artifact: " + e.getMessage());
    }
  }

  /** For a DSSE bundle: the artifact's digest must be one of the in-toto statement's subjects. */
  private static String matchSubject(DsseEnvelope env, ArtifactInput artifact, List<Check> checks)
      throws VerificationException {
    if (artifact.kind() == ArtifactInput.Kind.NONE) {
      return "";
    }
    JsonNode stmt;
    try {
      stmt = ProtoJson.parseObject(env.payload(), "statement");
    } catch (dev.provenant.core.json.JsonFormatException e) {
      throw new VerificationException(
          "dsse.statement",
          Reason.DSSE_PAYLOAD_INVALID,
          "the envelope payload is not an in-toto statement: " + e.getMessage());
    }
    JsonNode subjects = stmt.get("subject");
    if (subjects == null || !subjects.isArray() || subjects.isEmpty()) {
      throw new VerificationException(
          "dsse.statement", Reason.DSSE_PAYLOAD_INVALID, "the statement has no subjects");
    }
    byte[] sha256 =
        artifact.kind() == ArtifactInput.Kind.SHA256
            ? artifact.bytes()
            : digestOf(artifact, HashAlgorithm.SHA2_256);
    String hex = Hex.encode(sha256);
    List<String> seen = new ArrayList<>();
    for (JsonNode s : subjects) {
      JsonNode d = s.get("digest");
      JsonNode v = d == null ? null : d.get("sha256");
      if (v != null && v.isTextual()) {
        seen.add(v.textValue());
        if (v.textValue().equalsIgnoreCase(hex)) {
          checks.add(
              new Check(
                  "dsse.subject",
                  true,
                  hex,
                  v.textValue(),
                  "artifact is a subject of the statement"));
          return hex;
        }
      }
    }
    throw new VerificationException(
        "dsse.subject",
        Reason.SUBJECT_DIGEST_MISMATCH,
        "the artifact is not a subject of the in-toto statement",
        hex,
        String.join(",", seen));
  }

  // ----------------------------------------------------------------- public building blocks

  /**
   * Verifies a signing certificate without a bundle (slsa-github-generator {@code .intoto.jsonl}
   * envelopes): chain to a trusted Fulcio CA valid at {@code at}, and embedded SCTs from trusted CT
   * logs.
   *
   * @return the path, leaf first, root last
   * @throws VerificationException {@code CERTIFICATE_*} or {@code SCT_*}
   */
  public List<X509Certificate> verifyLeafCertificate(X509Certificate leaf, Instant at)
      throws VerificationException {
    CertificateExtensions exts = CertificateChains.extensions(leaf);
    List<X509Certificate> path = chains.verifyLeaf(leaf, exts, List.of(at));
    if (!noCtLogs) {
      chains.verifyScts(path, exts, SCT_THRESHOLD);
    }
    return path;
  }

  /**
   * Verifies one log entry: log key by log id, SET, inclusion proof and checkpoint when present,
   * and, when {@code expected} is given, the logged body against it.
   *
   * @throws VerificationException {@code TLOG_KEY_UNKNOWN}, {@code TLOG_SET_INVALID}, {@code
   *     TLOG_INCLUSION_PROOF_INVALID}, {@code TLOG_CHECKPOINT_INVALID} or {@code
   *     TLOG_BODY_MISMATCH}
   */
  public VerifiedTlogEntry verifyTlogEntry(TlogEntry entry, Optional<LoggedContent> expected)
      throws VerificationException {
    TransparencyLog log = tlogs.logFor(entry);
    if (log == null) {
      throw new VerificationException(
          "tlog.key",
          Reason.TLOG_KEY_UNKNOWN,
          "the entry's log is not in the trusted root",
          "a log in the trusted root",
          entry.logIdHex());
    }
    VerifiedTlogEntry v = tlogs.verifyEvidence(entry, log, new ArrayList<>());
    if (expected.isPresent()) {
      Tlogs.matchBody(entry, expected.get());
    }
    return v;
  }

  /** The JCA provider ECDSA verification uses. */
  public static String ecdsaProvider() {
    return Crypto.ecProviderName();
  }
}
