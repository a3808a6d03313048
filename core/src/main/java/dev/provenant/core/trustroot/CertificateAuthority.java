package dev.provenant.core.trustroot;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

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
    String organization,
    String commonName,
    String uri,
    List<X509Certificate> certChain,
    TimeRange validFor) {
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

  /**
   * An authority as a trust root names it, its subject taken from the chain's root (organization
   * and common name), valid from {@code validFrom} on.
   *
   * @param certChain leaf-most first, root last
   */
  public static CertificateAuthority of(
      String uri, List<X509Certificate> certChain, Instant validFrom) {
    X509Certificate root = certChain.get(certChain.size() - 1);
    X500Name n = X500Name.getInstance(root.getSubjectX500Principal().getEncoded());
    return new CertificateAuthority(
        first(n, BCStyle.O), first(n, BCStyle.CN), uri, certChain, new TimeRange(validFrom, null));
  }

  private static String first(X500Name n, ASN1ObjectIdentifier oid) {
    RDN[] r = n.getRDNs(oid);
    return r.length == 0 ? "" : IETFUtils.valueToString(r[0].getFirst().getValue());
  }

  /** The last certificate of the chain (the root). */
  public X509Certificate root() {
    return certChain.get(certChain.size() - 1);
  }
}
