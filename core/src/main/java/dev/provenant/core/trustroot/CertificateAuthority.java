package dev.provenant.core.trustroot;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate authority (Fulcio) or timestamp authority the trust root names.
 *
 * @param organization subject organization, may be empty
 * @param commonName subject common name, may be empty
 * @param uri the authority's URL
 * @param certChain the chain, leaf-most first, root last (for a TSA the first is the signing cert)
 * @param validFor when the authority may be trusted
 */
public record CertificateAuthority(
    String organization, String commonName, String uri, List<X509Certificate> certChain, TimeRange validFor) {
  /** Validates and copies. */
  public CertificateAuthority {
    organization = organization == null ? "" : organization;
    commonName = commonName == null ? "" : commonName;
    uri = uri == null ? "" : uri;
    certChain = List.copyOf(certChain);
    if (certChain.isEmpty()) {
      throw new IllegalArgumentException("empty certChain");
    }
    Objects.requireNonNull(validFor, "validFor");
  }

  /** The last certificate of the chain (the root). */
  public X509Certificate root() {
    return certChain.get(certChain.size() - 1);
  }
}
