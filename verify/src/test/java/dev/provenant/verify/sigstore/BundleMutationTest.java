package dev.provenant.verify.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Changes one field of a passing bundle (or of the trust root) at a time and asserts the Reason
 * each change must produce: the checks fail for the right reason, not by accident.
 */
class BundleMutationTest {
  private static final String IDENTITY =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
          + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  private static final String ISSUER = "https://token.actions.githubusercontent.com";

  private static Path caseDir(String name) {
    return Corpus.dir("sigstore-conformance/assets/bundle-verify/" + name);
  }

  private static Path artifact() {
    return Corpus.dir("sigstore-conformance/assets/bundle-verify").resolve("a.txt");
  }

  private static ObjectNode json(Path p) throws Exception {
    return (ObjectNode) ProtoJson.mapper().readTree(p.toFile());
  }

  private static ObjectNode entry(ObjectNode b) {
    return (ObjectNode) b.get("verificationMaterial").get("tlogEntries").get(0);
  }

  private static String flip(String b64) {
    byte[] b = Base64s.decodeAny(b64);
    b[b.length / 2] ^= 0x01;
    return Base64s.encode(b);
  }

  private static String plusOne(JsonNode n) {
    return Long.toString(Long.parseLong(n.asText()) + 1);
  }

  /** Verifies happy-path-v0.3 (Rekor v1, certificate) after {@code change}; returns the Reason. */
  private static Reason v1(Consumer<ObjectNode> change) throws Exception {
    return run(
        "happy-path-v0.3",
        Corpus.publicGoodRoot(),
        change,
        IdentityPolicy.exact(IDENTITY, ISSUER),
        artifact());
  }

  private static Reason run(
      String c, TrustedRoot root, Consumer<ObjectNode> change, IdentityPolicy policy, Path artifact)
      throws Exception {
    ObjectNode b = json(caseDir(c).resolve("bundle.sigstore.json"));
    change.accept(b);
    Bundle bundle = Bundle.parse(ProtoJson.mapper().writeValueAsBytes(b));
    try {
      SigstoreVerifier.create(root).verify(bundle, ArtifactInput.ofFile(artifact), policy);
      return null;
    } catch (VerificationException e) {
      return e.reason();
    }
  }

  @Test
  void verify_unchanged_passes() throws Exception {
    assertThat(v1(b -> {})).isNull();
  }

  @Test
  void verify_logIndexChanged_isSetInvalid() throws Exception {
    assertThat(v1(b -> entry(b).put("logIndex", plusOne(entry(b).get("logIndex")))))
        .isEqualTo(Reason.TLOG_SET_INVALID);
  }

  @Test
  void verify_integratedTimeChanged_isSetInvalid() throws Exception {
    assertThat(v1(b -> entry(b).put("integratedTime", plusOne(entry(b).get("integratedTime")))))
        .isEqualTo(Reason.TLOG_SET_INVALID);
  }

  @Test
  void verify_setChanged_isSetInvalid() throws Exception {
    assertThat(
            v1(
                b -> {
                  ObjectNode p = (ObjectNode) entry(b).get("inclusionPromise");
                  p.put("signedEntryTimestamp", flip(p.get("signedEntryTimestamp").asText()));
                }))
        .isEqualTo(Reason.TLOG_SET_INVALID);
  }

  @Test
  void verify_logIdChanged_isLogKeyUnknown() throws Exception {
    assertThat(
            v1(
                b -> {
                  ObjectNode id = (ObjectNode) entry(b).get("logId");
                  id.put("keyId", flip(id.get("keyId").asText()));
                }))
        .isEqualTo(Reason.TLOG_KEY_UNKNOWN);
  }

  @Test
  void verify_bodyChanged_isSetInvalid() throws Exception {
    assertThat(
            v1(
                b -> {
                  String body =
                      new String(
                          Base64s.decodeAny(entry(b).get("canonicalizedBody").asText()),
                          StandardCharsets.UTF_8);
                  entry(b)
                      .put(
                          "canonicalizedBody",
                          Base64s.encode(
                              body.replace("\"sha256\"", "\"sha256\" ")
                                  .getBytes(StandardCharsets.UTF_8)));
                }))
        .isEqualTo(Reason.TLOG_SET_INVALID);
  }

  @Test
  void verify_eachProofHashChanged_isInclusionProofInvalid() throws Exception {
    int n =
        entry(json(caseDir("happy-path-v0.3").resolve("bundle.sigstore.json")))
            .get("inclusionProof")
            .get("hashes")
            .size();
    assertThat(n).isGreaterThan(5);
    for (int i = 0; i < n; i++) {
      int k = i;
      assertThat(
              v1(
                  b -> {
                    ArrayNode hs = (ArrayNode) entry(b).get("inclusionProof").get("hashes");
                    hs.set(
                        k,
                        hs.get(k).asText().equals("")
                            ? hs.get(k)
                            : ProtoJson.mapper()
                                .getNodeFactory()
                                .textNode(flip(hs.get(k).asText())));
                  }))
          .as("hash " + i)
          .isEqualTo(Reason.TLOG_INCLUSION_PROOF_INVALID);
    }
  }

  @Test
  void verify_proofFieldsChanged_isInclusionProofInvalid() throws Exception {
    assertThat(
            v1(
                b -> {
                  ObjectNode p = (ObjectNode) entry(b).get("inclusionProof");
                  p.put("rootHash", flip(p.get("rootHash").asText()));
                }))
        .isEqualTo(Reason.TLOG_INCLUSION_PROOF_INVALID);
    assertThat(
            v1(
                b -> {
                  ObjectNode p = (ObjectNode) entry(b).get("inclusionProof");
                  p.put("logIndex", plusOne(p.get("logIndex")));
                }))
        .isEqualTo(Reason.TLOG_INCLUSION_PROOF_INVALID);
    assertThat(
            v1(
                b -> {
                  ObjectNode p = (ObjectNode) entry(b).get("inclusionProof");
                  p.put("treeSize", Long.toString(Long.parseLong(p.get("treeSize").asText()) * 2));
                }))
        .isEqualTo(Reason.TLOG_INCLUSION_PROOF_INVALID);
    assertThat(v1(b -> ((ArrayNode) entry(b).get("inclusionProof").get("hashes")).remove(0)))
        .isEqualTo(Reason.TLOG_INCLUSION_PROOF_INVALID);
  }

  @Test
  void verify_checkpointLineChanged_isCheckpointInvalid() throws Exception {
    assertThat(
            v1(
                b -> {
                  ObjectNode cp = (ObjectNode) entry(b).get("inclusionProof").get("checkpoint");
                  String[] lines = cp.get("envelope").asText().split("\n", -1);
                  lines[1] = Long.toString(Long.parseLong(lines[1]) + 1);
                  cp.put("envelope", String.join("\n", lines));
                }))
        .isEqualTo(Reason.TLOG_CHECKPOINT_INVALID);
  }

  @Test
  void verify_signatureChanged_isBodyMismatch() throws Exception {
    assertThat(
            v1(
                b -> {
                  ObjectNode ms = (ObjectNode) b.get("messageSignature");
                  ms.put("signature", flip(ms.get("signature").asText()));
                }))
        .isEqualTo(Reason.TLOG_BODY_MISMATCH);
  }

  @Test
  void verify_statedDigestChanged_isBodyMismatch() throws Exception {
    assertThat(
            v1(
                b -> {
                  ObjectNode md = (ObjectNode) b.get("messageSignature").get("messageDigest");
                  md.put("digest", flip(md.get("digest").asText()));
                }))
        .isEqualTo(Reason.TLOG_BODY_MISMATCH);
  }

  @Test
  void verify_certificateSwapped_isBodyMismatch() throws Exception {
    String other =
        json(caseDir("happy-path-v0.2").resolve("bundle.sigstore.json"))
            .get("verificationMaterial")
            .get("x509CertificateChain")
            .get("certificates")
            .get(0)
            .get("rawBytes")
            .asText();
    assertThat(
            v1(
                b ->
                    ((ObjectNode) b.get("verificationMaterial").get("certificate"))
                        .put("rawBytes", other)))
        .isEqualTo(Reason.TLOG_BODY_MISMATCH);
  }

  @Test
  void verify_wrongIdentityOrIssuer_isPolicyMismatch() throws Exception {
    assertThat(
            run(
                "happy-path-v0.3",
                Corpus.publicGoodRoot(),
                b -> {},
                IdentityPolicy.exact(IDENTITY + "x", ISSUER),
                artifact()))
        .isEqualTo(Reason.IDENTITY_MISMATCH);
    assertThat(
            run(
                "happy-path-v0.3",
                Corpus.publicGoodRoot(),
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER + "x"),
                artifact()))
        .isEqualTo(Reason.ISSUER_MISMATCH);
    assertThat(
            run(
                "happy-path-v0.3",
                Corpus.publicGoodRoot(),
                b -> {},
                IdentityPolicy.regex("^https://github\\.com/sigstore-conformance/", ISSUER, null),
                artifact()))
        .isNull();
    assertThat(
            run(
                "happy-path-v0.3",
                Corpus.publicGoodRoot(),
                b -> {},
                IdentityPolicy.regex("^https://github\\.com/someone-else/", ISSUER, null),
                artifact()))
        .isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void verify_tamperedArtifact_isDigestMismatch() throws Exception {
    Path other = Files.createTempFile("artifact", ".txt");
    Files.write(other, Files.readAllBytes(artifact()));
    byte[] bytes = Files.readAllBytes(other);
    bytes[0] ^= 0x01;
    Files.write(other, bytes);
    assertThat(
            run(
                "happy-path-v0.3",
                Corpus.publicGoodRoot(),
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER),
                other))
        .isEqualTo(Reason.ARTIFACT_DIGEST_MISMATCH);
  }

  @Test
  void verify_expiredCertificate_isNotValidAtSigningTime() throws Exception {
    Path d = caseDir("intoto-expired-certificate_fail");
    Reason r =
        run(
            "intoto-expired-certificate_fail",
            TrustedRoot.parse(
                Files.readAllBytes(
                    Files.exists(d.resolve("trusted_root.json"))
                        ? d.resolve("trusted_root.json")
                        : Corpus.dir("trust").resolve("public-good-trusted_root.json"))),
            b -> {},
            IdentityPolicy.exact(IDENTITY, ISSUER),
            artifact());
    assertThat(r).isEqualTo(Reason.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME);
  }

  /** The trust root with the Rekor v1 log's key replaced by the CT log's (same log id kept). */
  private static TrustedRoot withWrongLogKey() throws Exception {
    ObjectNode r = json(Corpus.dir("trust").resolve("public-good-trusted_root.json"));
    JsonNode ctKey = r.get("ctlogs").get(1).get("publicKey");
    for (JsonNode t : r.get("tlogs")) {
      if (t.get("baseUrl").asText().equals("https://rekor.sigstore.dev")) {
        ((ObjectNode) t).set("publicKey", ctKey.deepCopy());
      }
    }
    return TrustedRoot.parse(ProtoJson.mapper().writeValueAsBytes(r));
  }

  @Test
  void verify_wrongLogKey_isSetInvalid() throws Exception {
    assertThat(
            run(
                "happy-path-v0.3",
                withWrongLogKey(),
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER),
                artifact()))
        .isEqualTo(Reason.TLOG_SET_INVALID);
  }

  @Test
  void verify_sctLogNotInRoot_isSctMissing() throws Exception {
    // The root lists a CT log (so SCTs are required), but not the one that signed this SCT.
    ObjectNode r = json(Corpus.dir("trust").resolve("public-good-trusted_root.json"));
    JsonNode rekor = r.get("tlogs").get(0).deepCopy();
    r.putArray("ctlogs").add(rekor);
    assertThat(
            run(
                "happy-path-v0.3",
                TrustedRoot.parse(ProtoJson.mapper().writeValueAsBytes(r)),
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER),
                artifact()))
        .isEqualTo(Reason.SCT_MISSING);
  }

  @Test
  void verify_fulcioRemoved_isChainInvalid() throws Exception {
    ObjectNode r = json(Corpus.dir("trust").resolve("public-good-trusted_root.json"));
    r.putArray("certificateAuthorities");
    assertThat(
            run(
                "happy-path-v0.3",
                TrustedRoot.parse(ProtoJson.mapper().writeValueAsBytes(r)),
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER),
                artifact()))
        .isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID);
  }

  // ------------------------------------------------------------ Rekor v2 + RFC 3161 timestamps

  private static Reason v2(Consumer<ObjectNode> change) throws Exception {
    TrustedRoot root =
        TrustedRoot.parse(
            Files.readAllBytes(caseDir("rekor2-happy-path").resolve("trusted_root.json")));
    return run(
        "rekor2-happy-path", root, change, IdentityPolicy.exact(IDENTITY, ISSUER), artifact());
  }

  @Test
  void verifyRekorV2_unchanged_passes() throws Exception {
    assertThat(v2(b -> {})).isNull();
  }

  @Test
  void verifyRekorV2_timestampRemoved_isNoVerifiedTime() throws Exception {
    assertThat(
            v2(
                b ->
                    ((ObjectNode) b.get("verificationMaterial"))
                        .remove("timestampVerificationData")))
        .isEqualTo(Reason.NO_VERIFIED_TIME);
  }

  @Test
  void verifyRekorV2_timestampByteChanged_isTimestampInvalid() throws Exception {
    assertThat(
            v2(
                b -> {
                  ObjectNode ts =
                      (ObjectNode)
                          b.get("verificationMaterial")
                              .get("timestampVerificationData")
                              .get("rfc3161Timestamps")
                              .get(0);
                  byte[] der = Base64s.decodeAny(ts.get("signedTimestamp").asText());
                  der[der.length - 10] ^= 0x01; // inside the CMS signature
                  ts.put("signedTimestamp", Base64s.encode(der));
                }))
        .isEqualTo(Reason.TIMESTAMP_INVALID);
  }

  @Test
  void verifyRekorV2_checkpointSignatureChanged_isCheckpointInvalid() throws Exception {
    assertThat(
            v2(
                b -> {
                  ObjectNode cp = (ObjectNode) entry(b).get("inclusionProof").get("checkpoint");
                  String env = cp.get("envelope").asText();
                  int sp = env.lastIndexOf(' ');
                  String sig = env.substring(sp + 1).strip();
                  cp.put("envelope", env.substring(0, sp + 1) + flip(sig) + "\n");
                }))
        .isEqualTo(Reason.TLOG_CHECKPOINT_INVALID);
  }

  @Test
  void verifyRekorV2_bodyDigestChanged_isProofInvalid() throws Exception {
    // Rekor v2 has no SET: a changed body is caught by the inclusion proof.
    assertThat(
            v2(
                b -> {
                  String body =
                      new String(
                          Base64s.decodeAny(entry(b).get("canonicalizedBody").asText()),
                          StandardCharsets.UTF_8);
                  entry(b)
                      .put(
                          "canonicalizedBody",
                          Base64s.encode(
                              body.replace("\"SHA2_256\"", "\"SHA2_256\" ")
                                  .getBytes(StandardCharsets.UTF_8)));
                }))
        .isEqualTo(Reason.TLOG_INCLUSION_PROOF_INVALID);
  }

  @Test
  void verifyRekorV2_entryIndexChanged_isEntryInvalid() throws Exception {
    assertThat(v2(b -> entry(b).put("logIndex", plusOne(entry(b).get("logIndex")))))
        .isEqualTo(Reason.TLOG_ENTRY_INVALID);
  }

  // --------------------------------------------------------------------------- DSSE and keys

  @Test
  void verifyDsse_artifactNotASubject_isSubjectMismatch() throws Exception {
    Path other = Files.createTempFile("not-a-subject", ".txt");
    Files.writeString(other, "something else");
    assertThat(
            run(
                "happy-path-intoto-in-dsse-v3",
                Corpus.publicGoodRoot(),
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER),
                other))
        .isEqualTo(Reason.SUBJECT_DIGEST_MISMATCH);
    assertThat(
            run(
                "happy-path-intoto-in-dsse-v3",
                Corpus.publicGoodRoot(),
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER),
                artifact()))
        .isNull();
  }

  @Test
  void verifyDsse_payloadChanged_isBodyMismatch() throws Exception {
    assertThat(
            run(
                "happy-path-intoto-in-dsse-v3",
                Corpus.publicGoodRoot(),
                b -> {
                  ObjectNode env = (ObjectNode) b.get("dsseEnvelope");
                  env.put("payload", flip(env.get("payload").asText()));
                },
                IdentityPolicy.exact(IDENTITY, ISSUER),
                artifact()))
        .isEqualTo(Reason.TLOG_BODY_MISMATCH);
  }

  @Test
  void verifyKey_rightAndWrongKey() throws Exception {
    Path d = caseDir("managed-key-happy-path");
    TrustedRoot root =
        Files.exists(d.resolve("trusted_root.json"))
            ? TrustedRoot.parse(Files.readAllBytes(d.resolve("trusted_root.json")))
            : Corpus.publicGoodRoot();
    var key = Certificates.publicKeyFromPem(Files.readString(d.resolve("key.pub")));
    assertThat(
            run("managed-key-happy-path", root, b -> {}, IdentityPolicy.publicKey(key), artifact()))
        .isNull();
    var other = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
    assertThat(
            run(
                "managed-key-happy-path",
                root,
                b -> {},
                IdentityPolicy.publicKey(other),
                artifact()))
        .isEqualTo(Reason.TLOG_BODY_MISMATCH);
    assertThat(
            run(
                "managed-key-happy-path",
                root,
                b -> {},
                IdentityPolicy.exact(IDENTITY, ISSUER),
                artifact()))
        .isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void verifyLeafCertificate_outsideValidity_throwsNotValidAtSigningTime() throws Exception {
    Bundle b =
        Bundle.parse(
            Files.readAllBytes(caseDir("happy-path-v0.3").resolve("bundle.sigstore.json")));
    var leaf = b.verificationMaterial().leafCertificate().orElseThrow();
    SigstoreVerifier v = SigstoreVerifier.create(Corpus.publicGoodRoot());
    assertThat(v.verifyLeafCertificate(leaf, leaf.getNotBefore().toInstant().plusSeconds(1)))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThatThrownBy(
            () -> v.verifyLeafCertificate(leaf, leaf.getNotAfter().toInstant().plusSeconds(1)))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME));
  }
}
