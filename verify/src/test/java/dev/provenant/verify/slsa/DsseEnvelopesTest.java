package dev.provenant.verify.slsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class DsseEnvelopesTest {
  @Test
  void decodeSig_standardAndUrlSafe_decodeToTheSameBytes() {
    byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x01};
    assertThat(DsseEnvelopes.decodeSig("+/8B")).isEqualTo(bytes);
    assertThat(DsseEnvelopes.decodeSig("-_8B")).isEqualTo(bytes);
  }

  @Test
  void decodeSig_undecodable_emptyAndNeverVerifies() throws Exception {
    byte[] sig = DsseEnvelopes.decodeSig("not base64!");
    assertThat(sig).isEmpty();
    // GcbVerifier relies on this: an undecodable signature is reported as an invalid one.
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    assertThat(PublicKeys.verify(kp.getPublic(), "SHA256withECDSA", new byte[] {1, 2, 3}, sig))
        .isFalse();
  }
}
