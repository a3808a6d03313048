package dev.provenant.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.ct.EmbeddedScts;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.fulcio.FulcioExtensions;
import dev.provenant.core.intoto.Statement;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.merkle.ConsistencyProofs;
import dev.provenant.core.merkle.InclusionProofs;
import dev.provenant.core.merkle.MerkleProofException;
import dev.provenant.core.note.Checkpoint;
import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteVerifier;
import dev.provenant.core.note.NoteVerifiers;
import dev.provenant.core.note.SignedNote;
import dev.provenant.core.rekor.EntryBodies;
import dev.provenant.core.rekor.RekorFormatException;
import dev.provenant.core.rekor.SignedEntryTimestamps;
import dev.provenant.core.slsa.v02.ProvenanceV02;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustRootFormatException;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.TrustRoots;
import dev.provenant.verify.slsa.DsseEnvelopes;
import dev.provenant.verify.slsa.GithubBuilders;
import dev.provenant.verify.slsa.SlsaProvenance;
import dev.provenant.verify.slsa.SlsaProvenances;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The fuzz targets, shared by the Jazzer {@code @FuzzTest}s and the corpus-mutation regression
 * test. The contract each checks: the parser returns a value or throws its documented checked
 * exception. Anything else escaping (NullPointerException, IndexOutOfBounds, ClassCast,
 * NumberFormat, IllegalState, StackOverflowError, ...) is a finding.
 */
final class Targets {
  private Targets() {}

  /** Byte-input targets by name; {@link Seeds#forTarget} is keyed by the same names. */
  static final Map<String, Consumer<byte[]>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("bundle", Targets::bundle);
    ALL.put("trustedRoot", Targets::trustedRoot);
    ALL.put("rekorBody", Targets::rekorBody);
    ALL.put("certificate", Targets::certificate);
    ALL.put("sctList", Targets::sctList);
    ALL.put("statement", Targets::statement);
    ALL.put("provenance", Targets::provenance);
    ALL.put("dsseEnvelope", Targets::dsseEnvelope);
    ALL.put("signedNote", Targets::signedNote);
    ALL.put("timestamp", Targets::timestamp);
    ALL.put("ociJson", dev.provenant.verify.slsa.oci.OciTargets::index);
    ALL.put("ociManifest", dev.provenant.verify.slsa.oci.OciTargets::manifest);
    ALL.put("cosignRekorBundle", dev.provenant.verify.slsa.oci.OciTargets::cosignRekorBundle);
    ALL.put("npmAttestations", Targets::npmAttestations);
  }

  static void bundle(byte[] data) {
    try {
      Bundle b = Bundle.parse(data);
      // Touch the parsed structure the way the verifier does, so lazy decoding is covered too.
      b.verificationMaterial().tlogEntries().forEach(e -> e.inclusionProof());
    } catch (BundleFormatException expected) {
      // documented
    }
  }

  static void trustedRoot(byte[] data) {
    try {
      TrustedRoot r = TrustedRoot.parse(data);
      for (TransparencyLog l : r.tlogs()) {
        l.toString();
      }
    } catch (TrustRootFormatException expected) {
      // documented
    }
  }

  static void rekorBody(byte[] data) {
    try {
      EntryBodies.parse(data);
    } catch (RekorFormatException expected) {
      // documented
    }
  }

  private static List<com.fasterxml.jackson.databind.JsonNode> rekorTemplates;

  /** One real logged body per kind and version found in the corpus (hashedrekord, dsse, intoto). */
  static synchronized List<com.fasterxml.jackson.databind.JsonNode> rekorTemplates() {
    if (rekorTemplates == null) {
      Map<String, com.fasterxml.jackson.databind.JsonNode> byKind = new LinkedHashMap<>();
      for (byte[] b : Seeds.forTarget("rekorBody")) {
        try {
          com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(b);
          byKind.putIfAbsent(n.path("kind").asText() + "/" + n.path("apiVersion").asText(), n);
        } catch (java.io.IOException e) {
          // not JSON: not a template
        }
      }
      rekorTemplates = List.copyOf(byKind.values());
    }
    return rekorTemplates;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * A real Rekor body of each kind and version with one to four fuzzer-chosen structural edits: any
   * node replaced by a string, number, boolean, null, empty object/array, base64 or hex of fuzzed
   * bytes, or removed. Reaches the per-kind validation that raw bytes rarely get past.
   */
  static void rekorBodyOfKind(FuzzedDataProvider d) {
    List<com.fasterxml.jackson.databind.JsonNode> templates = rekorTemplates();
    if (templates.isEmpty()) {
      return;
    }
    com.fasterxml.jackson.databind.JsonNode root = d.pickValue(templates).deepCopy();
    int edits = d.consumeInt(1, 4);
    for (int i = 0; i < edits; i++) {
      List<Object[]> slots = new ArrayList<>();
      collect(root, slots);
      if (slots.isEmpty()) {
        break;
      }
      Object[] slot = slots.get(d.consumeInt(0, slots.size() - 1));
      com.fasterxml.jackson.databind.JsonNode parent =
          (com.fasterxml.jackson.databind.JsonNode) slot[0];
      com.fasterxml.jackson.databind.JsonNode v;
      com.fasterxml.jackson.databind.node.JsonNodeFactory f = JSON.getNodeFactory();
      switch (d.consumeInt(0, 9)) {
        case 0 -> v = f.textNode(d.consumeString(64));
        case 1 -> v = f.numberNode(d.consumeLong());
        case 2 -> v = f.booleanNode(d.consumeBoolean());
        case 3 -> v = f.nullNode();
        case 4 -> v = f.objectNode();
        case 5 -> v = f.arrayNode();
        case 6 ->
            v =
                f.textNode(
                    java.util.Base64.getEncoder()
                        .encodeToString(d.consumeBytes(d.consumeInt(0, 80))));
        case 7 ->
            v =
                f.textNode(
                    dev.provenant.core.encoding.Hex.encode(d.consumeBytes(d.consumeInt(0, 40))));
        case 8 -> v = f.numberNode(d.consumeDouble());
        default -> v = null; // remove
      }
      if (parent instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
        if (v == null) {
          o.remove((String) slot[1]);
        } else {
          o.set((String) slot[1], v);
        }
      } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        int idx = (Integer) slot[1];
        if (v == null) {
          a.remove(idx);
        } else {
          a.set(idx, v);
        }
      }
    }
    try {
      rekorBody(JSON.writeValueAsBytes(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }

  /** Every (parent, key-or-index) pair in the tree. */
  private static void collect(com.fasterxml.jackson.databind.JsonNode n, List<Object[]> out) {
    if (n.isObject()) {
      n.properties()
          .forEach(
              e -> {
                out.add(new Object[] {n, e.getKey()});
                collect(e.getValue(), out);
              });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.add(new Object[] {n, i});
        collect(n.get(i), out);
      }
    }
  }

  /**
   * X.509 parsing plus every extension reader: Fulcio extensions (1.3.6.1.4.1.57264.1.*), the SAN,
   * the embedded SCT list and the precertificate TBS rebuild.
   */
  static void certificate(byte[] data) {
    X509Certificate c;
    try {
      c = Certificates.fromDer(data);
    } catch (CertificateException expected) {
      return;
    }
    certificateReaders(c);
  }

  static void certificateReaders(X509Certificate c) {
    try {
      FulcioExtensions.read(c);
    } catch (java.security.cert.CertificateParsingException expected) {
      // documented
    }
    try {
      EmbeddedScts.parse(c);
    } catch (java.security.cert.CertificateParsingException expected) {
      // documented
    }
    try {
      EmbeddedScts.precertTbs(c);
    } catch (java.security.cert.CertificateEncodingException expected) {
      // documented
    }
  }

  /** The TLS-encoded SCT list (RFC 6962 §3.3), placed into a certificate's SCT extension. */
  static void sctList(byte[] data) {
    try {
      EmbeddedScts.parse(CertTemplates.withExtension(CertTemplates.SCT_LIST, data, true));
    } catch (java.security.cert.CertificateParsingException expected) {
      // documented
    }
  }

  /** One Fulcio extension (chosen OID) or the SAN with fuzzed contents. */
  static void fulcioExtension(FuzzedDataProvider d) {
    int arc = d.consumeInt(0, 24);
    boolean wrapDer = d.consumeBoolean();
    byte[] value = d.consumeRemainingAsBytes();
    String oid = arc == 0 ? "2.5.29.17" : dev.provenant.core.fulcio.FulcioOid.ARC + "." + arc;
    X509Certificate c;
    try {
      c = CertTemplates.withExtension(oid, value, wrapDer);
    } catch (java.security.cert.CertificateParsingException expected) {
      return; // the JDK rejects a malformed SAN while parsing the certificate
    }
    certificateReaders(c);
  }

  /** RFC 3161 timestamp response or token, checked against the public-good TSA. */
  static void timestamp(byte[] data) {
    dev.provenant.verify.sigstore.TimestampTargets.timestamp(publicGood(), data);
  }

  /** npm registry attestations JSON, verified as verify-npm-package does. */
  static void npmAttestations(byte[] data) {
    dev.provenant.verify.slsa.npm.NpmTargets.attestations(publicGood(), data);
  }

  static void statement(byte[] data) {
    try {
      Statement.parse(data);
    } catch (JsonFormatException expected) {
      // documented
    }
  }

  /**
   * SLSA provenance v0.2 and v1 strict parsing, then the verifier's view of it (source, ref,
   * subjects, inputs) for the generic generator, as verify-artifact reads it.
   */
  static void provenance(byte[] data) {
    try {
      ProvenanceV02.parse(data);
    } catch (JsonFormatException expected) {
      // documented
    }
    try {
      ProvenanceV1.parse(data);
    } catch (JsonFormatException expected) {
      // documented
    }
    DsseEnvelope env = DsseEnvelope.of("application/vnd.in-toto+json", data, List.of());
    for (String builder :
        List.of(
            GithubBuilders.GENERIC,
            GithubBuilders.DELEGATOR_GENERIC,
            GithubBuilders.NPM_CLI_HOSTED,
            GithubBuilders.CONTAINER_BASED)) {
      try {
        SlsaProvenance p = SlsaProvenances.fromEnvelope(builder, env);
        p.predicateType();
        p.builderId();
        p.buildType();
        p.buildInvocationId();
        p.buildStartTime();
        p.buildFinishTime();
        p.resolvedDependencyCount();
        p.sourceUri();
        p.triggerUri();
        p.subjects();
        p.branch();
        p.tag();
        p.workflowInputs();
        p.buildTriggerPath();
        p.systemParameters();
      } catch (VerificationException expected) {
        // documented
      }
    }
  }

  /** A DSSE envelope (one line of an .intoto.jsonl file). */
  static void dsseEnvelope(byte[] data) {
    try {
      DsseEnvelope e = DsseEnvelopes.parse(data);
      e.pae();
    } catch (VerificationException expected) {
      // documented
    }
  }

  private static List<NoteVerifier> noteVerifiers;

  /** Signed notes and checkpoints, opened against the public-good Rekor keys. */
  static void signedNote(byte[] data) {
    try {
      SignedNote n = SignedNote.parse(data);
      Checkpoint.parse(n.text());
    } catch (NoteException expected) {
      // documented
    }
    try {
      Checkpoint.openSigned(new String(data, StandardCharsets.UTF_8), noteVerifiers(), null);
    } catch (NoteException expected) {
      // documented
    }
  }

  private static TrustedRoot publicGood;

  /** The public-good trusted root from the corpus (the jar's embedded copy may be absent). */
  static synchronized TrustedRoot publicGood() {
    if (publicGood == null) {
      try {
        publicGood =
            TrustRoots.fromFile(Seeds.corpus().resolve("trust/public-good-trusted_root.json"));
      } catch (VerificationException e) {
        throw new IllegalStateException("public-good trusted root in the corpus", e);
      }
    }
    return publicGood;
  }

  private static synchronized List<NoteVerifier> noteVerifiers() {
    if (noteVerifiers == null) {
      List<NoteVerifier> v = new ArrayList<>();
      for (TransparencyLog l : publicGood().tlogs()) {
        try {
          v.add(NoteVerifiers.fromPkix(l.host(), l.rawKey()));
        } catch (NoteException e) {
          // a key type notes do not support: skip it
        }
      }
      noteVerifiers = v;
    }
    return noteVerifiers;
  }

  /** RFC 9162 inclusion and consistency proofs with fuzzed indices, sizes, hashes and paths. */
  static void merkleProofs(FuzzedDataProvider d) {
    boolean small = d.consumeBoolean();
    long a = small ? d.consumeLong(-2, 70) : d.consumeLong();
    long b = small ? d.consumeLong(-2, 70) : d.consumeLong();
    byte[] leaf = d.consumeBytes(d.consumeBoolean() ? 32 : d.consumeInt(0, 40));
    byte[] root = d.consumeBytes(d.consumeBoolean() ? 32 : d.consumeInt(0, 40));
    int n = d.consumeInt(0, 70);
    List<byte[]> proof = new ArrayList<>();
    for (int i = 0; i < n && d.remainingBytes() > 0; i++) {
      proof.add(d.consumeBytes(d.consumeBoolean() ? 32 : d.consumeInt(0, 40)));
    }
    try {
      InclusionProofs.verify(a, b, leaf, proof, root);
    } catch (MerkleProofException expected) {
      // documented
    }
    try {
      ConsistencyProofs.verify(a, b, leaf, root, proof);
    } catch (MerkleProofException expected) {
      // documented
    }
  }

  /**
   * The SET payload: the hand-written canonical form must be byte-identical to what an RFC 8785
   * canonicalizer produces for the same object (Rekor's Go client canonicalizes generically).
   * Values stay below 2^53, where JSON numbers are exact.
   */
  static void setPayload(FuzzedDataProvider d) {
    long t = d.consumeLong(0, (1L << 53) - 1);
    long i = d.consumeLong(0, (1L << 53) - 1);
    byte[] logId = d.consumeBytes(d.consumeInt(0, 40));
    byte[] body = d.consumeRemainingAsBytes();
    byte[] direct = SignedEntryTimestamps.signedPayload(body, t, logId, i);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("logIndex", i);
    m.put("logID", dev.provenant.core.encoding.Hex.encode(logId));
    m.put("integratedTime", t);
    m.put("body", java.util.Base64.getEncoder().encodeToString(body));
    byte[] viaJcs = EntryBodies.canonicalize(m);
    if (!Arrays.equals(direct, viaJcs)) {
      throw new AssertionError(
          "SET payload differs from RFC 8785: "
              + new String(direct, StandardCharsets.UTF_8)
              + " vs "
              + new String(viaJcs, StandardCharsets.UTF_8));
    }
    byte[] again;
    try {
      again = new JsonCanonicalizer(direct).getEncodedUTF8();
    } catch (java.io.IOException e) {
      throw new AssertionError("SET payload is not JSON", e);
    }
    if (!Arrays.equals(direct, again)) {
      throw new AssertionError("SET payload is not a JCS fixed point");
    }
  }
}
