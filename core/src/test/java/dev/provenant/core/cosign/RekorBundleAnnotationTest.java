package dev.provenant.core.cosign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.json.JsonFormatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RekorBundleAnnotationTest {
  static final byte[] BODY =
      "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{}}".getBytes(StandardCharsets.UTF_8);

  @Test
  void encode_cosignFieldNamesAndOrder_decodesToTheSameEntry() throws Exception {
    TlogEntry e =
        new TlogEntry(
            42, new byte[] {1, 2, 0x7f}, "dsse", "0.0.1", 1700000000L, new byte[] {9}, null, BODY);

    String json = RekorBundleAnnotation.encode(e);

    assertThat(json)
        .startsWith("{\"SignedEntryTimestamp\":\"CQ==\",\"Payload\":{\"body\":\"")
        .endsWith("\",\"integratedTime\":1700000000,\"logIndex\":42,\"logID\":\"01027f\"}}");
    TlogEntry back = RekorBundleAnnotation.decode(json);
    assertThat(back).isEqualTo(e);
  }

  @Test
  void encode_entryWithoutSet_refused() {
    TlogEntry e = new TlogEntry(1, new byte[] {1}, "dsse", "0.0.1", 1, null, null, BODY);
    assertThatThrownBy(() -> RekorBundleAnnotation.encode(e))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SET");
  }

  @Test
  void decode_logIdNotHex_formatError() {
    assertThatThrownBy(
            () ->
                RekorBundleAnnotation.decode(
                    "{\"SignedEntryTimestamp\":\"CQ==\",\"Payload\":{\"body\":\"e30=\","
                        + "\"integratedTime\":1,\"logIndex\":1,\"logID\":\"zz\"}}"))
        .isInstanceOf(JsonFormatException.class);
  }

  @Test
  void attestationTag_isCosignsTag() {
    assertThat(CosignAnnotations.attestationTag("sha256:ab")).isEqualTo("sha256-ab.att");
    assertThat(CosignAnnotations.signatureTag("sha256:ab")).isEqualTo("sha256-ab.sig");
  }
}
