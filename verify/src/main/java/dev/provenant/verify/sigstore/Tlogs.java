package dev.provenant.verify.sigstore;

import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.bundle.InclusionProof;
import dev.provenant.core.bundle.MessageSignature;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.InclusionProofs;
import dev.provenant.core.merkle.MerkleProofException;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.note.Checkpoint;
import dev.provenant.core.note.KeyHints;
import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteVerifier;
import dev.provenant.core.note.NoteVerifiers;
import dev.provenant.core.rekor.EntryBodies;
import dev.provenant.core.rekor.EntryBody;
import dev.provenant.core.rekor.LoggedSignature;
import dev.provenant.core.rekor.RekorFormatException;
import dev.provenant.core.rekor.SignedEntryTimestamps;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Transparency log entry verification: the log key by log id, the signed entry timestamp, the
 * inclusion proof with its signed checkpoint, and the logged body against the bundle content.
 */
final class Tlogs {

  private final TrustedRoot root;
  private final TrustKeys keys;
  private final ConcurrentHashMap<String, List<NoteVerifier>> noteVerifiers =
      new ConcurrentHashMap<>();

  Tlogs(TrustedRoot root, TrustKeys keys) {
    this.root = root;
    this.keys = keys;
  }

  /** The trust root's log for this entry, or null. */
  TransparencyLog logFor(TlogEntry e) {
    return root.tlog(e.logId()).orElse(null);
  }

  static boolean isRekorV2(TlogEntry e) {
    return "0.0.2".equals(e.version()) && !"intoto".equals(e.kind());
  }

  /**
   * Verifies an entry's log evidence (SET and/or inclusion proof with checkpoint), not its body.
   *
   * @throws VerificationException with the TLOG_* reason of the failing check
   */
  VerifiedTlogEntry verifyEvidence(TlogEntry e, TransparencyLog log, List<Check> checks)
      throws VerificationException {
    if (log.publicKey().isEmpty()) {
      throw new VerificationException(
          "tlog.key",
          Reason.TRUST_ROOT_MALFORMED,
          "the trusted root's key for log " + log.baseUrl() + " is unusable",
          log.keyDetails(),
          null);
    }
    PublicKey key = keys.of(log);
    boolean hasSet = e.signedEntryTimestamp().isPresent();
    boolean hasProof = e.inclusionProof().isPresent();
    if (!hasSet && !hasProof) {
      throw new VerificationException(
          "tlog.evidence",
          Reason.TLOG_ENTRY_INVALID,
          "entry has neither an inclusion promise nor an inclusion proof");
    }
    boolean v2 = isRekorV2(e);
    if (v2 && !hasProof) {
      throw new VerificationException(
          "tlog.evidence",
          Reason.TLOG_INCLUSION_PROOF_INVALID,
          "a Rekor v2 entry must carry an inclusion proof");
    }
    if (hasSet) {
      Instant it = Instant.ofEpochSecond(e.integratedTime());
      if (e.integratedTime() == 0) {
        throw new VerificationException(
            "tlog.set", Reason.TLOG_SET_INVALID, "an inclusion promise without an integrated time");
      }
      if (!log.validFor().contains(it)) {
        throw new VerificationException(
            "tlog.set",
            Reason.TLOG_SET_INVALID,
            "the log key is not valid at the integrated time",
            log.validFor().toString(),
            it.toString());
      }
      byte[] payload =
          SignedEntryTimestamps.signedPayload(
              e.canonicalizedBody(), e.integratedTime(), e.logId(), e.logIndex());
      if (!Crypto.verify(key, "SHA256withECDSA", payload, e.signedEntryTimestamp().get())) {
        throw new VerificationException(
            "tlog.set",
            Reason.TLOG_SET_INVALID,
            "the signed entry timestamp does not verify with the log key " + log.logIdHex());
      }
      checks.add(
          new Check(
              "tlog.set", true, null, null, "signed entry timestamp verified by " + log.baseUrl()));
    }
    if (hasProof) {
      InclusionProof p = e.inclusionProof().get();
      // Rekor v2 has no SET: the entry's logIndex is authenticated only through the proof, so it
      // must be the proof's (else a reported "verified" log index could be anything).
      if (v2 && e.logIndex() != p.logIndex()) {
        throw new VerificationException(
            "tlog.entry",
            Reason.TLOG_ENTRY_INVALID,
            "the entry's log index differs from its inclusion proof's",
            String.valueOf(p.logIndex()),
            String.valueOf(e.logIndex()));
      }
      byte[] leaf = Rfc6962.leafHash(e.canonicalizedBody());
      try {
        InclusionProofs.verify(p.logIndex(), p.treeSize(), leaf, p.hashes(), p.rootHash());
      } catch (MerkleProofException ex) {
        throw new VerificationException(
            "tlog.inclusion-proof",
            Reason.TLOG_INCLUSION_PROOF_INVALID,
            "inclusion proof does not verify: " + ex.reason(),
            ex.expectedHex(),
            ex.calculatedHex());
      }
      checks.add(
          new Check(
              "tlog.inclusion-proof",
              true,
              null,
              Hex.encode(p.rootHash()),
              "index " + p.logIndex() + " in tree of " + p.treeSize()));
      verifyCheckpoint(p, log, v2);
      checks.add(
          new Check("tlog.checkpoint", true, null, null, "checkpoint signed by " + log.baseUrl()));
    }
    return new VerifiedTlogEntry(
        e.logIndex(),
        e.logIdHex(),
        log.baseUrl(),
        e.kind() + "/" + e.version(),
        e.integratedTime(),
        hasSet,
        hasProof);
  }

  private void verifyCheckpoint(InclusionProof p, TransparencyLog log, boolean v2)
      throws VerificationException {
    String text = p.checkpoint();
    String firstLine = text.indexOf('\n') < 0 ? text : text.substring(0, text.indexOf('\n'));
    boolean v1Origin = isV1Origin(firstLine);
    // Rekor v1 names its checkpoint key by host and origin line varies per shard; Rekor v2's
    // origin is the log's host name (rekor-tiles) and the Ed25519 key ID binds that name.
    String origin = v1Origin ? null : log.host();
    Checkpoint cp;
    try {
      cp = Checkpoint.openSigned(text, noteVerifiers(log, origin), origin);
    } catch (NoteException ex) {
      throw new VerificationException(
          "tlog.checkpoint",
          Reason.TLOG_CHECKPOINT_INVALID,
          "checkpoint does not verify: " + ex.reason() + ": " + ex.getMessage());
    }
    if (cp.size() != p.treeSize()) {
      throw new VerificationException(
          "tlog.checkpoint",
          Reason.TLOG_CHECKPOINT_INVALID,
          "checkpoint tree size differs from the proof's",
          String.valueOf(p.treeSize()),
          String.valueOf(cp.size()));
    }
    if (!MessageDigest.isEqual(cp.rootHash(), p.rootHash())) {
      throw new VerificationException(
          "tlog.checkpoint",
          Reason.TLOG_CHECKPOINT_INVALID,
          "checkpoint root differs from the proof's root",
          Hex.encode(p.rootHash()),
          Hex.encode(cp.rootHash()));
    }
  }

  /**
   * Rekor v1 checkpoints name their shard: {@code rekor.sigstore.dev - 1193050959916656506}, that
   * is {@code .* - [0-9]+} with no line terminator before the separator (written out by hand: this
   * runs for every bundle).
   */
  static boolean isV1Origin(String line) {
    int d = line.length();
    while (d > 0 && line.charAt(d - 1) >= '0' && line.charAt(d - 1) <= '9') {
      d--;
    }
    if (d == line.length() || d < 3 || !line.startsWith(" - ", d - 3)) {
      return false;
    }
    for (int i = 0; i < d - 3; i++) {
      char c = line.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  private List<NoteVerifier> noteVerifiers(TransparencyLog log, String origin)
      throws NoteException {
    String cacheKey = log.logIdHex() + "|" + origin;
    List<NoteVerifier> v = noteVerifiers.get(cacheKey);
    if (v == null) {
      // The signature line must name the log too: the name is not covered by the signature, so
      // accepting any name would let a checkpoint's text change unnoticed. Rekor v1 names its key
      // by the URL's host, with the port when there is one.
      if (origin != null) {
        v = List.of(noteVerifier(origin, log));
      } else {
        String authority = authority(log.baseUrl());
        v =
            authority.equals(log.host()) || authority.isEmpty()
                ? List.of(noteVerifier(log.host(), log))
                : List.of(noteVerifier(log.host(), log), noteVerifier(authority, log));
      }
      noteVerifiers.put(cacheKey, v);
    }
    return v;
  }

  /**
   * The note verifier for a log key: ECDSA through {@link Crypto} (the fast provider), Ed25519
   * through the core implementation.
   */
  private NoteVerifier noteVerifier(String name, TransparencyLog log) throws NoteException {
    PublicKey key = keys.of(log);
    if (!(key instanceof ECPublicKey)) {
      return NoteVerifiers.fromPkix(name, log.rawKey());
    }
    return NoteVerifiers.of(
        name,
        KeyHints.pkix(log.rawKey()),
        (text, signature) -> Crypto.verify(key, "SHA256withECDSA", text, signature));
  }

  private static String authority(String url) {
    try {
      String a = java.net.URI.create(url).getRawAuthority();
      return a == null ? "" : a;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  // ------------------------------------------------------------------------------ body match

  /**
   * Compares the logged body with what the bundle says was signed.
   *
   * @throws VerificationException {@code TLOG_BODY_MISMATCH} naming the differing field
   */
  static void matchBody(TlogEntry e, LoggedContent c) throws VerificationException {
    EntryBody body;
    try {
      body = EntryBodies.parse(e.canonicalizedBody());
    } catch (RekorFormatException ex) {
      throw new VerificationException(
          "tlog.body", Reason.TLOG_ENTRY_INVALID, "unreadable entry body: " + ex.getMessage());
    }
    if (!body.kind().equals(e.kind()) || !body.apiVersion().equals(e.version())) {
      throw mismatch(
          "kind/version", e.kind() + "/" + e.version(), body.kind() + "/" + body.apiVersion());
    }
    MessageSignature ms = c.messageSignature();
    DsseEnvelope env = c.envelope();
    byte[] sig = c.signature();
    switch (body.kind() + "/" + body.apiVersion()) {
      case "hashedrekord/0.0.1":
        {
          if (ms == null) {
            throw mismatch("kind", "dsse or intoto for a DSSE bundle", "hashedrekord/0.0.1");
          }
          matchDigest(body, ms.digestAlgorithm(), ms.digest());
          matchSignature(body.signatures(), sig, c);
          return;
        }
      case "hashedrekord/0.0.2":
        {
          if (ms != null) {
            matchDigest(body, ms.digestAlgorithm(), ms.digest());
          } else {
            // Rekor v2 logs a DSSE envelope as a hashedrekord over the PAE's digest.
            HashAlgorithm h = Crypto.defaultHash(c.key());
            if (h == null) {
              throw mismatch("key", "a prehashing signature algorithm", c.key().getAlgorithm());
            }
            matchDigest(body, h, h.newDigest().digest(env.pae()));
          }
          matchSignature(body.signatures(), sig, c);
          matchKeyDetails(body.signatures().get(0), c.key());
          return;
        }
      case "dsse/0.0.2":
        // Rekor v2 logs DSSE envelopes as hashedrekord 0.0.2 over the PAE digest (rekor-v2 spec);
        // sigstore-go and sigstore-java reject dsse 0.0.2 entries, and so does this verifier.
        throw new VerificationException(
            "tlog.body",
            Reason.TLOG_ENTRY_INVALID,
            "dsse/0.0.2 entries are not accepted: Rekor v2 logs DSSE as hashedrekord/0.0.2",
            "hashedrekord/0.0.2",
            "dsse/0.0.2");
      case "dsse/0.0.1":
      case "intoto/0.0.2":
      case "intoto/0.0.1":
        {
          if (env == null) {
            throw mismatch(
                "kind",
                "hashedrekord for a message signature",
                body.kind() + "/" + body.apiVersion());
          }
          HashAlgorithm pa = body.payloadHashAlgorithm().orElse(HashAlgorithm.SHA2_256);
          byte[] want = pa.newDigest().digest(env.payload());
          byte[] got = body.payloadHash().orElse(new byte[0]);
          if (!MessageDigest.isEqual(want, got)) {
            throw mismatch("payloadHash", Hex.encode(want), Hex.encode(got));
          }
          if (body.apiVersion().equals("0.0.1") && body.kind().equals("intoto")) {
            matchVerifier(body.signatures().get(0), c);
            return;
          }
          if (env.signatures().size() != 1) {
            throw new VerificationException(
                "tlog.body",
                Reason.DSSE_PAYLOAD_INVALID,
                "the envelope must carry exactly one signature",
                "1",
                String.valueOf(env.signatures().size()));
          }
          if (body.signatures().size() != 1) {
            throw mismatch("signatures", "1 signature", body.signatures().size() + " signatures");
          }
          matchSignature(body.signatures(), sig, c);
          return;
        }
      default:
        throw new VerificationException(
            "tlog.body",
            Reason.TLOG_ENTRY_INVALID,
            "unsupported entry kind " + body.kind() + "/" + body.apiVersion());
    }
  }

  private static VerificationException mismatch(String field, String expected, String actual) {
    return new VerificationException(
        "tlog.body",
        Reason.TLOG_BODY_MISMATCH,
        "the log entry's " + field + " differs from the bundle",
        expected,
        actual);
  }

  private static void matchDigest(EntryBody body, HashAlgorithm alg, byte[] digest)
      throws VerificationException {
    HashAlgorithm got = body.digestAlgorithm().orElse(null);
    if (got != alg) {
      throw mismatch("digest algorithm", String.valueOf(alg), String.valueOf(got));
    }
    byte[] d = body.digest().orElse(new byte[0]);
    if (!MessageDigest.isEqual(d, digest)) {
      throw mismatch("artifact digest", Hex.encode(digest), Hex.encode(d));
    }
  }

  private static void matchSignature(List<LoggedSignature> sigs, byte[] sig, LoggedContent c)
      throws VerificationException {
    if (sigs.size() != 1) {
      throw mismatch("signatures", "1 signature", sigs.size() + " signatures");
    }
    LoggedSignature s = sigs.get(0);
    if (!MessageDigest.isEqual(s.signature(), sig)) {
      throw mismatch("signature", Hex.encode(sig), Hex.encode(s.signature()));
    }
    matchVerifier(s, c);
  }

  private static void matchVerifier(LoggedSignature s, LoggedContent c)
      throws VerificationException {
    byte[] logged = s.verifierDer();
    if (s.verifierIsCertificate()) {
      if (c.certificate() == null) {
        throw mismatch("verifier", "the public key", "a certificate");
      }
      byte[] want;
      try {
        want = c.certificate().getEncoded();
      } catch (CertificateEncodingException ex) {
        throw mismatch("certificate", "an encodable certificate", ex.getMessage());
      }
      if (!MessageDigest.isEqual(want, logged)) {
        throw mismatch(
            "certificate", Hex.encode(Sha256.hash(want)), Hex.encode(Sha256.hash(logged)));
      }
    } else {
      byte[] want = c.key().getEncoded();
      if (!MessageDigest.isEqual(want, logged)) {
        throw mismatch(
            "public key", Hex.encode(Sha256.hash(want)), Hex.encode(Sha256.hash(logged)));
      }
    }
  }

  private static void matchKeyDetails(LoggedSignature s, PublicKey key)
      throws VerificationException {
    if (key instanceof ECPublicKey ec && !s.keyDetails().isEmpty()) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      String want =
          bits > 384
              ? "PKIX_ECDSA_P521_SHA_512"
              : bits > 256 ? "PKIX_ECDSA_P384_SHA_384" : "PKIX_ECDSA_P256_SHA_256";
      if (!want.equals(s.keyDetails())) {
        throw mismatch("keyDetails", want, s.keyDetails());
      }
    }
  }
}
