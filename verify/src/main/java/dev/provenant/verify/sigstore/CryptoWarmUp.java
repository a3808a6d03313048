package dev.provenant.verify.sigstore;

import dev.provenant.core.x509.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;

/**
 * Start-up help for one-shot verifications (a CLI process that verifies one bundle and exits).
 *
 * <p>Why: the first certificate parse and the first ECDSA verification in a fresh JVM are slow: the
 * X.509 and EC code initializes its tables (and the first certificate makes the JDK look for a
 * logging back end, reading the jar's directory), and the curve arithmetic runs in the interpreter;
 * that was the largest single step of a cold verification (BENCHMARKS.md, cold start). {@link
 * #start} does that work once on a second thread, with a fixed P-256 key and signature and a fixed
 * self-signed P-384 certificate (the curves of Sigstore's logs and CAs), while the caller reads and
 * parses its inputs. It changes no result: the warm-up's outcome is ignored and every real
 * certificate and signature is checked as before.
 */
public final class CryptoWarmUp {
  // A P-256 key with its signature over P256_MESSAGE, and a self-signed P-384 certificate, made
  // with openssl for this class.
  private static final byte[] P256_MESSAGE =
      "provenant start-up".getBytes(StandardCharsets.US_ASCII);
  private static final String P256_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYL7HaQtWlmA4sFt7XHeUByXp4/m0Ojsi6+ic3EhcpWyHQcVM7I7XcA"
          + "XCfz1OLwu0FLXFd+5ay3CG9b9lQhS0aw==";
  private static final String P256_SIG =
      "MEUCIHTyx/GMxoqgPhX/QwxtmqmqOzc5yQEHgkFfxFUR4DNBAiEAi7iMHVowCuUTdTbBXi20bmZXwo5WiHfOiWmnu3"
          + "mDPbI=";
  private static final String P384_CERT =
      "MIIB2DCCAV6gAwIBAgIUIDdNVfcGcIZnrtMjEajrKxL+RsMwCgYIKoZIzj0EAwMwIjEgMB4GA1UEAwwXcHJvdmVuYW"
          + "50IHdhcm0tdXAgUC0zODQwIBcNMjYxMTI3MDQxNTQ5WhgPMjEyNjExMDMwNDE1NDlaMCIxIDAeBgNVBAMMF3Byb3Zl"
          + "bmFudCB3YXJtLXVwIFAtMzg0MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE8K3Wp/IWu6fSv0HFKBMdXjm8hil0UrErbQ"
          + "ZjyYq+R9SVtpzVrSURSIY/hJa/789OA9d9QIK3eBTUgF+bPNmmLFyskQNxMW50fkdjCD8LzYLppNOH55r3uV+ZPULL"
          + "ujc2o1MwUTAdBgNVHQ4EFgQUIlGg5DrdMqHT2d90/4CbTuo7LokwHwYDVR0jBBgwFoAUIlGg5DrdMqHT2d90/4CbTu"
          + "o7LokwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAwNoADBlAjByn+gl9Y5P+D1p1Soo6qUA27bYwvuAba6gtErZ"
          + "pu6qMWXJP47+UwKKE6UNAYxfrcICMQDioWYGbZhE90wdhzCJ0/ZocX6ZDm+W2HRLyvWcxPN3wKEH9Sy933Pe1lun3X"
          + "9TL1k=";

  private CryptoWarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once; never fails the caller. */
  public static void start() {
    Thread t = new Thread(CryptoWarmUp::run, "provenant-crypto-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Runs the warm-up on the calling thread.
   *
   * @return whether both fixed signatures verified (always true on a working JDK)
   */
  static boolean run() {
    try {
      // P-256 first, from a bare key: the verifier's first checks (log entry SET, checkpoint) are
      // P-256 and come right after parsing; certificates and P-384 (CA chains) come later.
      boolean p256 =
          Crypto.verify(
              Certificates.publicKeyFromSpki(Base64.getDecoder().decode(P256_KEY)),
              "SHA256withECDSA",
              P256_MESSAGE,
              Base64.getDecoder().decode(P256_SIG));
      return p256 & selfSigned(P384_CERT, "SHA384withECDSA");
    } catch (InvalidKeySpecException | RuntimeException | LinkageError e) {
      return false; // only a warm-up: the real verification reports any real problem
    }
  }

  private static boolean selfSigned(String b64, String alg) {
    try {
      X509Certificate c = Certificates.fromDer(Base64.getDecoder().decode(b64));
      return Crypto.verify(c.getPublicKey(), alg, c.getTBSCertificate(), c.getSignature());
    } catch (CertificateException e) {
      return false;
    }
  }
}
