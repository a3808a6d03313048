package dev.provenant.ca.cert;

import dev.provenant.core.x509.Certificates;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The signing client's ({@code dev.provenant.ca.client}) adapter onto the one PEM codec, {@link
 * dev.provenant.core.pem.Pem}: it keeps the client's IOException-based signatures until that
 * package moves to its own module and calls core directly. Holds no PEM logic of its own; new code
 * uses {@link dev.provenant.core.pem.Pem} and {@link Certificates}.
 */
public final class Pem {
  private Pem() {}

  /** {@link dev.provenant.core.pem.Pem#encode}. */
  public static String encode(String type, byte[] der) {
    return dev.provenant.core.pem.Pem.encode(type, der);
  }

  /** {@link Certificates#toPem(X509Certificate)}. */
  public static String certificate(X509Certificate cert) {
    return Certificates.toPem(cert);
  }

  /**
   * {@link dev.provenant.core.pem.Pem#decodeAll}, as BouncyCastle PEM objects.
   *
   * @throws IOException if the text holds no PEM block or a block does not decode
   */
  public static List<PemObject> decodeAll(String text) throws IOException {
    List<PemObject> out = new ArrayList<>();
    try {
      for (dev.provenant.core.pem.Pem.Block b : dev.provenant.core.pem.Pem.decodeAll(text)) {
        out.add(new PemObject(b.label(), b.der()));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
    return out;
  }

  /**
   * Every block of {@code text}, each of which must be a certificate.
   *
   * @throws IOException if the text holds no certificate or a block is not one
   */
  public static List<X509Certificate> certificates(String text) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (dev.provenant.core.pem.Pem.Block b : dev.provenant.core.pem.Pem.decodeAll(text)) {
        if (!"CERTIFICATE".equals(b.label())) {
          throw new IOException("expected CERTIFICATE PEM block, got " + b.label());
        }
        out.add(Certificates.fromDer(b.der()));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
    return out;
  }
}
