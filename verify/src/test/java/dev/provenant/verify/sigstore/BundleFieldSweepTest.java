package dev.provenant.verify.sigstore;

import static dev.provenant.verify.Reason.ARTIFACT_DIGEST_MISMATCH;
import static dev.provenant.verify.Reason.BUNDLE_MALFORMED;
import static dev.provenant.verify.Reason.CERTIFICATE_CHAIN_INVALID;
import static dev.provenant.verify.Reason.CERTIFICATE_MALFORMED;
import static dev.provenant.verify.Reason.IDENTITY_MISMATCH;
import static dev.provenant.verify.Reason.ISSUER_MISMATCH;
import static dev.provenant.verify.Reason.SIGNATURE_INVALID;
import static dev.provenant.verify.Reason.SUBJECT_DIGEST_MISMATCH;
import static dev.provenant.verify.Reason.TIMESTAMP_INVALID;
import static dev.provenant.verify.Reason.TLOG_BODY_MISMATCH;
import static dev.provenant.verify.Reason.TLOG_CHECKPOINT_INVALID;
import static dev.provenant.verify.Reason.TLOG_ENTRY_INVALID;
import static dev.provenant.verify.Reason.TLOG_INCLUSION_PROOF_INVALID;
import static dev.provenant.verify.Reason.TLOG_KEY_UNKNOWN;
import static dev.provenant.verify.Reason.TLOG_SET_INVALID;
import static dev.provenant.verify.Reason.UNSUPPORTED_FORMAT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.testing.JsonLeafMutations;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering with real, passing Sigstore bundles one field at a time: the generic sweep over every
 * field ({@link BundleMutationTest} holds targeted cases). Every leaf of the bundle JSON is changed
 * in turn (a bit of each base64 field's bytes, each decimal +1, each other string altered), plus
 * targeted edits (each checkpoint line, each proof hash, a substituted leaf certificate, a changed
 * DSSE subject digest, the artifact, the identity). Each mutant must fail with one of the reasons
 * the table below gives for that field: never pass, never throw anything but {@link
 * VerificationException}.
 */
class BundleFieldSweepTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BEACON =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  private static final String GHA = "https://token.actions.githubusercontent.com";

  /**
   * Field (path with array indices as [*]) to the reasons that correctly describe its tampering.
   */
  private static final Map<Pattern, Set<Reason>> EXPECTED = new LinkedHashMap<>();

  /**
   * Fields that are unauthenticated by specification, so changing them must not fail verification:
   * DSSE "keyid: Optional, unauthenticated hint" (DSSE envelope.md) and the bundle's public key
   * hint.
   */
  private static final List<Pattern> UNAUTHENTICATED =
      List.of(
          Pattern.compile("dsseEnvelope\\.signatures\\[\\*\\]\\.keyid"),
          Pattern.compile("verificationMaterial\\.publicKey\\.hint"));

  private static void expect(String pathRegex, Reason first, Reason... more) {
    EXPECTED.put(Pattern.compile(pathRegex), EnumSet.of(first, more));
  }

  static {
    expect("mediaType", UNSUPPORTED_FORMAT, BUNDLE_MALFORMED);
    // Certificate DER with a bit flipped mid-TBS no longer parses (the bundle parser rejects it);
    // a flipped bit in the signature value parses but differs from the logged certificate
    // (hashedrekord/dsse bodies record it) or, failing that, breaks the chain signature.
    expect(
        "verificationMaterial\\.(certificate|x509CertificateChain\\.certificates\\[\\*\\])\\.rawBytes",
        BUNDLE_MALFORMED,
        CERTIFICATE_MALFORMED);
    expect(
        "verificationMaterial\\.(certificate|x509CertificateChain\\.certificates\\[\\*\\])\\.rawBytes#signature-value",
        TLOG_BODY_MISMATCH,
        CERTIFICATE_CHAIN_INVALID);
    // Rekor v1: covered by the SET. Rekor v2: must equal the inclusion proof's index.
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.logIndex",
        TLOG_SET_INVALID,
        TLOG_ENTRY_INVALID);
    expect("verificationMaterial\\.tlogEntries\\[\\*\\]\\.logId\\.keyId", TLOG_KEY_UNKNOWN);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.kindVersion\\.(kind|version)",
        TLOG_ENTRY_INVALID,
        TLOG_BODY_MISMATCH);
    expect("verificationMaterial\\.tlogEntries\\[\\*\\]\\.integratedTime", TLOG_SET_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionPromise\\.signedEntryTimestamp",
        TLOG_SET_INVALID);
    // (Rekor v2: the entry's logIndex must equal the proof's, TLOG_ENTRY_INVALID otherwise.)
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionProof\\.(logIndex|treeSize|rootHash)",
        TLOG_INCLUSION_PROOF_INVALID,
        TLOG_CHECKPOINT_INVALID,
        TLOG_ENTRY_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionProof\\.hashes\\[\\*\\]",
        TLOG_INCLUSION_PROOF_INVALID);
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.inclusionProof\\.checkpoint\\.envelope(#.*)?",
        TLOG_CHECKPOINT_INVALID);
    // The body is covered by the SET and the inclusion proof, and compared with the bundle.
    expect(
        "verificationMaterial\\.tlogEntries\\[\\*\\]\\.canonicalizedBody",
        TLOG_SET_INVALID,
        TLOG_INCLUSION_PROOF_INVALID);
    expect(
        "verificationMaterial\\.timestampVerificationData\\.rfc3161Timestamps\\[\\*\\]\\.signedTimestamp#.*",
        TIMESTAMP_INVALID);
    expect(
        "messageSignature\\.messageDigest\\.algorithm",
        BUNDLE_MALFORMED,
        UNSUPPORTED_FORMAT,
        TLOG_BODY_MISMATCH);
    expect(
        "messageSignature\\.messageDigest\\.digest", ARTIFACT_DIGEST_MISMATCH, TLOG_BODY_MISMATCH);
    expect("messageSignature\\.signature", SIGNATURE_INVALID, TLOG_BODY_MISMATCH);
    // The DSSE envelope is hashed into the dsse log entry, and the signature covers PAE(type,
    // payload).
    expect(
        "dsseEnvelope\\.(payload|payloadType|signatures\\[\\*\\]\\.sig)(#.*)?",
        SIGNATURE_INVALID,
        TLOG_BODY_MISMATCH);
    expect("#leaf-from-another-bundle", TLOG_BODY_MISMATCH, SIGNATURE_INVALID);
    // A DSSE bundle binds the artifact through the statement's subjects.
    expect("#artifact-byte", ARTIFACT_DIGEST_MISMATCH, SUBJECT_DIGEST_MISMATCH);
    expect("#identity", IDENTITY_MISMATCH);
    expect("#issuer", ISSUER_MISMATCH);
  }

  /** A real bundle that passes as given. */
  record Case(
      String name, Path bundle, Path artifact, String san, String issuer, Path trustedRoot) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Path conf = Corpus.dir("sigstore-conformance").resolve("assets/bundle-verify");
    Path pg = Corpus.dir("trust").resolve("public-good-trusted_root.json");
    Path gen =
        Corpus.dir("slsa-verifier")
            .resolve("testdata/cli/slsa-verifier/testdata/gha_generic/v2.1.0");
    return Stream.of(
        new Case(
            "conformance happy-path-v0.3 (hashedrekord, Rekor v1)",
            conf.resolve("happy-path-v0.3/bundle.sigstore.json"),
            conf.resolve("a.txt"),
            BEACON,
            GHA,
            pg),
        new Case(
            "conformance happy-path-v0.1",
            conf.resolve("happy-path-v0.1/bundle.sigstore.json"),
            conf.resolve("a.txt"),
            BEACON,
            GHA,
            pg),
        new Case(
            "conformance happy-path-intoto-in-dsse-v3 (dsse, Rekor v1)",
            conf.resolve("happy-path-intoto-in-dsse-v3/bundle.sigstore.json"),
            conf.resolve("a.txt"),
            BEACON,
            GHA,
            pg),
        new Case(
            "conformance rekor2-timestamp-with-embedded-cert (Rekor v2, RFC 3161)",
            conf.resolve("rekor2-timestamp-with-embedded-cert/bundle.sigstore.json"),
            conf.resolve("a.txt"),
            BEACON,
            GHA,
            conf.resolve("rekor2-timestamp-with-embedded-cert/trusted_root.json")),
        new Case(
            "slsa-github-generator v2.1.0 provenance bundle (dsse)",
            gen.resolve("binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
            gen.resolve("binary-linux-amd64-workflow_dispatch"),
            "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0",
            GHA,
            pg));
  }

  /**
   * One tampered variant: the field it changes, and the bundle, artifact and identity to verify.
   */
  record Mutant(
      String field, String what, byte[] bundle, byte[] artifact, String san, String issuer) {}

  static Stream<Arguments> mutants() throws Exception {
    List<Arguments> out = new ArrayList<>();
    List<Case> cs = cases().toList();
    for (Case c : cs) {
      byte[] bundle = Files.readAllBytes(c.bundle());
      byte[] artifact = Files.readAllBytes(c.artifact());
      for (Mutant m : mutantsOf(c, bundle, artifact, otherLeaf(cs, c))) {
        out.add(Arguments.of(c, m));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void verify_unmodifiedRealBundle_passes(Case c) throws Exception {
    assertThat(
            verify(
                c,
                Files.readAllBytes(c.bundle()),
                Files.readAllBytes(c.artifact()),
                c.san(),
                c.issuer()))
        .as("the untouched bundle must pass, else its mutants prove nothing")
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("mutants")
  void verify_oneFieldChanged_failsWithThatFieldsReason(Case c, Mutant m) throws Exception {
    Optional<Reason> got = verify(c, m.bundle(), m.artifact(), m.san(), m.issuer());
    OBSERVED
        .computeIfAbsent(m.field(), k -> new java.util.TreeSet<>())
        .add(got.map(Reason::name).orElse("PASS"));
    if (UNAUTHENTICATED.stream().anyMatch(p -> p.matcher(m.field()).matches())) {
      return; // an unauthenticated hint by specification: either outcome is acceptable
    }
    Set<Reason> want = expected(m.field());
    assertThat(want).as("no expected reasons listed for field " + m.field()).isNotNull();
    assertThat(got).as(m.field() + " (" + m.what() + ") must not pass").isPresent();
    assertThat(want)
        .as(m.field() + " (" + m.what() + ") failed with " + got.get())
        .contains(got.get());
  }

  private static final Map<String, Set<String>> OBSERVED =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Prints which reasons each field's tampering produced (in the surefire report output). */
  @org.junit.jupiter.api.AfterAll
  static void printObserved() {
    OBSERVED.forEach((f, r) -> System.out.println("mutation " + f + " -> " + r));
  }

  private static Set<Reason> expected(String field) {
    for (Map.Entry<Pattern, Set<Reason>> e : EXPECTED.entrySet()) {
      if (e.getKey().matcher(field).matches()) {
        return e.getValue();
      }
    }
    return null;
  }

  private static final Map<Path, SigstoreVerifier> VERIFIERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Empty when verification passes; the failure's reason otherwise. Other exceptions propagate. */
  static Optional<Reason> verify(
      Case c, byte[] bundleJson, byte[] artifact, String san, String issuer) throws Exception {
    SigstoreVerifier v =
        VERIFIERS.computeIfAbsent(
            c.trustedRoot(),
            p -> {
              try {
                return SigstoreVerifier.create(TrustedRoot.parse(Files.readAllBytes(p)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Bundle b;
    try {
      b = Bundle.parse(bundleJson);
    } catch (BundleFormatException e) {
      // As the CLI maps it (VerifyBundleCommand.readBundle).
      return Optional.of(e.unsupportedVersion() ? UNSUPPORTED_FORMAT : BUNDLE_MALFORMED);
    }
    try {
      v.verify(b, ArtifactInput.ofBytes(artifact), IdentityPolicy.exact(san, issuer));
      return Optional.empty();
    } catch (VerificationException e) {
      return Optional.of(e.reason());
    }
  }

  // ------------------------------------------------------------------------------ mutants

  static List<Mutant> mutantsOf(Case c, byte[] bundle, byte[] artifact, byte[] otherLeaf)
      throws Exception {
    JsonNode root = JSON.readTree(bundle);
    List<Mutant> out = new ArrayList<>();
    // Every leaf in turn.
    for (String[] leaf : JsonLeafMutations.leaves(root)) {
      String path = leaf[0];
      String field = path.replaceAll("\\[\\d+\\]", "[*]");
      String value = leaf[1];
      for (String[] alt : alternatives(field, value)) {
        JsonNode copy = root.deepCopy();
        JsonLeafMutations.set(copy, path, alt[1]);
        out.add(
            new Mutant(
                field + alt[2],
                path + ": " + alt[0],
                JSON.writeValueAsBytes(copy),
                artifact,
                c.san(),
                c.issuer()));
      }
    }
    // A different real Fulcio leaf in place of the signer's.
    JsonNode vm = root.path("verificationMaterial");
    if (vm.path("certificate").isObject()) {
      JsonNode copy = root.deepCopy();
      ((ObjectNode) copy.path("verificationMaterial").path("certificate"))
          .put("rawBytes", b64(otherLeaf));
      out.add(
          new Mutant(
              "#leaf-from-another-bundle",
              "certificate replaced by another real leaf",
              JSON.writeValueAsBytes(copy),
              artifact,
              c.san(),
              c.issuer()));
    }
    // A changed subject digest inside the signed DSSE statement, re-encoded cleanly.
    if (root.path("dsseEnvelope").isObject()) {
      byte[] payload =
          Base64.getDecoder().decode(root.path("dsseEnvelope").path("payload").asText());
      ObjectNode st = (ObjectNode) JSON.readTree(payload);
      ObjectNode digest = (ObjectNode) st.path("subject").path(0).path("digest");
      String hex = digest.path("sha256").asText();
      digest.put("sha256", (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1));
      JsonNode copy = root.deepCopy();
      ((ObjectNode) copy.path("dsseEnvelope")).put("payload", b64(JSON.writeValueAsBytes(st)));
      out.add(
          new Mutant(
              "dsseEnvelope.payload#subject-digest",
              "statement subject[0] sha256 changed",
              JSON.writeValueAsBytes(copy),
              artifact,
              c.san(),
              c.issuer()));
    }
    // The artifact and the expected identity.
    byte[] art = artifact.clone();
    art[art.length / 2] ^= 1;
    out.add(
        new Mutant("#artifact-byte", "one artifact bit flipped", bundle, art, c.san(), c.issuer()));
    out.add(
        new Mutant(
            "#identity", "another SAN expected", bundle, artifact, c.san() + "x", c.issuer()));
    out.add(
        new Mutant(
            "#issuer",
            "another issuer expected",
            bundle,
            artifact,
            c.san(),
            "https://accounts.google.com"));
    return out;
  }

  /** Alternatives for one leaf: {description, new value, field suffix}. */
  private static List<String[]> alternatives(String field, String value) {
    if (field.endsWith("checkpoint.envelope")) {
      return JsonLeafMutations.checkpointLineAlternatives(value);
    }
    List<String[]> alts = new ArrayList<>();
    if (field.endsWith("signedTimestamp")) {
      // RFC 3161: change the signed TSTInfo (inside the encapsulated content) and the signature
      // value (the token's last bytes). The SignedData certificates field is deliberately not
      // mutated: it is an unauthenticated hint, and the verifier pins the TSA chain from the
      // trusted root instead.
      byte[] der = Base64.getDecoder().decode(value);
      byte[] tstInfoOid = {
        0x06,
        0x0b,
        0x2a,
        (byte) 0x86,
        0x48,
        (byte) 0x86,
        (byte) 0xf7,
        0x0d,
        0x01,
        0x09,
        0x10,
        0x01,
        0x04
      };
      int at = indexOf(der, tstInfoOid);
      if (at >= 0) {
        byte[] tst = der.clone();
        tst[at + tstInfoOid.length + 40] ^= 0x01;
        alts.add(new String[] {"bit flipped inside TSTInfo", b64(tst), "#tstinfo"});
      }
      byte[] sig = der.clone();
      sig[sig.length - 3] ^= 0x01;
      alts.add(new String[] {"bit flipped in the signature value", b64(sig), "#signature"});
      return alts;
    }
    if (field.endsWith(".rawBytes")) {
      alts.add(JsonLeafMutations.signatureValueFlip(value));
      // and the generic mid-DER flip below
    }
    alts.add(JsonLeafMutations.scalarAlternative(value));
    return alts;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** A real Fulcio leaf from another case's bundle (with a different certificate). */
  private static byte[] otherLeaf(List<Case> cs, Case self) throws Exception {
    String mine = leafOf(self);
    for (int i = cs.size() - 1; i >= 0; i--) {
      String other = leafOf(cs.get(i));
      if (!other.isEmpty() && !other.equals(mine)) {
        return Base64.getDecoder().decode(other);
      }
    }
    throw new IllegalStateException("no second leaf certificate among the cases");
  }

  private static String leafOf(Case c) throws Exception {
    JsonNode vm = JSON.readTree(Files.readAllBytes(c.bundle())).path("verificationMaterial");
    JsonNode cert =
        vm.path("certificate").isObject()
            ? vm.path("certificate")
            : vm.path("x509CertificateChain").path("certificates").path(0);
    return cert.path("rawBytes").asText("");
  }
}
