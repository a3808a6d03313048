package dev.provenant.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Builds throw-away certificates carrying one extension whose bytes come from the fuzzer, so the
 * extension readers see arbitrary contents inside an otherwise well-formed certificate. The
 * signature is a constant: the readers under test never check it, and skipping real signing keeps
 * thousands of executions per second.
 */
final class CertTemplates {
  /** RFC 6962 §3.3 embedded SCT list extension. */
  static final String SCT_LIST = dev.provenant.core.ct.EmbeddedScts.SCT_LIST_OID;

  private static final SubjectPublicKeyInfo SPKI;

  static {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      SPKI = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
    } catch (java.security.GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private CertTemplates() {}

  /**
   * A certificate with extension {@code oid} = {@code value}; with {@code wrapOctetString} the
   * value is first wrapped in a DER OCTET STRING (as the SCT list extension is).
   *
   * @throws CertificateParsingException if the JDK refuses the certificate (e.g. a malformed SAN)
   */
  static X509Certificate withExtension(String oid, byte[] value, boolean wrapOctetString)
      throws CertificateParsingException {
    try {
      byte[] v = wrapOctetString ? new DEROctetString(value).getEncoded() : value;
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              new X500Name("CN=fuzz"),
              BigInteger.ONE,
              new Date(1_700_000_000_000L),
              new Date(1_800_000_000_000L),
              new X500Name("CN=fuzz"),
              SPKI);
      b.addExtension(new Extension(new ASN1ObjectIdentifier(oid), false, new DEROctetString(v)));
      byte[] der = b.build(new ConstantSigner()).getEncoded();
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateParsingException e) {
      throw e;
    } catch (CertificateException e) {
      throw new CertificateParsingException(e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("encoding a certificate in memory", e);
    }
  }

  /** Emits a fixed 64-byte "signature" under ecdsa-with-SHA256. */
  private static final class ConstantSigner implements ContentSigner {
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"));
    }

    @Override
    public OutputStream getOutputStream() {
      return sink;
    }

    @Override
    public byte[] getSignature() {
      // DER SEQUENCE { INTEGER 1, INTEGER 1 }
      return new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    }
  }
}
