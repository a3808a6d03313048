package dev.provenant.cli;

/**
 * Process exit codes, one per class of outcome, so that scripts can branch on them. Documented in
 * the README; do not renumber.
 */
public enum ExitCode {
  /** Everything verified. */
  VERIFIED(0),
  /** Policy mismatch: identity, source, ref, builder, digest not among subjects. */
  POLICY_MISMATCH(1),
  /** Usage error or unreadable input. */
  USAGE(2),
  /** Signature, proof or certificate invalid: tampering. */
  INVALID(3),
  /** No signature or attestation found. */
  NOT_FOUND(4),
  /** Trust root missing, expired or unusable. */
  TRUST_ROOT(5),
  /** Infrastructure unreachable (online lookups only). */
  UNREACHABLE(6),
  /**
   * A rebuild of a release did not reproduce it: a subject's digest differs, a subject is missing
   * or an extra file appeared, or the rebuild's steps failed ({@code release rebuild}).
   */
  NOT_REPRODUCIBLE(7);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
