package dev.provenant.ca.cert;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * PEM in the exact shape Go's {@code encoding/pem} writes: 64-column base64 lines, {@code \n} line
 * ends, a final newline. sigstore-java rebuilds Rekor entry bodies from the PEM and needs the
 * bytes to match, so every PEM the CA emits goes through here.
 */
public final class Pem {
  private Pem() {}

  /** Encodes {@code der} as a PEM block of {@code type} (e.g. {@code CERTIFICATE}). */
  public static String encode(String type, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder(b64.length() + b64.length() / 64 + 64);
    sb.append("-----BEGIN ").append(type).append("-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append("-----END ").append(type).append("-----\n");
    return sb.toString();
  }

  /** A certificate as PEM. */
  public static String certificate(X509Certificate cert) {
    try {
      return encode("CERTIFICATE", cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate re-encodes", e);
    }
  }

  /**
   * All PEM blocks in {@code text}.
   *
   * @throws IOException if the text is not PEM
   */
  public static List<PemObject> decodeAll(String text) throws IOException {
    List<PemObject> out = new ArrayList<>();
    try (PemReader r = new PemReader(new StringReader(text))) {
      PemObject o;
      while ((o = r.readPemObject()) != null) {
        out.add(o);
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no PEM block found");
    }
    return out;
  }

  /**
   * Parses one or more PEM certificates.
   *
   * @throws IOException if the text holds no certificate or a block is not one
   */
  public static List<X509Certificate> certificates(String text) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    for (PemObject o : decodeAll(text)) {
      if (!"CERTIFICATE".equals(o.getType())) {
        throw new IOException("expected CERTIFICATE PEM block, got " + o.getType());
      }
      out.add(parseCertificate(o.getContent()));
    }
    return out;
  }

  /**
   * Parses a DER certificate.
   *
   * @throws IOException if it is not one
   */
  public static X509Certificate parseCertificate(byte[] der) throws IOException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IOException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** UTF-8 bytes of a PEM string. */
  public static byte[] bytes(String pem) {
    return pem.getBytes(StandardCharsets.UTF_8);
  }
}
