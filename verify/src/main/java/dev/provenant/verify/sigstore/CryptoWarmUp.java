package dev.provenant.verify.sigstore;

import dev.provenant.core.x509.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Start-up help for one-shot verifications (a CLI process that verifies one bundle and exits).
 *
 * <p>Why: the first ECDSA verification in a fresh JVM runs the JDK's elliptic-curve arithmetic in
 * the interpreter and initializes the EC key and curve tables; that was the largest single step
 * of a cold verification (BENCHMARKS.md, cold start). {@link #start} does the same work once, on a
 * second thread, with a fixed key and signature, while the caller reads and parses its inputs, so
 * the real checks later find it done. It changes no result: the warm-up's outcome is ignored and
 * every real signature is verified as before.
 */
public final class CryptoWarmUp {
  private static final byte[] MESSAGE = "provenant start-up".getBytes(StandardCharsets.US_ASCII);
  // Fixed P-256 and P-384 keys and their signatures over MESSAGE (made with openssl for this class).
  private static final String P256_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYL7HaQtWlmA4sFt7XHeUByXp4/m0Ojsi6+ic3EhcpWyHQcVM7I7XcAXCfz1OLwu0FLXFd+5ay3CG9b9lQhS0aw==";
  private static final String P256_SIG =
      "MEUCIHTyx/GMxoqgPhX/QwxtmqmqOzc5yQEHgkFfxFUR4DNBAiEAi7iMHVowCuUTdTbBXi20bmZXwo5WiHfOiWmnu3mDPbI=";
  private static final String P384_KEY =
      "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE8K3Wp/IWu6fSv0HFKBMdXjm8hil0UrErbQZjyYq+R9SVtpzVrSURSIY/hJa/789OA9d9QIK3eBTUgF+bPNmmLFyskQNxMW50fkdjCD8LzYLppNOH55r3uV+ZPULLujc2";
  private static final String P384_SIG =
      "MGQCMHzvqVqM3BhbF7bid72KFXG5yxX+7a2jplenhXC8pC/eazsMgkW1lt1RnFGgtrNacwIwRAVmMb21IZVrHKK9nmcxQMmGp4CA4h30n3xXPQy66lt3DHz5T1eWP6Su1IdHrcSp";

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
      return verify(P256_KEY, "SHA256withECDSA", P256_SIG) & verify(P384_KEY, "SHA384withECDSA", P384_SIG);
    } catch (RuntimeException | LinkageError e) {
      return false; // only a warm-up: the real verification reports any real problem
    }
  }

  private static boolean verify(String key, String alg, String sig) {
    try {
      PublicKey k = Certificates.publicKeyFromSpki(Base64.getDecoder().decode(key));
      return Crypto.verify(k, alg, MESSAGE, Base64.getDecoder().decode(sig));
    } catch (java.security.spec.InvalidKeySpecException e) {
      return false;
    }
  }
}
