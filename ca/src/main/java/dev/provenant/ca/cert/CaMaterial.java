package dev.provenant.ca.cert;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The keys and certificates of one CA instance.
 *
 * @param root the self-signed root
 * @param intermediate the issuing intermediate, signed by the root
 * @param issuer signs leaf certificates; its public key is the intermediate's
 * @param ctLog signs SCTs (ECDSA P-256, as RFC 6962 logs use)
 * @param tsaChain the timestamp authority's chain, leaf first, root last
 * @param tsa signs RFC 3161 timestamps; its public key is {@code tsaChain.get(0)}'s
 */
public record CaMaterial(
    X509Certificate root,
    X509Certificate intermediate,
    Signer issuer,
    Signer ctLog,
    List<X509Certificate> tsaChain,
    Signer tsa) {
  /** Checks that each signer matches its certificate. */
  public CaMaterial {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(intermediate, "intermediate");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(ctLog, "ctLog");
    Objects.requireNonNull(tsa, "tsa");
    tsaChain = List.copyOf(tsaChain);
    if (!intermediate.getPublicKey().equals(issuer.publicKey())) {
      throw new IllegalArgumentException(
          "issuer signer does not match the intermediate certificate");
    }
    if (tsaChain.isEmpty() || !tsaChain.get(0).getPublicKey().equals(tsa.publicKey())) {
      throw new IllegalArgumentException("TSA signer does not match the TSA certificate");
    }
  }

  /** The code-signing chain as Fulcio returns it after the leaf: intermediate, root. */
  public List<X509Certificate> chain() {
    return List.of(intermediate, root);
  }
}
