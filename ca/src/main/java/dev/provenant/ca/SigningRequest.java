package dev.provenant.ca;

import java.util.Objects;

/**
 * A request for a code-signing certificate, in one of the two shapes Fulcio v2 accepts.
 *
 * @param token the OIDC identity token
 * @param publicKey PEM or base64-DER public key (public-key form), else null
 * @param proofOfPossession signature over the token subject (public-key form), else null
 * @param csr PEM or DER PKCS#10 request (CSR form), else null
 */
public record SigningRequest(String token, String publicKey, byte[] proofOfPossession, byte[] csr) {
  /** Checks that exactly one form is used and copies the byte arrays. */
  public SigningRequest {
    Objects.requireNonNull(token, "token");
    boolean pk = publicKey != null || proofOfPossession != null;
    if (pk == (csr != null)) {
      throw new IllegalArgumentException(
          "exactly one of publicKeyRequest and certificateSigningRequest is needed");
    }
    proofOfPossession = proofOfPossession == null ? null : proofOfPossession.clone();
    csr = csr == null ? null : csr.clone();
  }

  /** The public-key form. */
  public static SigningRequest ofPublicKey(
      String token, String publicKey, byte[] proofOfPossession) {
    return new SigningRequest(
        token, Objects.requireNonNull(publicKey), Objects.requireNonNull(proofOfPossession), null);
  }

  /** The CSR form. */
  public static SigningRequest ofCsr(String token, byte[] csr) {
    return new SigningRequest(token, null, null, Objects.requireNonNull(csr));
  }

  @Override
  public byte[] proofOfPossession() {
    return proofOfPossession == null ? null : proofOfPossession.clone();
  }

  @Override
  public byte[] csr() {
    return csr == null ? null : csr.clone();
  }
}
