package dev.provenant.sign.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.TrustedRoot;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** What {@code provenant ca export} writes is read back by core's strict readers. */
class TrustExportTest {
  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static X509Certificate selfSigned(String dn, KeyPair k, Instant from) throws Exception {
    X500Name n = new X500Name(dn);
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    n,
                    BigInteger.TEN,
                    Date.from(from),
                    Date.from(from.plusSeconds(86400)),
                    n,
                    k.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
  }

  @Test
  void trustedRootAndSigningConfig_readBackByCore() throws Exception {
    Instant from = Instant.parse("2026-01-01T00:00:00.250Z");
    X509Certificate ca = selfSigned("O=provenant,CN=test-ca", p256(), from);
    X509Certificate tsa = selfSigned("O=provenant,CN=test-tsa", p256(), from);
    byte[] ct = p256().getPublic().getEncoded();
    byte[] logKey = p256().getPublic().getEncoded();
    TrustExport.Instance in =
        new TrustExport.Instance(
            "http://ca.test",
            List.of(ca),
            ct,
            "http://log.test",
            logKey,
            from,
            "http://ca.test/api/v1/timestamp",
            List.of(tsa));

    TrustedRoot root =
        TrustedRoot.parse(TrustExport.trustedRoot(in).getBytes(StandardCharsets.UTF_8));
    assertThat(root.tlog(Sha256.hash(logKey)))
        .hasValueSatisfying(
            l -> {
              assertThat(l.baseUrl()).isEqualTo("http://log.test");
              assertThat(l.keyDetails()).isEqualTo("PKIX_ECDSA_P256_SHA_256");
              assertThat(l.validFor().start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            });
    assertThat(root.ctlog(Sha256.hash(ct))).isPresent();
    assertThat(root.certificateAuthorities())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.uri()).isEqualTo("http://ca.test");
              assertThat(a.organization()).isEqualTo("provenant");
              assertThat(a.commonName()).isEqualTo("test-ca");
              assertThat(a.certChain()).containsExactly(ca);
            });
    assertThat(root.timestampAuthorities())
        .singleElement()
        .satisfies(a -> assertThat(a.commonName()).isEqualTo("test-tsa"));

    SigningConfig sc =
        SigningConfig.parse(TrustExport.signingConfig(in).getBytes(StandardCharsets.UTF_8));
    SigningConfig.Selection sel = sc.select(from.plusSeconds(60), Set.of(1), Set.of(1), Set.of(1));
    assertThat(sel.ca().url()).isEqualTo("http://ca.test");
    assertThat(sel.tlogs())
        .singleElement()
        .satisfies(s -> assertThat(s.url()).isEqualTo("http://log.test"));
    assertThat(sel.tsas())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.url()).isEqualTo("http://ca.test/api/v1/timestamp");
              assertThat(s.operator()).isEqualTo(TrustExport.OPERATOR);
            });
  }
}
