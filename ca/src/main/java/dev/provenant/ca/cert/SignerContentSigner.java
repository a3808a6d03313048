package dev.provenant.ca.cert;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * Adapts a {@link Signer} to BouncyCastle's {@link ContentSigner}, so that BouncyCastle builders
 * (certificates, CMS for the TSA) can use keys the CA does not hold. One instance per signature.
 */
public final class SignerContentSigner implements ContentSigner {
  private final Signer signer;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  /** Wraps {@code signer}. */
  public SignerContentSigner(Signer signer) {
    this.signer = signer;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return signer.signatureAlgorithm();
  }

  @Override
  public OutputStream getOutputStream() {
    return buffer;
  }

  @Override
  public byte[] getSignature() {
    try {
      return signer.sign(buffer.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new SigningFailedException("signer failed: " + e.getMessage(), e);
    }
  }

  /**
   * A signer failed inside a BouncyCastle builder callback, which cannot throw checked exceptions.
   */
  public static final class SigningFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SigningFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
