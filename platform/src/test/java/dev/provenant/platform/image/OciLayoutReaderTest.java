package dev.provenant.platform.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.image.ImageReleaseException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String INDEX = "application/vnd.oci.image.index.v1+json";

  @TempDir Path dir;
  private final Map<String, Path> files = new TreeMap<>();

  /** A blob written under its digest; returns {@code "sha256:<hex>"}. */
  private String blob(byte[] b) throws Exception {
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    Path f = dir.resolve(hex);
    Files.write(f, b);
    files.put("blobs/sha256/" + hex, f);
    return "sha256:" + hex;
  }

  private String blob(String s) throws Exception {
    return blob(s.getBytes(StandardCharsets.UTF_8));
  }

  private void file(String name, String content) throws Exception {
    Path f = dir.resolve(name.replace('/', '_'));
    Files.writeString(f, content);
    files.put(name, f);
  }

  private static String desc(String type, String digest, long size, String platform) {
    String p = "";
    if (platform != null) {
      String[] a = platform.split("/");
      p = ",\"platform\":{\"architecture\":\"" + a[1] + "\",\"os\":\"" + a[0] + "\"}";
    }
    return "{\"mediaType\":\""
        + type
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + p
        + "}";
  }

  /** One platform's image manifest (config and one layer); returns its descriptor JSON. */
  private String image(String arch, boolean withPlatform) throws Exception {
    byte[] layer = ("layer for " + arch).getBytes(StandardCharsets.UTF_8);
    String l = blob(layer);
    String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}";
    String c = blob(config);
    String m =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MANIFEST
            + "\",\"config\":"
            + desc("application/vnd.oci.image.config.v1+json", c, config.length(), null)
            + ",\"layers\":["
            + desc("application/vnd.oci.image.layer.v1.tar", l, layer.length, null)
            + "]}";
    return desc(MANIFEST, blob(m), m.length(), withPlatform ? "linux/" + arch : null);
  }

  private void index(String... entries) throws Exception {
    file("index.json", "{\"schemaVersion\":2,\"manifests\":[" + String.join(",", entries) + "]}");
  }

  @BeforeEach
  void layout() throws Exception {
    file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  private Reason refusal() {
    return catchThrowableOfType(
            ImageReleaseException.class, () -> OciLayoutReader.read(files, "out/image"))
        .reason();
  }

  @Test
  void read_twoPlatformManifests_areReleasedAsOneNewIndex() throws Exception {
    index(image("amd64", true), image("arm64", true));

    OciImage img = OciLayoutReader.read(files, "out/image");

    assertThat(img.isIndex()).isTrue();
    assertThat(img.platforms()).containsExactly("linux/amd64", "linux/arm64");
    byte[] own = img.manifest();
    assertThat(img.digest())
        .isEqualTo(
            "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(own)));
    JsonNode idx = JSON.readTree(own);
    assertThat(idx.path("mediaType").asText()).isEqualTo(INDEX);
    assertThat(idx.path("manifests")).hasSize(2);
    assertThat(idx.path("manifests").get(1).path("platform").path("architecture").asText())
        .isEqualTo("arm64");
    // Children first, the new index last; two configs and two layers to push.
    assertThat(img.manifests()).hasSize(3);
    assertThat(img.manifests().get(2).digest()).isEqualTo(img.digest());
    assertThat(img.blobs()).hasSize(4);
    // The same layout gives the same digest (the release's digest is reproducible).
    assertThat(OciLayoutReader.read(files, "out/image").digest()).isEqualTo(img.digest());
  }

  @Test
  void read_oneManifest_isReleasedAsItself_platformFromItsConfig() throws Exception {
    String d = image("arm64", false);
    index(d);

    OciImage img = OciLayoutReader.read(files, "out/image");

    assertThat(img.isIndex()).isFalse();
    assertThat(img.digest()).isEqualTo(JSON.readTree(d).path("digest").asText());
    assertThat(img.platforms()).containsExactly("linux/arm64");
  }

  @Test
  void read_oneIndex_isReleasedAsThatIndex() throws Exception {
    String inner =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + INDEX
            + "\",\"manifests\":["
            + image("amd64", true)
            + ","
            + image("arm64", false)
            + "]}";
    String digest = blob(inner);
    index(desc(INDEX, digest, inner.length(), null));

    OciImage img = OciLayoutReader.read(files, "out/image");

    assertThat(img.digest()).isEqualTo(digest);
    assertThat(img.platforms()).containsExactly("linux/amd64", "linux/arm64");
    assertThat(img.manifests()).hasSize(3);
  }

  @Test
  void read_blobWhoseBytesDoNotMatch_isDigestMismatch() throws Exception {
    index(image("amd64", true), image("arm64", true));
    Path layer =
        files.get(
            files.keySet().stream().filter(k -> k.startsWith("blobs/")).findFirst().orElseThrow());
    Files.writeString(layer, "tampered", java.nio.file.StandardOpenOption.APPEND);

    ImageReleaseException e =
        catchThrowableOfType(
            ImageReleaseException.class, () -> OciLayoutReader.read(files, "out/image"));

    assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
    assertThat(e.getMessage()).contains("expected sha256:").contains(", got sha256:");
  }

  @Test
  void read_wrongSize_isDigestMismatch() throws Exception {
    String d = image("amd64", true);
    index(d.replaceFirst("\"size\":(\\d+)", "\"size\":1"));

    assertThat(refusal()).isEqualTo(Reason.DIGEST_MISMATCH);
  }

  @Test
  void read_missingBlob_isMissingBlob() throws Exception {
    index(image("amd64", true));
    String layerDigest =
        JSON.readTree(
                Files.readString(
                    files.get(
                        "blobs/sha256/"
                            + JSON.readTree(Files.readString(files.get("index.json")))
                                .path("manifests")
                                .get(0)
                                .path("digest")
                                .asText()
                                .substring(7))))
            .path("layers")
            .get(0)
            .path("digest")
            .asText();
    files.remove("blobs/sha256/" + layerDigest.substring(7));

    assertThat(refusal()).isEqualTo(Reason.MISSING_BLOB);
  }

  @Test
  void read_withoutOciLayoutOrIndex_isNotALayout() throws Exception {
    index(image("amd64", true));
    files.remove("oci-layout");
    assertThat(refusal()).isEqualTo(Reason.NOT_A_LAYOUT);

    layout();
    files.remove("index.json");
    assertThat(refusal()).isEqualTo(Reason.NOT_A_LAYOUT);
  }

  @Test
  void read_otherDigestAlgorithm_isUnsupported() throws Exception {
    index(desc(MANIFEST, "sha512:" + "ab".repeat(64), 10, "linux/amd64"));
    assertThat(refusal()).isEqualTo(Reason.UNSUPPORTED);
  }

  @Test
  void read_twoManifestsForOnePlatform_isMalformed() throws Exception {
    index(image("amd64", true), image("amd64", true).replace("layer for", "layer 2 for"));
    // (the second call wrote the same blobs: one manifest listed twice for one platform)
    assertThat(refusal()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void read_notJson_isMalformed() throws Exception {
    file("index.json", "not json");
    assertThat(refusal()).isEqualTo(Reason.MALFORMED);
  }
}
