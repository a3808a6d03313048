package dev.provenant.verify.sigstore;

import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.x509.SignatureAlgorithms;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * Signature verification with an explicitly chosen provider, never by registering one globally
 * (registering BouncyCastle first would also replace the JDK's SHA-256 intrinsic).
 *
 * <p>ECDSA is the hot path (artifact signature, SET, SCT, checkpoint, chain): {@code
 * bench/verify-throughput} measured the providers (BENCHMARKS.md; P-256 verifies per CPU-second
 * here: SunEC 670, BouncyCastle 2.1k, Amazon Corretto Crypto Provider 13k), so ECDSA goes to ACCP
 * when its native library loads (linux-x86_64), else to BouncyCastle (pure Java, everywhere). The
 * system property {@code provenant.crypto} forces one: {@code accp}, {@code bc} or {@code jdk}
 * (SunEC). RSA and Ed25519 always use the JDK.
 *
 * <p>Security guarantees: every method returns true only for a valid signature and false for an
 * invalid one or a key/algorithm mismatch; it never throws on attacker-controlled input.
 */
final class Crypto {
  private static final Provider EC_PROVIDER = chooseEcProvider();

  private Crypto() {}

  private static Provider chooseEcProvider() {
    String choice = System.getProperty("provenant.crypto", "auto");
    if ("jdk".equals(choice)) {
      return null;
    }
    if ("auto".equals(choice) || "accp".equals(choice)) {
      Provider accp = accp();
      if (accp != null) {
        return accp;
      }
    }
    try {
      return new org.bouncycastle.jce.provider.BouncyCastleProvider();
    } catch (RuntimeException | LinkageError e) {
      return null; // pure-JDK path works everywhere
    }
  }

  /** ACCP's provider when its class is present and its native library loaded, else null. */
  private static Provider accp() {
    try {
      Class<?> c =
          Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
      Provider p = (Provider) c.getField("INSTANCE").get(null);
      Object loadingError = c.getMethod("getLoadingError").invoke(p);
      if (loadingError != null) {
        return null;
      }
      // Self-test once: a provider that cannot verify ECDSA here is not used.
      Signature.getInstance("SHA256withECDSA", p);
      Signature.getInstance("NONEwithECDSA", p);
      return p;
    } catch (ReflectiveOperationException
        | GeneralSecurityException
        | RuntimeException
        | LinkageError e) {
      return null;
    }
  }

  /** Which provider ECDSA verification uses, for reports. */
  static String ecProviderName() {
    return EC_PROVIDER == null ? "SunEC" : EC_PROVIDER.getName();
  }

  /**
   * Per thread, the chosen provider's ECDSA {@link Signature} objects by algorithm: looking one up
   * costs a provider service search and a new native context per call, and {@code initVerify} fully
   * resets an object, so each thread reuses its own (no sharing, no locks).
   */
  private static final ThreadLocal<Map<String, Signature>> EC_SIGNATURES =
      ThreadLocal.withInitial(HashMap::new);

  private static Signature instance(String alg, PublicKey key) throws NoSuchAlgorithmException {
    if (EC_PROVIDER != null && key instanceof ECPublicKey) {
      Map<String, Signature> mine = EC_SIGNATURES.get();
      Signature s = mine.get(alg);
      if (s == null) {
        s = Signature.getInstance(alg, EC_PROVIDER);
        mine.put(alg, s);
      }
      return s;
    }
    return Signature.getInstance(alg);
  }

  /**
   * The key as the ECDSA provider's own key object, for keys used at every verification (trust root
   * keys): a provider handed a foreign key object converts it again at each {@code initVerify}.
   * Other keys, and any key the provider cannot convert, come back unchanged; the result verifies
   * exactly what the input verifies.
   */
  static PublicKey prepare(PublicKey key) {
    if (EC_PROVIDER == null || !(key instanceof ECPublicKey)) {
      return key;
    }
    try {
      PublicKey k =
          KeyFactory.getInstance("EC", EC_PROVIDER)
              .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
      return k instanceof ECPublicKey ? k : key;
    } catch (GeneralSecurityException | RuntimeException e) {
      return key;
    }
  }

  /** The hash the key's default algorithm uses, or null for pure Ed25519. */
  static HashAlgorithm defaultHash(PublicKey key) {
    String a = SignatureAlgorithms.defaultFor(key);
    if (a == null || a.equals("Ed25519")) {
      return null;
    }
    return a.startsWith("SHA512")
        ? HashAlgorithm.SHA2_512
        : a.startsWith("SHA384") ? HashAlgorithm.SHA2_384 : HashAlgorithm.SHA2_256;
  }

  /** Verifies {@code sig} over {@code data} with the JCA algorithm {@code alg}. */
  static boolean verify(PublicKey key, String alg, byte[] data, byte[] sig) {
    try {
      Signature s = instance(alg, key);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (InvalidKeyException | java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Verifies with the key's default algorithm. */
  static boolean verify(PublicKey key, byte[] data, byte[] sig) {
    String alg = SignatureAlgorithms.defaultFor(key);
    return alg != null && verify(key, alg, data, sig);
  }

  /**
   * Verifies a signature over a precomputed digest (ECDSA and RSA PKCS#1 v1.5); false for Ed25519,
   * which signs messages, not digests.
   */
  static boolean verifyPrehashed(PublicKey key, HashAlgorithm alg, byte[] digest, byte[] sig) {
    try {
      if (key instanceof ECPublicKey) {
        Signature s = instance("NONEwithECDSA", key);
        s.initVerify(key);
        s.update(digest);
        return s.verify(sig);
      }
      if (key instanceof RSAPublicKey) {
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initVerify(key);
        s.update(digestInfo(alg, digest));
        return s.verify(sig);
      }
      return false;
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] digestInfo(HashAlgorithm alg, byte[] digest) throws java.io.IOException {
    ASN1ObjectIdentifier oid;
    switch (alg) {
      case SHA2_384:
        oid = NISTObjectIdentifiers.id_sha384;
        break;
      case SHA2_512:
        oid = NISTObjectIdentifiers.id_sha512;
        break;
      default:
        oid = NISTObjectIdentifiers.id_sha256;
    }
    return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded();
  }

  /** Concatenates byte arrays. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }
}
