package dev.provenant.ca.cert;

import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PrivateKeyFiles;
import dev.provenant.core.x509.Certificates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The default key storage: PEM files in the CA's data directory, keys readable by the owner only.
 * On first start it creates the hierarchy (root → intermediate for code signing; a separate TSA
 * root → TSA leaf; a CT log key); later starts load it unchanged, so that exported trust roots stay
 * valid across restarts.
 *
 * <p>Files: {@code root.crt}, {@code root.key}, {@code intermediate.crt}, {@code intermediate.key},
 * {@code ctlog.key}, {@code tsa-root.crt}, {@code tsa.crt}, {@code tsa.key}.
 */
public final class FileKeyStore {
  /** Lifetime of the generated roots. */
  static final Duration ROOT_LIFETIME = Duration.ofDays(3650);

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final java.security.Provider BC = BcProvider.INSTANCE;

  private FileKeyStore() {}

  /**
   * Loads the CA material from {@code dir}, creating it first if the directory holds none.
   *
   * @param organization the O= of the generated certificates' subjects
   * @throws IOException if the directory cannot be read or written, or holds a partial set
   */
  public static CaMaterial loadOrCreate(Path dir, String organization) throws IOException {
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve("intermediate.crt"))) {
      try {
        create(dir, organization);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot create the CA keys: " + e.getMessage(), e);
      }
    }
    try {
      return load(dir);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the CA keys from " + dir + ": " + e.getMessage(), e);
    }
  }

  private static CaMaterial load(Path dir) throws IOException, GeneralSecurityException {
    X509Certificate root = cert(dir, "root.crt");
    X509Certificate inter = cert(dir, "intermediate.crt");
    PrivateKey interKey = key(dir, "intermediate.key");
    PrivateKey ctKey = key(dir, "ctlog.key");
    PublicKey ctPub = publicOf(dir, "ctlog.pub");
    X509Certificate tsaRoot = cert(dir, "tsa-root.crt");
    X509Certificate tsa = cert(dir, "tsa.crt");
    PrivateKey tsaKey = key(dir, "tsa.key");
    return new CaMaterial(
        root,
        inter,
        new JcaSigner(interKey, inter.getPublicKey(), "SHA384withECDSA", BC),
        new JcaSigner(ctKey, ctPub, "SHA256withECDSA", BC),
        List.of(tsa, tsaRoot),
        new JcaSigner(tsaKey, tsa.getPublicKey(), "SHA256withECDSA"));
  }

  private static void create(Path dir, String org) throws IOException, GeneralSecurityException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair rootKp = ec("secp384r1");
    X500Name rootName = new X500Name("O=" + org + ",CN=" + org + "-root");
    X509Certificate root =
        caCert(
            rootName,
            rootKp.getPublic(),
            rootName,
            rootKp,
            null,
            now,
            ROOT_LIFETIME,
            -1,
            KeyPurposeId.id_kp_codeSigning,
            false);
    KeyPair interKp = ec("secp384r1");
    X500Name interName = new X500Name("O=" + org + ",CN=" + org + "-intermediate");
    // Fulcio's chain check wants the issuing intermediate to carry the code-signing EKU.
    X509Certificate inter =
        caCert(
            interName,
            interKp.getPublic(),
            rootName,
            rootKp,
            root,
            now,
            ROOT_LIFETIME.minusDays(1),
            0,
            KeyPurposeId.id_kp_codeSigning,
            true);
    KeyPair ctKp = ec("secp256r1");

    KeyPair tsaRootKp = ec("secp384r1");
    X500Name tsaRootName = new X500Name("O=" + org + ",CN=" + org + "-tsa-root");
    X509Certificate tsaRoot =
        caCert(
            tsaRootName,
            tsaRootKp.getPublic(),
            tsaRootName,
            tsaRootKp,
            null,
            now,
            ROOT_LIFETIME,
            -1,
            null,
            false);
    KeyPair tsaKp = ec("secp256r1");
    X500Name tsaName = new X500Name("O=" + org + ",CN=" + org + "-tsa");
    X509Certificate tsa = tsaLeaf(tsaName, tsaKp.getPublic(), tsaRootName, tsaRootKp, tsaRoot, now);

    writeKey(dir, "root.key", rootKp.getPrivate());
    writeKey(dir, "intermediate.key", interKp.getPrivate());
    writeKey(dir, "ctlog.key", ctKp.getPrivate());
    write(dir, "ctlog.pub", Pem.encode("PUBLIC KEY", ctKp.getPublic().getEncoded()));
    writeKey(dir, "tsa-root.key", tsaRootKp.getPrivate());
    writeKey(dir, "tsa.key", tsaKp.getPrivate());
    write(dir, "root.crt", Certificates.toPem(root));
    write(dir, "tsa-root.crt", Certificates.toPem(tsaRoot));
    write(dir, "tsa.crt", Certificates.toPem(tsa));
    // Written last: its presence marks a complete hierarchy.
    write(dir, "intermediate.crt", Certificates.toPem(inter));
  }

  static KeyPair ec(String curve) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve), RANDOM);
    return g.generateKeyPair();
  }

  private static X509Certificate caCert(
      X500Name subject,
      PublicKey pub,
      X500Name issuerName,
      KeyPair issuerKp,
      X509Certificate issuerCert,
      Instant now,
      Duration life,
      int pathLen,
      KeyPurposeId eku,
      boolean withEku)
      throws IOException, GeneralSecurityException {
    JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuerName, serial(), Date.from(now), Date.from(now.plus(life)), subject, pub);
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    if (withEku) {
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
    }
    b.addExtension(
        Extension.basicConstraints,
        true,
        pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen));
    b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(pub));
    if (issuerCert != null) {
      b.addExtension(
          Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(issuerCert));
    }
    return sign(b, issuerKp, "SHA384withECDSA");
  }

  private static X509Certificate tsaLeaf(
      X500Name subject,
      PublicKey pub,
      X500Name issuerName,
      KeyPair issuerKp,
      X509Certificate issuerCert,
      Instant now)
      throws IOException, GeneralSecurityException {
    JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuerName,
            serial(),
            Date.from(now),
            Date.from(now.plus(ROOT_LIFETIME.minusDays(1))),
            subject,
            pub);
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    // RFC 3161 §2.3: "The corresponding certificate MUST contain only one instance of the
    // extended key usage field extension ... with KeyPurposeID having value id-kp-timeStamping.
    // This extension MUST be critical."
    b.addExtension(
        Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(pub));
    b.addExtension(
        Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(issuerCert));
    return sign(b, issuerKp, "SHA384withECDSA");
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair kp, String alg)
      throws IOException {
    X509CertificateHolder h =
        b.build(new SignerContentSigner(new JcaSigner(kp.getPrivate(), kp.getPublic(), alg)));
    try {
      return Certificates.fromDer(h.getEncoded());
    } catch (java.security.cert.CertificateException e) {
      throw new IOException("built certificate does not parse: " + e.getMessage(), e);
    }
  }

  static BigInteger serial() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    b[0] &= 0x7f; // positive, at most 20 octets (RFC 5280 §4.1.2.2)
    if (b[0] == 0) {
      b[0] = 1;
    }
    return new BigInteger(1, b);
  }

  private static void writeKey(Path dir, String name, PrivateKey key) throws IOException {
    try {
      // Created 0600 and complete, or not at all.
      PrivateKeyFiles.write(dir.resolve(name), key, false);
    } catch (FileAlreadyExistsException e) {
      throw partial(dir, name, e);
    }
  }

  private static void write(Path dir, String name, String pem) throws IOException {
    try {
      Files.writeString(
          dir.resolve(name),
          pem,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw partial(dir, name, e);
    }
  }

  private static IOException partial(Path dir, String name, FileAlreadyExistsException e) {
    return new IOException(
        "partial CA key set in "
            + dir
            + " ("
            + name
            + " exists but intermediate.crt does not); "
            + "remove the directory or restore the missing files",
        e);
  }

  private static X509Certificate cert(Path dir, String name)
      throws IOException, GeneralSecurityException {
    return Certificates.fromPem(Files.readString(dir.resolve(name), StandardCharsets.UTF_8)).get(0);
  }

  private static PrivateKey key(Path dir, String name) throws IOException {
    return PrivateKeyFiles.read(dir.resolve(name));
  }

  private static PublicKey publicOf(Path dir, String name)
      throws IOException, GeneralSecurityException {
    return Certificates.publicKeyFromPem(
        Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
  }
}
