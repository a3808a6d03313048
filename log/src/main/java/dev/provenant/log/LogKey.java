package dev.provenant.log;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteSigner;
import dev.provenant.core.note.NoteSigners;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PrivateKeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The log's ECDSA P-256 signing key (as Rekor v1 uses): signs checkpoints and SETs. The log ID is
 * the hex SHA-256 of the DER SubjectPublicKeyInfo.
 */
public final class LogKey {
  private static final java.security.Provider BC = new BouncyCastleProvider();
  private static final String FILE = "log-key.pem";

  private final PrivateKey privateKey;
  private final PrivateKey bcPrivateKey;
  private final PublicKey publicKey;
  private final byte[] logId;
  private final ThreadLocal<Signature> signers = ThreadLocal.withInitial(this::newSigner);

  private LogKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.logId = Sha256.hash(publicKey.getEncoded());
    this.bcPrivateKey = EcdsaProvider.prepare(privateKey);
  }

  private Signature newSigner() {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA", EcdsaProvider.get());
      s.initSign(bcPrivateKey, EcdsaProvider.random());
      return s;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the log key cannot sign", e);
    }
  }

  /** A fresh in-memory key (tests, benchmarks). */
  public static LogKey generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      return new LogKey(kp.getPrivate(), kp.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is mandatory in every JDK", e);
    }
  }

  /**
   * Loads {@code dir/log-key.pem}, generating and storing it (mode 600) on first use.
   *
   * @throws IOException if the file cannot be read or written or holds no P-256 key
   */
  public static LogKey loadOrCreate(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    Files.createDirectories(dir);
    if (Files.exists(f)) {
      PrivateKey priv = PrivateKeyFiles.read(f);
      try {
        java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) priv;
        // Derive the public point from the private scalar via BouncyCastle's curve arithmetic.
        org.bouncycastle.jce.spec.ECNamedCurveParameterSpec spec =
            org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1");
        org.bouncycastle.math.ec.ECPoint q = spec.getG().multiply(ec.getS()).normalize();
        PublicKey pub =
            KeyFactory.getInstance("EC", BC)
                .generatePublic(new org.bouncycastle.jce.spec.ECPublicKeySpec(q, spec));
        pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pub.getEncoded()));
        return new LogKey(priv, pub);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new IOException("cannot read log key " + f + ": " + e.getMessage(), e);
      }
    }
    LogKey k = generate();
    // Created 0600 and complete, or not at all.
    PrivateKeyFiles.write(f, k.privateKey, false);
    return k;
  }

  /** The public key. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The log ID: SHA-256 of the DER public key. */
  public byte[] logId() {
    return logId.clone();
  }

  /** The log ID in hex, as Rekor's {@code logID} field. */
  public String logIdHex() {
    return Hex.encode(logId);
  }

  /** The public key as PEM. */
  public String publicKeyPem() {
    return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
  }

  /**
   * A checkpoint signer with this key under {@code name} (ECDSA, PKIX key hint).
   *
   * @throws NoteException if the name is invalid
   */
  public NoteSigner noteSigner(String name) throws NoteException {
    // Validates the name and key; signing then goes through BouncyCastle like the SETs.
    NoteSigner checked = NoteSigners.ecdsa(name, privateKey, publicKey);
    return NoteSigners.of(name, checked.keyHint(), this::sign);
  }

  /** ECDSA P-256 / SHA-256 signature (ASN.1 DER) over {@code data}, e.g. a SET. */
  public byte[] sign(byte[] data) {
    try {
      // One initialized Signature per thread: sign() returns it to the initialized state, and
      // looking up and initializing a new one cost about as much as the signature itself.
      Signature s = signers.get();
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException | RuntimeException e) {
      signers.remove();
      throw new IllegalStateException("signing with the log key failed", e);
    }
  }
}
