package dev.provenant.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.CertificateAuthority;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedRootWriterTest {
  @Test
  void toJson_publicGoodRoot_reparsesToTheSameMaterial() throws Exception {
    TrustedRoot r =
        TrustedRoot.parse(
            Files.readAllBytes(
                Corpus.dir("trust/root-signing-targets").resolve("trusted_root.json")));
    TrustedRoot back = TrustedRoot.parse(r.toJson().getBytes(StandardCharsets.UTF_8));
    assertThat(back.mediaType()).isEqualTo(r.mediaType());
    assertThat(back.tlogs()).hasSameSizeAs(r.tlogs());
    for (int i = 0; i < r.tlogs().size(); i++) {
      TransparencyLog a = r.tlogs().get(i);
      TransparencyLog b = back.tlogs().get(i);
      assertThat(b.logIdHex()).isEqualTo(a.logIdHex());
      assertThat(b.rawKey()).isEqualTo(a.rawKey());
      assertThat(b.validFor()).isEqualTo(a.validFor());
      assertThat(b.baseUrl()).isEqualTo(a.baseUrl());
    }
    assertThat(back.ctlogs())
        .extracting(TransparencyLog::logIdHex)
        .containsExactlyElementsOf(r.ctlogs().stream().map(TransparencyLog::logIdHex).toList());
    assertThat(back.certificateAuthorities()).isEqualTo(r.certificateAuthorities());
    assertThat(back.timestampAuthorities()).isEqualTo(r.timestampAuthorities());
    assertThat(back.toJson()).isEqualTo(r.toJson());
  }

  @Test
  void fromSpki_p256Key_derivesDetailsAndLogId() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    TransparencyLog l =
        TransparencyLog.fromSpki(
            "https://log.example", spki, Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(l.keyDetails()).isEqualTo("PKIX_ECDSA_P256_SHA_256");
    assertThat(l.logId()).isEqualTo(dev.provenant.core.digest.Sha256.hash(spki));
    TrustedRoot root =
        new TrustedRoot(
            TrustedRoot.MEDIA_TYPE_V01,
            List.of(l),
            List.<CertificateAuthority>of(),
            List.of(),
            List.of());
    TrustedRoot back = TrustedRoot.parse(root.toJson().getBytes(StandardCharsets.UTF_8));
    assertThat(back.tlog(l.logId())).isPresent();
  }
}
