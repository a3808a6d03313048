package dev.provenant.sign;

import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PemFormatException;
import dev.provenant.core.x509.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/** Reads the PEM bodies services answer with (public keys, certificate chains) as typed errors. */
public final class PemBodies {
  private PemBodies() {}

  /**
   * The first {@code PUBLIC KEY} block, DER SubjectPublicKeyInfo.
   *
   * @throws ServiceException if the body holds none
   */
  public static byte[] publicKey(String service, byte[] body) throws ServiceException {
    try {
      List<byte[]> keys = Pem.decode(new String(body, StandardCharsets.UTF_8), "PUBLIC KEY");
      if (keys.isEmpty()) {
        throw new CertificateException("no PUBLIC KEY block");
      }
      return keys.get(0);
    } catch (CertificateException | PemFormatException e) {
      throw new ServiceException(service, 200, "public key is not PEM: " + e.getMessage(), e);
    }
  }

  /**
   * Every {@code CERTIFICATE} block, in order.
   *
   * @throws ServiceException if there is none or one does not parse
   */
  public static List<X509Certificate> certificates(String service, byte[] body)
      throws ServiceException {
    try {
      return Certificates.fromPem(new String(body, StandardCharsets.UTF_8));
    } catch (CertificateException e) {
      throw new ServiceException(
          service, 200, "certificate chain is not PEM: " + e.getMessage(), e);
    }
  }
}
