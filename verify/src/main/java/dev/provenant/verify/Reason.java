package dev.provenant.verify;

/**
 * Stable, machine-readable reason codes for verification failures. Names are part of the public
 * contract (they appear in {@code --format json} output and in the slsa-verifier error mapping):
 * add new values, never rename or remove one.
 */
public enum Reason {
  // --- input (exit 2)
  INPUT_UNREADABLE(Outcome.BAD_INPUT),
  INPUT_MALFORMED(Outcome.BAD_INPUT),
  BUNDLE_MALFORMED(Outcome.BAD_INPUT),
  PROVENANCE_MALFORMED(Outcome.BAD_INPUT),
  UNSUPPORTED_FORMAT(Outcome.BAD_INPUT),
  USAGE(Outcome.BAD_INPUT),

  // --- trust root (exit 5)
  TRUST_ROOT_MISSING(Outcome.TRUST_ROOT),
  TRUST_ROOT_MALFORMED(Outcome.TRUST_ROOT),
  TRUST_ROOT_EXPIRED(Outcome.TRUST_ROOT),

  // --- cryptographic evidence (exit 3)
  SIGNATURE_INVALID(Outcome.INVALID),
  ARTIFACT_DIGEST_MISMATCH(Outcome.INVALID),
  CERTIFICATE_MALFORMED(Outcome.INVALID),
  CERTIFICATE_CHAIN_INVALID(Outcome.INVALID),
  CERTIFICATE_NOT_VALID_AT_SIGNING_TIME(Outcome.INVALID),
  SCT_MISSING(Outcome.INVALID),
  SCT_INVALID(Outcome.INVALID),
  TLOG_KEY_UNKNOWN(Outcome.INVALID),
  TLOG_SET_INVALID(Outcome.INVALID),
  TLOG_INCLUSION_PROOF_INVALID(Outcome.INVALID),
  TLOG_CHECKPOINT_INVALID(Outcome.INVALID),
  TLOG_BODY_MISMATCH(Outcome.INVALID),
  TLOG_ENTRY_INVALID(Outcome.INVALID),
  TIMESTAMP_INVALID(Outcome.INVALID),
  NO_VERIFIED_TIME(Outcome.INVALID),
  DSSE_PAYLOAD_INVALID(Outcome.INVALID),
  PUBLIC_KEY_INVALID(Outcome.INVALID),

  // --- absence (exit 4)
  NO_SIGNATURE(Outcome.NOT_FOUND),
  NO_ATTESTATION(Outcome.NOT_FOUND),
  TLOG_ENTRY_NOT_FOUND(Outcome.NOT_FOUND),

  // --- policy (exit 1)
  IDENTITY_MISMATCH(Outcome.POLICY_MISMATCH),
  ISSUER_MISMATCH(Outcome.POLICY_MISMATCH),
  SOURCE_MISMATCH(Outcome.POLICY_MISMATCH),
  SOURCE_URI_MALFORMED(Outcome.POLICY_MISMATCH),
  BUILDER_UNTRUSTED(Outcome.POLICY_MISMATCH),
  BUILDER_MISMATCH(Outcome.POLICY_MISMATCH),
  BUILDER_ID_INVALID(Outcome.POLICY_MISMATCH),
  BUILD_TYPE_INVALID(Outcome.POLICY_MISMATCH),
  REF_INVALID(Outcome.POLICY_MISMATCH),
  BRANCH_MISMATCH(Outcome.POLICY_MISMATCH),
  TAG_MISMATCH(Outcome.POLICY_MISMATCH),
  VERSIONED_TAG_MISMATCH(Outcome.POLICY_MISMATCH),
  SEMVER_INVALID(Outcome.POLICY_MISMATCH),
  WORKFLOW_INPUTS_MISMATCH(Outcome.POLICY_MISMATCH),
  SUBJECT_DIGEST_MISMATCH(Outcome.POLICY_MISMATCH),
  PACKAGE_NAME_MISMATCH(Outcome.POLICY_MISMATCH),
  PACKAGE_VERSION_MISMATCH(Outcome.POLICY_MISMATCH),
  CERTIFICATE_PROVENANCE_MISMATCH(Outcome.POLICY_MISMATCH),
  NON_VERIFIABLE_CLAIM(Outcome.POLICY_MISMATCH),
  VERIFIER_NOT_SUPPORTED(Outcome.POLICY_MISMATCH),
  NOT_SUPPORTED(Outcome.POLICY_MISMATCH),
  IMAGE_REFERENCE_MUTABLE(Outcome.POLICY_MISMATCH),

  // --- online lookups (exit 6)
  LOG_UNREACHABLE(Outcome.UNREACHABLE),
  /**
   * The registry did not answer about the image (401/403, 5xx, timeout): never "no attestation".
   */
  REGISTRY_UNREACHABLE(Outcome.UNREACHABLE),

  // --- SLSA layer (appended)
  /** A builder id that is not {@code name[@version]} (bad input from the user or provenance). */
  BUILDER_ID_MALFORMED(Outcome.BAD_INPUT),
  /** Provenance fields that contradict each other (e.g. trigger and source URIs). */
  PROVENANCE_INCONSISTENT(Outcome.INVALID),
  /** A GCB recipe type that does not belong to the builder version. */
  BUILD_RECIPE_INVALID(Outcome.POLICY_MISMATCH),
  /** The unsigned copy of a statement differs from the signed one. */
  STATEMENT_MISMATCH(Outcome.INVALID),
  /** A VSA names another verifier. */
  VERIFIER_ID_MISMATCH(Outcome.POLICY_MISMATCH),
  /** A VSA is about another resource. */
  RESOURCE_URI_MISMATCH(Outcome.POLICY_MISMATCH),
  /** A VSA whose verificationResult is not PASSED. */
  VERIFICATION_RESULT_NOT_PASSED(Outcome.POLICY_MISMATCH),
  /** A VSA lacks an expected verified level. */
  VERIFIED_LEVELS_MISMATCH(Outcome.POLICY_MISMATCH),
  /** A SLSA level string that is not {@code SLSA_<TRACK>_LEVEL_<n>}. */
  SLSA_LEVEL_INVALID(Outcome.BAD_INPUT),
  /** An expected subject digest is not among the attestation's subjects. */
  SUBJECT_DIGEST_MISSING(Outcome.POLICY_MISMATCH),
  /** A required field of an attestation is empty. */
  REQUIRED_FIELD_EMPTY(Outcome.INVALID),
  /** A digest the user gave that is too short or malformed. */
  DIGEST_INVALID(Outcome.BAD_INPUT),
  /** An npm attestation bundle set that lacks the provenance or publish attestation. */
  ATTESTATIONS_INVALID(Outcome.BAD_INPUT),
  /** The transparency-log entry of a bundle does not match its envelope. */
  TLOG_ENTRY_MISMATCH(Outcome.INVALID);

  private final Outcome outcome;

  Reason(Outcome outcome) {
    this.outcome = outcome;
  }

  /** The class of failure, which decides the CLI exit code. */
  public Outcome outcome() {
    return outcome;
  }
}
