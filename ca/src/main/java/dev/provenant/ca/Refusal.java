package dev.provenant.ca;

/**
 * Why the CA (or its timestamp authority) refused a request. Stable, machine-readable: tests and
 * the audit log assert on these names, so add values and never rename one. Each carries the HTTP
 * status it maps to and the gRPC-style code Fulcio's REST gateway puts in its error JSON.
 */
public enum Refusal {
  /** The request body is not the JSON or DER the endpoint expects. */
  REQUEST_MALFORMED(400, 3),
  /** No OIDC identity token was given. */
  TOKEN_MISSING(401, 16),
  /** The token is not a well-formed signed JWT (or uses an algorithm we do not accept). */
  TOKEN_MALFORMED(400, 3),
  /** The token's {@code iss} is not one of the configured trusted issuers. */
  ISSUER_UNKNOWN(400, 3),
  /** The issuer's discovery document or JWKS could not be fetched or parsed. */
  ISSUER_UNREACHABLE(503, 14),
  /** The token names a key id that the issuer's JWKS does not hold (even after a refetch). */
  SIGNING_KEY_UNKNOWN(400, 3),
  /** The token's signature does not verify under the issuer's key. */
  TOKEN_SIGNATURE_INVALID(400, 3),
  /** {@code exp} is in the past (beyond the allowed clock skew), or missing. */
  TOKEN_EXPIRED(400, 3),
  /** {@code nbf} is in the future (beyond the allowed clock skew). */
  TOKEN_NOT_YET_VALID(400, 3),
  /** {@code iat} is in the future (beyond the allowed clock skew), or missing. */
  TOKEN_ISSUED_IN_FUTURE(400, 3),
  /** {@code aud} does not contain the audience this CA expects. */
  AUDIENCE_MISMATCH(400, 3),
  /** The token's claims cannot be mapped to a certificate identity for its issuer's type. */
  IDENTITY_UNMAPPABLE(400, 3),
  /** The public key cannot be parsed. */
  PUBLIC_KEY_INVALID(400, 3),
  /** The public key is of a type or size the CA does not certify. */
  PUBLIC_KEY_WEAK(400, 3),
  /** The proof of possession does not verify under the submitted public key. */
  PROOF_OF_POSSESSION_INVALID(400, 3),
  /** The CSR cannot be parsed or its self-signature does not verify. */
  CSR_INVALID(400, 3),
  /** The CSR asks for extensions; the CA decides every extension itself. */
  CSR_EXTENSIONS_NOT_ALLOWED(400, 3),
  /** The timestamp request is malformed or uses an unsupported hash. */
  TIMESTAMP_REQUEST_INVALID(400, 3),
  /** The CT log did not accept the precertificate. */
  CT_LOG_FAILED(500, 13),
  /** A CA or TSA key failed to sign. */
  SIGNING_FAILED(500, 13);

  private final int httpStatus;
  private final int grpcCode;

  Refusal(int httpStatus, int grpcCode) {
    this.httpStatus = httpStatus;
    this.grpcCode = grpcCode;
  }

  /** The HTTP status of a response refusing for this reason. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The gRPC status code (as in Fulcio's REST error JSON {@code code}). */
  public int grpcCode() {
    return grpcCode;
  }
}
