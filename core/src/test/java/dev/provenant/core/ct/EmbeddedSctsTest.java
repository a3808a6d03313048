package dev.provenant.core.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.x509.CertificateExtensions;
import dev.provenant.core.x509.CertificateExtensionsTest;
import dev.provenant.core.x509.Der;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SCT writers reproduce what real CT logs (and Fulcio) put into certificates. */
class EmbeddedSctsTest {
  @Test
  void encodeList_corpusScts_reproducesTheEmbeddedExtension() throws Exception {
    int checked = 0;
    for (X509Certificate c : CertificateExtensionsTest.corpusCertificates()) {
      CertificateExtensions exts = CertificateExtensions.of(c);
      byte[] ext = exts.value(EmbeddedScts.SCT_LIST_OID);
      if (ext == null) {
        continue;
      }
      List<SignedCertificateTimestamp> scts = EmbeddedScts.parse(exts);
      assertThat(EmbeddedScts.encodeList(scts)).isEqualTo(Der.contentsOf(ext, Der.OCTET_STRING));
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void signedData_isThePrecertSignatureInput() {
    byte[] spki = {1, 2, 3};
    byte[] tbs = {9, 9};
    SignedCertificateTimestamp sct =
        new SignedCertificateTimestamp(
            new byte[32], 0x0102030405060708L, new byte[] {7}, 4, 3, new byte[] {5});
    byte[] d = EmbeddedScts.signedData(sct, tbs, spki);
    // v1, certificate_timestamp, timestamp, precert_entry, issuer_key_hash[32], u24 tbs, u16
    // extensions
    assertThat(d).hasSize(2 + 8 + 2 + 32 + 3 + 2 + 2 + 1);
    assertThat(d[2]).isEqualTo((byte) 1);
    assertThat(d[9]).isEqualTo((byte) 8);
    assertThat(d[11]).isEqualTo((byte) 1);
    assertThat(d[d.length - 1]).isEqualTo((byte) 7);
    assertThat(
            CtStructs.precertMerkleTreeLeaf(
                sct.timestampMillis(),
                dev.provenant.core.digest.Sha256.hash(spki),
                tbs,
                new byte[] {7}))
        .endsWith(java.util.Arrays.copyOfRange(d, 2, d.length));
  }
}
