package dev.provenant.core.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void encode_isGoEncodeToMemoryShape() {
    // 48 bytes are exactly one 64-character line; 49 spill a 4-character second line.
    String one = Pem.encode("CERTIFICATE", bytes(48));
    String two = Pem.encode("PUBLIC KEY", bytes(49));
    String b48 = Base64.getEncoder().encodeToString(bytes(48));
    String b49 = Base64.getEncoder().encodeToString(bytes(49));
    assertThat(one)
        .isEqualTo("-----BEGIN CERTIFICATE-----\n" + b48 + "\n-----END CERTIFICATE-----\n");
    assertThat(two)
        .isEqualTo(
            "-----BEGIN PUBLIC KEY-----\n"
                + b49.substring(0, 64)
                + "\n"
                + b49.substring(64)
                + "\n-----END PUBLIC KEY-----\n");
    assertThat(Pem.encodeBytes("PUBLIC KEY", bytes(49)))
        .isEqualTo(two.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void decode_roundTripsEncode_andSkipsOtherLabelsAndText() throws Exception {
    String text =
        "header text\n"
            + Pem.encode("PUBLIC KEY", bytes(70))
            + "between\n"
            + Pem.encode("CERTIFICATE", bytes(100))
            + Pem.encode("CERTIFICATE", bytes(3))
            + "trailer";
    List<byte[]> certs = Pem.decode(text, "CERTIFICATE");
    assertThat(certs).hasSize(2);
    assertThat(certs.get(0)).isEqualTo(bytes(100));
    assertThat(certs.get(1)).isEqualTo(bytes(3));
    assertThat(Pem.decode(text, "PRIVATE KEY")).isEmpty();
    List<Pem.Block> all = Pem.decodeAll(text);
    assertThat(all)
        .extracting(Pem.Block::label)
        .containsExactly("PUBLIC KEY", "CERTIFICATE", "CERTIFICATE");
  }

  @Test
  void decode_crlfAndRewrappedBody_accepted() throws Exception {
    String b64 = Base64.getMimeEncoder().encodeToString(bytes(200)); // 76 columns, CRLF
    String text = "-----BEGIN CERTIFICATE-----\r\n" + b64 + "\r\n-----END CERTIFICATE-----\r\n";
    assertThat(Pem.decode(text, "CERTIFICATE").get(0)).isEqualTo(bytes(200));
  }

  @Test
  void decode_missingEndLine_throws() {
    assertThatThrownBy(() -> Pem.decode("-----BEGIN CERTIFICATE-----\nAAAA\n", "CERTIFICATE"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("END");
  }

  @Test
  void decode_bodyNotBase64_throws() {
    assertThatThrownBy(
            () ->
                Pem.decode(
                    "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n",
                    "CERTIFICATE"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("base64");
  }

  @Test
  void decodeAll_noBlock_throws() {
    assertThatThrownBy(() -> Pem.decodeAll("just text")).isInstanceOf(PemFormatException.class);
    assertThat(Pem.isPem("just text")).isFalse();
    assertThat(Pem.isPem(Pem.encode("X", bytes(1)))).isTrue();
  }

  @Test
  void decodeStrict_strayDataBeforeOrAfter_throws() throws Exception {
    String block = Pem.encode("PUBLIC KEY", bytes(65));
    assertThat(Pem.decodeStrict("\n  " + block + "\n\n")).hasSize(1);
    assertThatThrownBy(() -> Pem.decodeStrict("junk\n" + block))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("before");
    assertThatThrownBy(() -> Pem.decodeStrict(block + "junk"))
        .isInstanceOf(PemFormatException.class)
        .hasMessageContaining("trailing");
    // The lax readers accept the same texts.
    assertThat(Pem.decodeAll("junk\n" + block + "junk")).hasSize(1);
  }
}
