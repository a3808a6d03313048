package dev.provenant.verify.slsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Changes one claim of real signed provenance (a slsa-github-generator v2.1.0 Sigstore bundle) at a
 * time: each change must be caught as tampering by the signature or the log evidence, never pass
 * and never throw anything but a typed failure.
 */
class ProvenanceMutationTest {
  static final String BUNDLE =
      "cli/slsa-verifier/testdata/gha_generic/v2.1.0/binary-linux-amd64-push-v14.2.intoto.jsonl";
  static final String DIGEST = "376e7e01348585b6e6643bc6663146b9d525d9b41228bf180eaeb4d4a3706caa";
  static final String SRC = "github.com/slsa-framework/example-package";
  static final Set<Reason> TAMPERING = Set.of(Reason.SIGNATURE_INVALID, Reason.TLOG_BODY_MISMATCH);
  static final ObjectMapper JSON = new ObjectMapper();
  static SlsaVerifier verifier;
  static byte[] original;

  @BeforeAll
  static void load() throws Exception {
    TrustedRoot root =
        TrustedRoot.parse(
            Files.readAllBytes(Corpus.path("slsa-verifier/testdata/_trust/trusted_root.json")));
    verifier = SlsaVerifier.create(SigstoreEvidences.create(root), null);
    original = Files.readAllBytes(Corpus.path("slsa-verifier/testdata/" + BUNDLE));
  }

  static VerifiedProvenance verify(byte[] bundle, SlsaPolicy policy) throws VerificationException {
    return verifier.verifyArtifact(
        bundle, DIGEST, policy, SlsaVerifier.TlogMode.ONLINE, new Checks(), w -> {});
  }

  static byte[] withPayload(String from, String to) throws Exception {
    ObjectNode b = (ObjectNode) JSON.readTree(original);
    ObjectNode env = (ObjectNode) b.get("dsseEnvelope");
    String payload =
        new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
    assertThat(payload).contains(from);
    env.put(
        "payload",
        Base64.getEncoder()
            .encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8)));
    return JSON.writeValueAsBytes(b);
  }

  @Test
  void verify_unchangedBundle_passes() throws Exception {
    VerifiedProvenance v =
        verify(original, new SlsaPolicy(SRC, null, null, "v14.2", null, Map.of()));
    assertThat(v.builderId().name()).endsWith("generator_generic_slsa3.yml");
    assertThat(v.logIndex()).isPositive();
  }

  @ParameterizedTest
  @CsvSource({
    "generator_generic_slsa3.yml@refs/tags/v2.1.0, generator_generic_slsa3.yml@refs/tags/v2.2.0",
    "git+https://github.com/slsa-framework/example-package@refs/tags/v14.2, git+https://github.com/evil/example-package@refs/tags/v14.2",
    "refs/tags/v14.2, refs/tags/v15.0",
    "376e7e01348585b6e6643bc6663146b9d525d9b41228bf180eaeb4d4a3706caa, 476e7e01348585b6e6643bc6663146b9d525d9b41228bf180eaeb4d4a3706caa",
    "\"github_event_name\":\"push\", \"github_event_name\":\"workflow_dispatch\""
  })
  void verify_claimChangedInSignedPayload_tamperingDetected(String from, String to)
      throws Exception {
    byte[] mutated = withPayload(from, to);
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class, () -> verify(mutated, SlsaPolicy.ofSource(SRC)));
    assertThat(e).as("mutation %s -> %s must fail", from, to).isNotNull();
    assertThat(TAMPERING).contains(e.reason());
  }

  @Test
  void verify_signatureByteFlipped_tamperingDetected() throws Exception {
    ObjectNode b = (ObjectNode) JSON.readTree(original);
    ObjectNode sig = (ObjectNode) b.get("dsseEnvelope").get("signatures").get(0);
    byte[] s = Base64.getDecoder().decode(sig.get("sig").asText());
    s[s.length - 3] ^= 1;
    sig.put("sig", Base64.getEncoder().encodeToString(s));
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class,
            () -> verify(JSON.writeValueAsBytes(b), SlsaPolicy.ofSource(SRC)));
    assertThat(e).isNotNull();
    assertThat(Set.of(Reason.SIGNATURE_INVALID, Reason.TLOG_BODY_MISMATCH)).contains(e.reason());
  }

  @Test
  void verify_integratedTimeChanged_setInvalid() throws Exception {
    ObjectNode b = (ObjectNode) JSON.readTree(original);
    ObjectNode entry = (ObjectNode) b.get("verificationMaterial").get("tlogEntries").get(0);
    entry.put("integratedTime", String.valueOf(entry.get("integratedTime").asLong() + 1));
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class,
            () -> verify(JSON.writeValueAsBytes(b), SlsaPolicy.ofSource(SRC)));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.TLOG_SET_INVALID);
  }

  @Test
  void verify_policyMismatchesOnGenuineBundle_policyReasons() {
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () ->
                        verify(original, new SlsaPolicy(SRC, null, null, "v14.3", null, Map.of())))
                .reason())
        .isEqualTo(Reason.TAG_MISMATCH);
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () -> verify(original, SlsaPolicy.ofSource("github.com/slsa-framework/other")))
                .reason())
        .isEqualTo(Reason.SOURCE_MISMATCH);
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () ->
                        verify(
                            original,
                            SlsaPolicy.ofSource(SRC)
                                .withBuilderId(
                                    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml")))
                .reason())
        .isEqualTo(Reason.BUILDER_UNTRUSTED);
  }
}
