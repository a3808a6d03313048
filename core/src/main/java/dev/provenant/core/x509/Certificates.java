package dev.provenant.core.x509;

import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PemFormatException;
import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/** X.509 certificate and public-key codecs: DER, PEM, SubjectPublicKeyInfo. */
public final class Certificates {
  private static final ThreadLocal<CertificateFactory> FACTORY =
      ThreadLocal.withInitial(
          () -> {
            try {
              return CertificateFactory.getInstance("X.509");
            } catch (CertificateException e) {
              throw new IllegalStateException("X.509 is mandatory in every JDK", e);
            }
          });

  private Certificates() {}

  /**
   * Parses one DER certificate; trailing bytes are rejected.
   *
   * @throws CertificateException if the bytes are not exactly one X.509 certificate
   */
  public static X509Certificate fromDer(byte[] der) throws CertificateException {
    if (der == null || der.length == 0) {
      throw new CertificateException("empty certificate");
    }
    ByteArrayInputStream in = new ByteArrayInputStream(der);
    X509Certificate c = (X509Certificate) FACTORY.get().generateCertificate(in);
    if (in.available() != 0) {
      throw new CertificateException("trailing bytes after the certificate");
    }
    return c;
  }

  /**
   * Parses every {@code CERTIFICATE} block of a PEM text, in order.
   *
   * @throws CertificateException if there is none or one does not parse
   */
  public static List<X509Certificate> fromPem(String pem) throws CertificateException {
    List<X509Certificate> out = new ArrayList<>();
    List<byte[]> blocks;
    try {
      blocks = Pem.decode(pem, "CERTIFICATE");
    } catch (PemFormatException e) {
      throw new CertificateException(e.getMessage());
    }
    for (byte[] der : blocks) {
      out.add(fromDer(der));
    }
    if (out.isEmpty()) {
      throw new CertificateException("no PEM CERTIFICATE block");
    }
    return out;
  }

  /** PEM text of a certificate, 64 characters a line, as Rekor and Fulcio write it. */
  public static String toPem(X509Certificate cert) {
    try {
      return Pem.encode("CERTIFICATE", cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate re-encodes", e);
    }
  }

  /**
   * Parses a DER SubjectPublicKeyInfo (EC, RSA or Ed25519).
   *
   * @throws InvalidKeySpecException if no supported algorithm accepts the key
   */
  public static PublicKey publicKeyFromSpki(byte[] spki) throws InvalidKeySpecException {
    String alg = SpkiAlgorithm.of(spki);
    try {
      return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
    } catch (NoSuchAlgorithmException e) {
      throw new InvalidKeySpecException("unsupported key algorithm " + alg);
    }
  }

  /**
   * Parses a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo).
   *
   * @throws InvalidKeySpecException if there is no such block or it does not parse
   */
  public static PublicKey publicKeyFromPem(String pem) throws InvalidKeySpecException {
    List<byte[]> blocks;
    try {
      blocks = Pem.decode(pem, "PUBLIC KEY");
    } catch (PemFormatException e) {
      throw new InvalidKeySpecException(e.getMessage());
    }
    if (blocks.size() != 1) {
      throw new InvalidKeySpecException(
          "expected one PEM PUBLIC KEY block, found " + blocks.size());
    }
    return publicKeyFromSpki(blocks.get(0));
  }

  /**
   * The JCA key algorithm ({@code EC}, {@code RSA}, {@code Ed25519}) for a key algorithm OID as it
   * appears in a SubjectPublicKeyInfo or a PKCS#8 PrivateKeyInfo.
   *
   * @throws InvalidKeySpecException for any other algorithm
   */
  public static String keyAlgorithm(String oid) throws InvalidKeySpecException {
    switch (oid) {
      case "1.2.840.10045.2.1":
        return "EC";
      case "1.2.840.113549.1.1.1":
      case "1.2.840.113549.1.1.10":
        return "RSA";
      case "1.3.101.112":
        return "Ed25519";
      default:
        throw new InvalidKeySpecException("unsupported public key algorithm OID " + oid);
    }
  }

  /** Decides the JCA key algorithm from the SPKI's algorithm OID. */
  static final class SpkiAlgorithm {
    private SpkiAlgorithm() {}

    static String of(byte[] spki) throws InvalidKeySpecException {
      try {
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info =
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki);
        return keyAlgorithm(info.getAlgorithm().getAlgorithm().getId());
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new InvalidKeySpecException("not a SubjectPublicKeyInfo: " + e.getMessage());
      }
    }
  }
}
