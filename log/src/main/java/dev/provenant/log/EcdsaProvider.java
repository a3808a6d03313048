package dev.provenant.log;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The JCA provider the log uses for ECDSA, chosen once and never registered globally: Amazon
 * Corretto Crypto Provider (native) when its library loads on this platform, else a BouncyCastle
 * instance (pure Java, everywhere). ECDSA verification of submissions and signing of SETs and
 * checkpoints are the log's main CPU cost per entry; bench/log-throughput reports the provider and
 * its verify rate. The system property {@code provenant.crypto} forces {@code accp} or {@code bc}.
 */
public final class EcdsaProvider {
  private static final Provider PROVIDER = choose();
  private static final boolean IS_BC = PROVIDER.getName().equals("BC");
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  private EcdsaProvider() {}

  private static Provider choose() {
    String choice = System.getProperty("provenant.crypto", "auto");
    if (!"bc".equals(choice)) {
      try {
        Class<?> c =
            Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
        Provider p = (Provider) c.getField("INSTANCE").get(null);
        if (c.getMethod("getLoadingError").invoke(p) == null) {
          java.security.Signature.getInstance("NONEwithECDSA", p);
          java.security.Signature.getInstance("SHA256withECDSA", p);
          return p;
        }
      } catch (ReflectiveOperationException
          | GeneralSecurityException
          | RuntimeException
          | LinkageError e) {
        // not available here: fall through to BouncyCastle
      }
    }
    return new org.bouncycastle.jce.provider.BouncyCastleProvider();
  }

  /** The chosen provider. */
  public static Provider get() {
    return PROVIDER;
  }

  /** The provider's name, for reports. */
  public static String name() {
    return PROVIDER.getName();
  }

  /** A per-thread random source for signing (a shared one serializes signers on its lock). */
  public static SecureRandom random() {
    return RANDOM.get();
  }

  /**
   * The key in the form the provider handles fastest: BouncyCastle converts JDK EC keys on every
   * call (about two thirds of a verification), so those become BouncyCastle keys once.
   */
  public static PublicKey prepare(PublicKey key) {
    if (IS_BC
        && key instanceof ECPublicKey
        && !(key instanceof org.bouncycastle.jce.interfaces.ECPublicKey)) {
      try {
        return KeyFactory.getInstance("EC", PROVIDER)
            .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
      } catch (GeneralSecurityException e) {
        return key;
      }
    }
    return key;
  }

  /** As {@link #prepare(PublicKey)}, for the log's private key. */
  public static PrivateKey prepare(PrivateKey key) {
    if (IS_BC) {
      try {
        return KeyFactory.getInstance("EC", PROVIDER)
            .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
      } catch (GeneralSecurityException e) {
        return key;
      }
    }
    return key;
  }
}
