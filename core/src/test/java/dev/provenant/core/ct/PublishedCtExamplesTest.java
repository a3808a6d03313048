package dev.provenant.core.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Certificate Transparency project's RFC 6962 example chain (a test CA, a leaf carrying one
 * embedded SCT from the test log, its poisoned precertificate and the log's public key), as
 * sigstore-java carries it in {@code samples/certificatetransparency}. The SCT must parse to the
 * published log ID and time and verify over the precertificate bytes {@link EmbeddedScts} rebuilds;
 * any change to those bytes must break it.
 */
class PublishedCtExamplesTest {
  /** SHA-256 of the test log's key: the log ID the examples print. */
  private static final String TEST_LOG_ID =
      "df1c2ec11500945247a96168325ddc5c7959e8f7c6d388fc002e0bbd3f74d764";

  /** 2013-04-05T17:04:16.275Z, the SCT's timestamp. */
  private static final long SCT_MILLIS = 1365181456275L;

  private static Path dir() {
    return Corpus.dir("sigstore-java-samples/samples/certificatetransparency");
  }

  private static X509Certificate cert(String name) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir().resolve(name))));
  }

  private static PublicKey logKey() throws Exception {
    String pem =
        Files.readString(dir().resolve("ct-server-key-public.pem"), StandardCharsets.US_ASCII);
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }

  private static boolean verifies(SignedCertificateTimestamp sct, byte[] signed) throws Exception {
    Signature s = Signature.getInstance(sct.jcaAlgorithm());
    s.initVerify(logKey());
    s.update(signed);
    return s.verify(sct.signature());
  }

  @Test
  void embeddedSct_parse_givesThePublishedLogIdTimeAndAlgorithm() throws Exception {
    List<SignedCertificateTimestamp> scts = EmbeddedScts.parse(cert("cert-ct-embedded.pem"));
    assertThat(scts).hasSize(1);
    SignedCertificateTimestamp sct = scts.get(0);
    assertThat(Hex.encode(sct.logId())).isEqualTo(TEST_LOG_ID);
    assertThat(Hex.encode(Sha256.hash(logKey().getEncoded()))).isEqualTo(TEST_LOG_ID);
    assertThat(sct.timestampMillis()).isEqualTo(SCT_MILLIS);
    assertThat(sct.extensions()).isEmpty();
    assertThat(sct.jcaAlgorithm()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void embeddedSct_overRebuiltPrecertificate_verifiesWithTheLogKey() throws Exception {
    X509Certificate leaf = cert("cert-ct-embedded.pem");
    SignedCertificateTimestamp sct = EmbeddedScts.parse(leaf).get(0);
    byte[] issuerSpki = cert("ca-cert.pem").getPublicKey().getEncoded();
    assertThat(
            verifies(sct, EmbeddedScts.signedData(sct, EmbeddedScts.precertTbs(leaf), issuerSpki)))
        .isTrue();
  }

  @Test
  void embeddedSct_withAnotherIssuerOrChangedTbs_doesNotVerify() throws Exception {
    X509Certificate leaf = cert("cert-ct-embedded.pem");
    SignedCertificateTimestamp sct = EmbeddedScts.parse(leaf).get(0);
    byte[] tbs = EmbeddedScts.precertTbs(leaf);
    byte[] issuerSpki = cert("ca-cert.pem").getPublicKey().getEncoded();
    // The issuer key hash binds the SCT to the CA: the leaf's own key in its place must fail.
    assertThat(verifies(sct, EmbeddedScts.signedData(sct, tbs, leaf.getPublicKey().getEncoded())))
        .isFalse();
    byte[] changed = tbs.clone();
    changed[changed.length - 1] ^= 1;
    assertThat(verifies(sct, EmbeddedScts.signedData(sct, changed, issuerSpki))).isFalse();
    // The whole TBS, SCT list included, is not what the log signed (RFC 6962 §3.3).
    assertThat(verifies(sct, EmbeddedScts.signedData(sct, leaf.getTBSCertificate(), issuerSpki)))
        .isFalse();
  }

  @Test
  void poisonedPrecertificate_withoutPoison_isTheTbsTheLogSigned() throws Exception {
    X509Certificate precert = cert("cert-ct-poisoned.pem");
    assertThat(EmbeddedScts.parse(precert)).isEmpty();
    byte[] fromPrecert = EmbeddedScts.precertTbs(precert);
    assertThat(fromPrecert).isEqualTo(EmbeddedScts.precertTbs(cert("cert-ct-embedded.pem")));
    assertThat(EmbeddedScts.parse(cert("cert.pem"))).isEmpty();
  }
}
