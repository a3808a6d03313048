package dev.provenant.ca.grpc;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.CertificateAuthority;
import dev.provenant.ca.cert.BcProvider;
import dev.provenant.ca.cert.JcaSigner;
import dev.provenant.ca.cert.SignerContentSigner;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.pem.PrivateKeyFiles;
import dev.provenant.core.x509.Certificates;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Fulcio's gRPC API over TLS for a running {@link CertificateAuthority}. The TLS key and a
 * self-signed certificate for {@code localhost} and {@code 127.0.0.1} are created in the given
 * directory on first start ({@code grpc-tls.crt} is what clients must trust); an operator may put a
 * certificate from their own PKI there instead. Loopback only unless allowed.
 */
public final class GrpcCaServer implements AutoCloseable {
  private final Server server;
  private final X509Certificate tlsCertificate;

  private GrpcCaServer(Server server, X509Certificate tlsCertificate) {
    this.server = server;
    this.tlsCertificate = tlsCertificate;
  }

  /**
   * Starts serving.
   *
   * @throws IOException if the TLS material cannot be created or the port bound
   * @throws IllegalArgumentException if the host is not loopback and that is not allowed
   */
  public static GrpcCaServer start(
      CertificateAuthority ca,
      AuditLog audit,
      String host,
      int port,
      Path tlsDir,
      boolean allowNonLoopback)
      throws IOException {
    InetAddress addr = InetAddress.getByName(host);
    if (!addr.isLoopbackAddress() && !allowNonLoopback) {
      throw new IllegalArgumentException("refusing to listen on non-loopback address " + host);
    }
    Path crt = tlsDir.resolve("grpc-tls.crt");
    Path key = tlsDir.resolve("grpc-tls.key");
    if (!Files.exists(crt)) {
      createTls(tlsDir, crt, key);
    }
    byte[] crtPem = Files.readAllBytes(crt);
    TlsServerCredentials creds =
        (TlsServerCredentials)
            TlsServerCredentials.create(
                new ByteArrayInputStream(crtPem), Files.newInputStream(key));
    Server s =
        NettyServerBuilder.forAddress(new InetSocketAddress(addr, port), creds)
            .addService(new FulcioGrpcService(ca, audit).definition())
            .maxInboundMessageSize(1 << 20)
            .build()
            .start();
    try {
      return new GrpcCaServer(
          s, Certificates.fromPem(new String(crtPem, StandardCharsets.US_ASCII)).get(0));
    } catch (java.security.cert.CertificateException e) {
      s.shutdownNow();
      throw new IOException(
          "cannot read the gRPC TLS certificate " + crt + ": " + e.getMessage(), e);
    }
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** The TLS certificate clients must trust. */
  public X509Certificate tlsCertificate() {
    return tlsCertificate;
  }

  /** Blocks until stopped. */
  public void join() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void createTls(Path dir, Path crt, Path key) throws IOException {
    try {
      Files.createDirectories(dir);
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      X500Name name = new X500Name("O=provenant,CN=localhost");
      byte[] serial = new byte[16];
      new SecureRandom().nextBytes(serial);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(1, serial),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(825))),
              name,
              kp.getPublic());
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
      byte[] der =
          b.build(
                  new SignerContentSigner(
                      new JcaSigner(
                          kp.getPrivate(), kp.getPublic(), "SHA256withECDSA", BcProvider.INSTANCE)))
              .getEncoded();
      PrivateKeyFiles.write(key, kp.getPrivate(), true);
      Files.writeString(crt, Pem.encode("CERTIFICATE", der), StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot create the gRPC TLS key: " + e.getMessage(), e);
    }
  }
}
