package dev.provenant.core.fulcio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import org.bouncycastle.asn1.DERIA5String;
import org.junit.jupiter.api.Test;

class FulcioOidTest {
  @Test
  void values_nameEveryArcFrom1To24Once() {
    assertThat(FulcioOid.values()).hasSize(24);
    for (int i = 1; i <= 24; i++) {
      FulcioOid o = FulcioOid.of("1.3.6.1.4.1.57264.1." + i).orElseThrow();
      assertThat(o.number()).isEqualTo(i);
      assertThat(o.oid()).isEqualTo("1.3.6.1.4.1.57264.1." + i);
    }
    assertThat(FulcioOid.of("1.3.6.1.4.1.57264.1.22"))
        .contains(FulcioOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING);
  }

  @Test
  void of_otherOrNonCanonicalOids_empty() {
    assertThat(FulcioOid.of("1.3.6.1.4.1.57264.1.0")).isEmpty();
    assertThat(FulcioOid.of("1.3.6.1.4.1.57264.1.25")).isEmpty();
    assertThat(FulcioOid.of("1.3.6.1.4.1.57264.1.08")).isEmpty();
    assertThat(FulcioOid.of("1.3.6.1.4.1.57264.10")).isEmpty();
    assertThat(FulcioOid.of("1.3.6.1.4.1.57264.1")).isEmpty();
    assertThat(FulcioOid.of("2.5.29.17")).isEmpty();
  }

  @Test
  void encodeValue_deprecatedArcsRaw_laterArcsDerUtf8String() throws Exception {
    assertThat(FulcioOid.GITHUB_WORKFLOW_REF.encodeValue("refs/tags/v1"))
        .isEqualTo("refs/tags/v1".getBytes(StandardCharsets.UTF_8));
    byte[] der = FulcioOid.SOURCE_REPOSITORY_REF.encodeValue("refs/tags/v1");
    assertThat(der[0]).isEqualTo((byte) 0x0c); // UTF8String tag
    assertThat(der[1]).isEqualTo((byte) 12);
    for (FulcioOid o : FulcioOid.values()) {
      if (o.isExtension()) {
        assertThat(o.derString()).isEqualTo(o.number() >= 8);
        assertThat(o.decodeValue(o.encodeValue("välue <&>"))).isEqualTo("välue <&>");
      }
    }
  }

  @Test
  void decodeValue_otherDerStringType_accepted() throws Exception {
    assertThat(FulcioOid.BUILD_TRIGGER.decodeValue(new DERIA5String("push").getEncoded()))
        .isEqualTo("push");
  }

  @Test
  void decodeValue_rawBytesWhereDerIsRequired_throws() {
    assertThatThrownBy(
            () ->
                FulcioOid.ISSUER_V2.decodeValue("https://issuer".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CertificateParsingException.class);
  }

  @Test
  void otherNameSan_isNotAnExtension() {
    assertThat(FulcioOid.OTHER_NAME_SAN.isExtension()).isFalse();
    assertThatThrownBy(() -> FulcioOid.OTHER_NAME_SAN.encodeValue("x"))
        .isInstanceOf(IllegalStateException.class);
  }
}
