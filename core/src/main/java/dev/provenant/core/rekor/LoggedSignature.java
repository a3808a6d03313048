package dev.provenant.core.rekor;

import java.util.Arrays;
import java.util.Objects;

/**
 * One signature a Rekor entry records, with the key or certificate that verifies it.
 *
 * @param signature the raw signature bytes
 * @param verifierDer DER of the certificate or SubjectPublicKeyInfo
 * @param verifierIsCertificate true when {@code verifierDer} is an X.509 certificate
 * @param keyDetails the Rekor v2 PublicKeyDetails name, empty for Rekor v1 kinds
 */
public record LoggedSignature(
    byte[] signature, byte[] verifierDer, boolean verifierIsCertificate, String keyDetails) {
  /** Copies. */
  public LoggedSignature {
    signature = signature.clone();
    verifierDer = verifierDer.clone();
    keyDetails = keyDetails == null ? "" : keyDetails;
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public byte[] verifierDer() {
    return verifierDer.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoggedSignature l
        && Arrays.equals(signature, l.signature)
        && Arrays.equals(verifierDer, l.verifierDer)
        && verifierIsCertificate == l.verifierIsCertificate
        && keyDetails.equals(l.keyDetails);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(signature), Arrays.hashCode(verifierDer), keyDetails);
  }
}
