package dev.provenant.ca;

import dev.provenant.core.ct.SignedCertificateTimestamp;
import dev.provenant.core.x509.Certificates;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A certificate the CA issued.
 *
 * @param leaf the code-signing certificate with its embedded SCT
 * @param chain the issuing chain after the leaf: intermediate, root
 * @param sct the SCT embedded in the leaf
 * @param ctIndex the precertificate's index in the CT log
 */
public record IssuedCertificate(
    X509Certificate leaf,
    List<X509Certificate> chain,
    SignedCertificateTimestamp sct,
    long ctIndex) {
  /** Copies the chain. */
  public IssuedCertificate {
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(sct, "sct");
    chain = List.copyOf(chain);
  }

  /** Leaf first, then the chain, each as 64-column PEM (Fulcio's {@code chain.certificates}). */
  public List<String> pemChain() {
    List<String> out = new ArrayList<>();
    out.add(Certificates.toPem(leaf));
    for (X509Certificate c : chain) {
      out.add(Certificates.toPem(c));
    }
    return out;
  }
}
