package dev.provenant.core.x509;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
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
    for (byte[] der : pemBlocks(pem, "CERTIFICATE")) {
      out.add(fromDer(der));
    }
    if (out.isEmpty()) {
      throw new CertificateException("no PEM CERTIFICATE block");
    }
    return out;
  }

  /** The DER bodies of every PEM block with the given label. */
  public static List<byte[]> pemBlocks(String pem, String label) throws CertificateException {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = pem.indexOf(begin, from);
      if (b < 0) {
        return out;
      }
      int e = pem.indexOf(end, b);
      if (e < 0) {
        throw new CertificateException("PEM block without END line");
      }
      String body = stripWhitespace(pem, b + begin.length(), e);
      try {
        out.add(Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException ex) {
        throw new CertificateException("PEM body is not base64: " + ex.getMessage());
      }
      from = e + end.length();
    }
  }

  /** {@code text[from, to)} without the characters the regex {@code \s} matches. */
  private static String stripWhitespace(String text, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != 0x0B && c != '\f' && c != '\r') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** PEM text of a certificate, 64 characters a line, as Rekor and Fulcio write it. */
  public static String toPem(X509Certificate cert) {
    try {
      return toPem("CERTIFICATE", cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate re-encodes", e);
    }
  }

  /** PEM text of a DER body with a label, 64 characters a line, ending with a newline. */
  public static String toPem(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
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
      blocks = pemBlocks(pem, "PUBLIC KEY");
    } catch (CertificateException e) {
      throw new InvalidKeySpecException(e.getMessage());
    }
    if (blocks.size() != 1) {
      throw new InvalidKeySpecException("expected one PEM PUBLIC KEY block, found " + blocks.size());
    }
    return publicKeyFromSpki(blocks.get(0));
  }

  /** Decides the JCA key algorithm from the SPKI's algorithm OID. */
  static final class SpkiAlgorithm {
    private SpkiAlgorithm() {}

    static String of(byte[] spki) throws InvalidKeySpecException {
      try {
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info =
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki);
        String oid = info.getAlgorithm().getAlgorithm().getId();
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
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new InvalidKeySpecException("not a SubjectPublicKeyInfo: " + e.getMessage());
      }
    }
  }
}
