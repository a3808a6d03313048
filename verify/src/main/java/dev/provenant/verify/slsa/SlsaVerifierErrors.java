package dev.provenant.verify.slsa;

import static dev.provenant.verify.Reason.*;

import dev.provenant.verify.Reason;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The correspondence between slsa-verifier's error values ({@code errors/errors.go} and the
 * bundle-local errors of {@code verifiers/internal/gha/bundle.go}) and this project's {@link
 * Reason}s: for each upstream error name, the reasons Provenant reports where slsa-verifier reports
 * that error. Tests hold every corpus case to it.
 *
 * <p>Several upstream errors are deliberately finer or coarser here: upstream wraps provenance
 * decoding failures in ErrorInvalidDssePayload together with ErrorInvalidBuilderID or
 * ErrorInvalidBuildType, and reports certificate chain, SCT and identity failures all as
 * ErrorInvalidCertificate.
 */
public final class SlsaVerifierErrors {
  private SlsaVerifierErrors() {}

  private static final Map<String, Set<Reason>> TABLE = new LinkedHashMap<>();

  private static void put(String name, Reason first, Reason... rest) {
    TABLE.put(name, EnumSet.of(first, rest));
  }

  static {
    put(
        "ErrorInvalidDssePayload",
        DSSE_PAYLOAD_INVALID,
        PROVENANCE_MALFORMED,
        PROVENANCE_INCONSISTENT,
        BUILDER_ID_INVALID,
        BUILD_TYPE_INVALID,
        INPUT_MALFORMED);
    put("ErrorMismatchBranch", BRANCH_MISMATCH);
    put("ErrorMismatchPackageVersion", PACKAGE_VERSION_MISMATCH);
    put("ErrorMismatchPackageName", PACKAGE_NAME_MISMATCH);
    put("ErrorMismatchBuilderID", BUILDER_MISMATCH);
    put("ErrorInvalidBuilderID", BUILDER_ID_INVALID);
    put("ErrorInvalidBuildType", BUILD_TYPE_INVALID);
    put("ErrorMismatchSource", SOURCE_MISMATCH);
    put("ErrorMismatchWorkflowInputs", WORKFLOW_INPUTS_MISMATCH);
    put("ErrorMalformedURI", SOURCE_URI_MALFORMED, CERTIFICATE_MALFORMED);
    put("ErrorMismatchCertificate", CERTIFICATE_PROVENANCE_MISMATCH);
    put(
        "ErrorInvalidCertificate",
        CERTIFICATE_MALFORMED,
        CERTIFICATE_CHAIN_INVALID,
        CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
        SCT_MISSING,
        SCT_INVALID,
        ISSUER_MISMATCH,
        IDENTITY_MISMATCH);
    put("ErrorMismatchTag", TAG_MISMATCH);
    put("ErrorInvalidRecipe", BUILD_RECIPE_INVALID);
    put("ErrorMismatchVersionedTag", VERSIONED_TAG_MISMATCH);
    put("ErrorInvalidSemver", SEMVER_INVALID);
    put("ErrorRekorSearch", TLOG_ENTRY_NOT_FOUND, LOG_UNREACHABLE);
    put("ErrorMismatchHash", SUBJECT_DIGEST_MISMATCH);
    put("ErrorNonVerifiableClaim", NON_VERIFIABLE_CLAIM);
    put("ErrorMismatchIntoto", STATEMENT_MISMATCH);
    put("ErrorInvalidRef", REF_INVALID);
    put("ErrorUntrustedReusableWorkflow", BUILDER_UNTRUSTED);
    put("ErrorNoValidRekorEntries", TLOG_ENTRY_NOT_FOUND, TLOG_ENTRY_INVALID);
    put("ErrorVerifierNotSupported", VERIFIER_NOT_SUPPORTED);
    put("ErrorInvalidOIDCIssuer", ISSUER_MISMATCH);
    put("ErrorNotSupported", NOT_SUPPORTED);
    put(
        "ErrorInvalidFormat",
        INPUT_MALFORMED,
        CERTIFICATE_MALFORMED,
        BUILDER_ID_MALFORMED,
        PROVENANCE_MALFORMED,
        USAGE);
    put("ErrorInvalidPEM", CERTIFICATE_MALFORMED, PUBLIC_KEY_INVALID);
    // Upstream does not compare the payload hash a bundle's log entry records with the envelope
    // (its TODO #487); Provenant does, before the signature, so a changed payload fails there.
    put("ErrorInvalidSignature", SIGNATURE_INVALID, TLOG_BODY_MISMATCH);
    put("ErrorNoValidSignature", NO_SIGNATURE, SIGNATURE_INVALID);
    put("ErrorMutableImage", IMAGE_REFERENCE_MUTABLE);
    put("ErrorImageHash", INPUT_UNREADABLE);
    put("ErrorInvalidEncoding", INPUT_MALFORMED);
    put("ErrorInternal", INPUT_MALFORMED);
    put(
        "ErrorInvalidRekorEntry",
        TLOG_SET_INVALID,
        TLOG_INCLUSION_PROOF_INVALID,
        TLOG_CHECKPOINT_INVALID,
        TLOG_ENTRY_INVALID,
        TLOG_BODY_MISMATCH);
    put("ErrorRekorPubKey", TLOG_KEY_UNKNOWN);
    put("ErrorInvalidPackageName", PROVENANCE_MALFORMED);
    put("ErrorInvalidSubject", PROVENANCE_MALFORMED);
    put("ErrorInvalidHash", DIGEST_INVALID);
    put("ErrorNotPresent", PROVENANCE_MALFORMED);
    put("ErrorInvalidPublicKey", PUBLIC_KEY_INVALID);
    put("ErrorInvalidVerificationResult", VERIFICATION_RESULT_NOT_PASSED);
    put("ErrorMismatchVerifiedLevels", VERIFIED_LEVELS_MISMATCH);
    put("ErrorMissingSubjectDigest", SUBJECT_DIGEST_MISSING);
    put("ErrorEmptyRequiredField", REQUIRED_FIELD_EMPTY);
    put("ErrorMismatchResourceURI", RESOURCE_URI_MISMATCH);
    put("ErrorMismatchVerifierID", VERIFIER_ID_MISMATCH);
    put("ErrorInvalidSLSALevel", SLSA_LEVEL_INVALID);
    // Bundle-local errors (verifiers/internal/gha/bundle.go), not in errors.go.
    put("ErrorMismatchSignature", TLOG_ENTRY_MISMATCH);
    put("ErrorUnequalSignatures", TLOG_ENTRY_MISMATCH);
    put("ErrorNoSignatures", NO_SIGNATURE);
    put("ErrorUnexpectedEntryType", TLOG_ENTRY_INVALID);
    put("ErrorParsingEntryBody", TLOG_ENTRY_INVALID);
    put("ErrorMissingCertInBundle", NO_SIGNATURE, BUNDLE_MALFORMED);
    put("ErrorUnexpectedBundleContent", BUNDLE_MALFORMED, UNSUPPORTED_FORMAT);
  }

  /** The upstream error names this table covers. */
  public static Set<String> upstreamNames() {
    return TABLE.keySet();
  }

  /**
   * The reasons Provenant gives where slsa-verifier reports {@code upstreamName}.
   *
   * @throws IllegalArgumentException for a name that is not an slsa-verifier error
   */
  public static Set<Reason> reasonsFor(String upstreamName) {
    Set<Reason> r = TABLE.get(upstreamName);
    if (r == null) {
      throw new IllegalArgumentException("not an slsa-verifier error name: " + upstreamName);
    }
    return EnumSet.copyOf(r);
  }

  /**
   * Whether {@code reason} is one Provenant gives where slsa-verifier reports {@code upstreamName}.
   */
  public static boolean matches(String upstreamName, Reason reason) {
    return reasonsFor(upstreamName).contains(reason);
  }
}
