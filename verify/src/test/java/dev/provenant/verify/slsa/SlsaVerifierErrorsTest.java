package dev.provenant.verify.slsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Corpus;
import dev.provenant.verify.Reason;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SlsaVerifierErrorsTest {
  /** The 48 values of slsa-verifier errors/errors.go (REFERENCE.md §4). */
  static final Set<String> ERRORS_GO =
      Set.of(
          "ErrorInvalidDssePayload",
          "ErrorMismatchBranch",
          "ErrorMismatchPackageVersion",
          "ErrorMismatchPackageName",
          "ErrorMismatchBuilderID",
          "ErrorInvalidBuilderID",
          "ErrorInvalidBuildType",
          "ErrorMismatchSource",
          "ErrorMismatchWorkflowInputs",
          "ErrorMalformedURI",
          "ErrorMismatchCertificate",
          "ErrorInvalidCertificate",
          "ErrorMismatchTag",
          "ErrorInvalidRecipe",
          "ErrorMismatchVersionedTag",
          "ErrorInvalidSemver",
          "ErrorRekorSearch",
          "ErrorMismatchHash",
          "ErrorNonVerifiableClaim",
          "ErrorMismatchIntoto",
          "ErrorInvalidRef",
          "ErrorUntrustedReusableWorkflow",
          "ErrorNoValidRekorEntries",
          "ErrorVerifierNotSupported",
          "ErrorInvalidOIDCIssuer",
          "ErrorNotSupported",
          "ErrorInvalidFormat",
          "ErrorInvalidPEM",
          "ErrorInvalidSignature",
          "ErrorNoValidSignature",
          "ErrorMutableImage",
          "ErrorImageHash",
          "ErrorInvalidEncoding",
          "ErrorInternal",
          "ErrorInvalidRekorEntry",
          "ErrorRekorPubKey",
          "ErrorInvalidPackageName",
          "ErrorInvalidSubject",
          "ErrorInvalidHash",
          "ErrorNotPresent",
          "ErrorInvalidPublicKey",
          "ErrorInvalidVerificationResult",
          "ErrorMismatchVerifiedLevels",
          "ErrorMissingSubjectDigest",
          "ErrorEmptyRequiredField",
          "ErrorMismatchResourceURI",
          "ErrorMismatchVerifierID",
          "ErrorInvalidSLSALevel");

  @Test
  void table_coversEveryErrorsGoValue() {
    assertThat(ERRORS_GO).hasSize(48);
    assertThat(SlsaVerifierErrors.upstreamNames()).containsAll(ERRORS_GO);
  }

  @Test
  void table_coversEveryCorpusExpectation() throws Exception {
    JsonNode cases =
        new ObjectMapper().readTree(Corpus.root().resolve("slsa-verifier/cases.json").toFile());
    Set<String> expects = new TreeSet<>();
    cases.get("cases").forEach(c -> expects.add(c.get("expect").asText()));
    expects.remove("pass");
    assertThat(SlsaVerifierErrors.upstreamNames()).containsAll(expects);
  }

  @Test
  void reasonsFor_policyErrors_areDistinct() {
    assertThat(SlsaVerifierErrors.reasonsFor("ErrorMismatchTag"))
        .containsExactly(Reason.TAG_MISMATCH);
    assertThat(SlsaVerifierErrors.reasonsFor("ErrorMismatchVersionedTag"))
        .containsExactly(Reason.VERSIONED_TAG_MISMATCH);
    assertThat(SlsaVerifierErrors.matches("ErrorMismatchTag", Reason.VERSIONED_TAG_MISMATCH))
        .isFalse();
  }

  @Test
  void reasonsFor_unknownName_rejected() {
    assertThatThrownBy(() -> SlsaVerifierErrors.reasonsFor("ErrorNope"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
