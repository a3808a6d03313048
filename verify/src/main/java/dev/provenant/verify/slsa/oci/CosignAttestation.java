package dev.provenant.verify.slsa.oci;

import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.dsse.DsseEnvelope;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One cosign attestation layer: the DSSE envelope and what cosign's annotations carry.
 *
 * @param envelopeJson the layer bytes (a DSSE envelope), as stored
 * @param envelope the parsed envelope
 * @param certificate the signing certificate ({@code dev.sigstore.cosign/certificate}), or null
 * @param tlogEntry the Rekor entry from the {@code dev.sigstore.cosign/bundle} annotation (SET, no
 *     inclusion proof), or null
 */
public record CosignAttestation(
    byte[] envelopeJson, DsseEnvelope envelope, X509Certificate certificate, TlogEntry tlogEntry) {
  /** Copies. */
  public CosignAttestation {
    envelopeJson = envelopeJson.clone();
    Objects.requireNonNull(envelope, "envelope");
  }

  @Override
  public byte[] envelopeJson() {
    return envelopeJson.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosignAttestation a && Arrays.equals(envelopeJson, a.envelopeJson);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(envelopeJson);
  }

  @Override
  public String toString() {
    return "CosignAttestation[" + envelopeJson.length + " bytes]";
  }
}
