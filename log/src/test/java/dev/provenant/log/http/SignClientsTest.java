package dev.provenant.log.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.dsse.Pae;
import dev.provenant.core.encoding.Hex;
import dev.provenant.log.LogService;
import dev.provenant.sign.http.TransportException;
import dev.provenant.sign.rekor.RekorClient;
import dev.provenant.sign.rekor.RekorEntry;
import dev.provenant.sign.rekor.RekorSearch;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing client's Rekor side (provenant-sign {@link RekorClient} and {@link RekorSearch}, over
 * its one HTTP transport) against this log on loopback: entries it proposes are integrated, and the
 * search finds them again by artifact digest and by envelope.
 */
class SignClientsTest {
  @TempDir static Path dir;
  static LogService log;
  static KeyPair keys;
  static X509Certificate cert;

  @BeforeAll
  static void start() throws Exception {
    log =
        LogService.start(
            new LogService.Config(
                "127.0.0.1", 0, dir.resolve("log"), null, null, null, null, null));
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    keys = g.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=sign-clients-test");
    cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(now.minusSeconds(60)),
                        Date.from(now.plusSeconds(3600)),
                        name,
                        keys.getPublic())
                    .build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  @AfterAll
  static void stop() throws Exception {
    if (log != null) {
      log.close();
    }
  }

  static byte[] sign(byte[] data) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(keys.getPrivate());
    s.update(data);
    return s.sign();
  }

  @Test
  void hashedRekord_proposedByRekorClient_foundByDigest() throws Exception {
    byte[] artifact = ("artifact " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    RekorEntry e =
        RekorClient.create(log.publicUrl().toString())
            .hashedRekord(Sha256.hash(artifact), sign(artifact), cert);
    assertThat(e.kind()).isEqualTo("hashedrekord");
    assertThat(e.entry().path("verification").has("inclusionProof")).isTrue();
    List<TlogEntry> found =
        RekorSearch.create(log.baseUrl()).findByArtifactDigest(Hex.encode(Sha256.hash(artifact)));
    assertThat(found).extracting(TlogEntry::logIndex).contains(e.entry().path("logIndex").asLong());
  }

  @Test
  void dsse_proposedByRekorClient_foundByEnvelope() throws Exception {
    byte[] payload =
        ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"n\":" + System.nanoTime() + "}")
            .getBytes(StandardCharsets.UTF_8);
    String type = "application/vnd.in-toto+json";
    byte[] sig = sign(Pae.encode(type, payload));
    String env =
        "{\"payload\":\""
            + Base64.getEncoder().encodeToString(payload)
            + "\",\"payloadType\":\""
            + type
            + "\",\"signatures\":[{\"sig\":\""
            + Base64.getEncoder().encodeToString(sig)
            + "\",\"keyid\":\"\"}]}";
    RekorEntry e = RekorClient.create(log.publicUrl().toString()).dsse(env, cert);
    assertThat(e.kind()).isEqualTo("dsse");
    DsseEnvelope parsed =
        DsseEnvelope.of(type, payload, List.of(new DsseEnvelope.Signature("", sig, null)));
    List<TlogEntry> found =
        RekorSearch.create(log.baseUrl())
            .findByEnvelope(env.getBytes(StandardCharsets.UTF_8), parsed, cert);
    assertThat(found).extracting(TlogEntry::logIndex).contains(e.entry().path("logIndex").asLong());
  }

  @Test
  void publicKey_isTheLogsKey() throws Exception {
    assertThat(RekorClient.create(log.publicUrl().toString()).publicKey())
        .isEqualTo(log.rekor().key().publicKey().getEncoded());
  }

  @Test
  void hashedRekord_badSignature_refusedWithTheLogsStatus() {
    byte[] artifact = "tampered".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                RekorClient.create(log.publicUrl().toString())
                    .hashedRekord(
                        Sha256.hash(artifact),
                        new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01},
                        cert))
        .isInstanceOfSatisfying(
            TransportException.class,
            ex -> {
              assertThat(ex.reason()).isEqualTo(TransportException.Reason.HTTP_STATUS);
              assertThat(ex.status()).isBetween(400, 499);
              assertThat(ex.attempts()).isEqualTo(1);
            });
  }

  @Test
  void search_unknownDigest_findsNothing() throws Exception {
    assertThat(
            RekorSearch.create(log.baseUrl())
                .findByArtifactDigest(
                    Hex.encode(Sha256.hash("never logged".getBytes(StandardCharsets.UTF_8)))))
        .isEmpty();
  }
}
