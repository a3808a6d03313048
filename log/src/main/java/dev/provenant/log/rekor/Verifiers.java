package dev.provenant.log.rekor;

import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PemFormatException;
import dev.provenant.core.x509.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the verifier of a proposed entry (a PEM public key, certificate or chain) as Rekor's {@code
 * x509.NewPublicKey} does, and gives back its canonical PEM: the bytes public Rekor logs and
 * indexes, re-encoded through the one PEM writer ({@link Pem#encode}).
 */
final class Verifiers {
  private Verifiers() {}

  /**
   * A parsed verifier: the key, its canonical PEM (certificate chain or public key), the leaf
   * certificate if any.
   */
  record Verifier(PublicKey key, byte[] canonicalPem, X509Certificate certificate) {}

  /**
   * Parses a PEM public key, certificate or certificate chain as Rekor's x509.NewPublicKey does.
   */
  static Verifier verifier(byte[] pem) throws EntryException {
    List<Pem.Block> blocks;
    try {
      blocks = Pem.decodeStrict(new String(pem, StandardCharsets.UTF_8));
    } catch (PemFormatException e) {
      throw new EntryException(
          EntryException.Reason.INVALID_KEY, "invalid public key: " + e.getMessage());
    }
    if (blocks.size() > 10) {
      throw new EntryException(
          EntryException.Reason.INVALID_KEY, "certificate chain longer than 10");
    }
    try {
      if (blocks.size() == 1 && blocks.get(0).label().equals("PUBLIC KEY")) {
        PublicKey k = parseKey(blocks.get(0).der());
        return new Verifier(
            SignatureChecks.forBc(k), Pem.encodeBytes("PUBLIC KEY", k.getEncoded()), null);
      }
      List<X509Certificate> certs = new ArrayList<>();
      StringBuilder canon = new StringBuilder();
      for (Pem.Block b : blocks) {
        if (!b.label().equals("CERTIFICATE")) {
          throw new EntryException(
              EntryException.Reason.INVALID_KEY,
              "invalid public key: cannot handle type " + b.label());
        }
        X509Certificate c = Certificates.fromDer(b.der());
        certs.add(c);
        canon.append(Certificates.toPem(c));
      }
      return new Verifier(
          SignatureChecks.forBc(certs.get(0).getPublicKey()),
          canon.toString().getBytes(StandardCharsets.US_ASCII),
          certs.get(0));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new EntryException(
          EntryException.Reason.INVALID_KEY,
          "cannot parse key or certificate: " + e.getMessage(),
          e);
    }
  }

  private static PublicKey parseKey(byte[] der) throws EntryException {
    try {
      return Certificates.publicKeyFromSpki(der);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new EntryException(
          EntryException.Reason.INVALID_KEY, "unsupported or malformed public key");
    }
  }
}
