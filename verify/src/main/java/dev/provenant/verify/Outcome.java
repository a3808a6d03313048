package dev.provenant.verify;

/**
 * The class of a verification failure. The CLI maps each to one exit code (README, "Exit codes"),
 * so scripts can tell tampering from a policy mismatch from a missing trust root.
 */
public enum Outcome {
  /** The evidence is authentic but says something other than what the policy asked for (exit 1). */
  POLICY_MISMATCH,
  /** Usage error, or input that cannot be read or parsed (exit 2). */
  BAD_INPUT,
  /** A signature, proof or certificate does not verify: tampering or forgery (exit 3). */
  INVALID,
  /** No signature, attestation or log entry was found (exit 4). */
  NOT_FOUND,
  /** The trust root is missing, expired or unusable (exit 5). */
  TRUST_ROOT,
  /** An online lookup could not reach its service (exit 6). */
  UNREACHABLE
}
