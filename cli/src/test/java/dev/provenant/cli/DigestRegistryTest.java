package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.testing.Skip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provenant digest IMAGE [--platform]} against skopeo, on images written here as OCI layouts
 * (JSON blobs) and pushed by {@code skopeo copy --all --preserve-digests} into the loopback
 * docker-registry of scripts/test.d/45-registry.sh.
 */
class DigestRegistryTest {
  @TempDir static Path tmp;
  static String registry;
  static String single;
  static String multi;

  @BeforeAll
  static void push() throws Exception {
    registry = System.getenv("PROVENANT_TEST_REGISTRY_OPEN");
    Skip.unless(
        registry != null, "a loopback docker-registry (scripts/test.d/45-registry.sh start)");
    Skip.unless(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo (apt-get install skopeo)");
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path l1 =
        layout(
            tmp.resolve("single"), List.<String[]>of(new String[] {"linux", "amd64", null}), false);
    single = registry + "/digest/single-" + id + ":v1";
    skopeo(
        "copy",
        "--dest-tls-verify=false",
        "--preserve-digests",
        "oci:" + l1 + ":v1",
        "docker://" + single);
    Path l2 =
        layout(
            tmp.resolve("multi"),
            List.of(
                new String[] {"linux", "amd64", null},
                new String[] {"linux", "arm64", "v8"},
                new String[] {"linux", "s390x", null}),
            true);
    multi = registry + "/digest/multi-" + id + ":v1";
    skopeo(
        "copy",
        "--all",
        "--dest-tls-verify=false",
        "--preserve-digests",
        "oci:" + l2 + ":v1",
        "docker://" + multi);
  }

  /** An OCI layout with one image per platform; with {@code index}, an image index over them. */
  static Path layout(Path dir, List<String[]> platforms, boolean index) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    List<String> descriptors = new ArrayList<>();
    for (String[] p : platforms) {
      String variant = p[2] == null ? "" : ",\"variant\":\"" + p[2] + "\"";
      byte[] layer = ("layer for " + p[1]).getBytes(StandardCharsets.UTF_8);
      byte[] config =
          ("{\"architecture\":\""
                  + p[1]
                  + "\",\"os\":\""
                  + p[0]
                  + "\""
                  + variant
                  + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                  + blob(dir, layer)
                  + "\"]},\"config\":{}}")
              .getBytes(StandardCharsets.UTF_8);
      byte[] manifest =
          ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                  + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                  + blob(dir, config)
                  + "\",\"size\":"
                  + config.length
                  + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                  + "\"digest\":\""
                  + blob(dir, layer)
                  + "\",\"size\":"
                  + layer.length
                  + "}]}")
              .getBytes(StandardCharsets.UTF_8);
      descriptors.add(
          "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
              + blob(dir, manifest)
              + "\",\"size\":"
              + manifest.length
              + ",\"platform\":{\"architecture\":\""
              + p[1]
              + "\",\"os\":\""
              + p[0]
              + "\""
              + variant
              + "}}");
    }
    String top;
    if (index) {
      byte[] idx =
          ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                  + String.join(",", descriptors)
                  + "]}")
              .getBytes(StandardCharsets.UTF_8);
      top =
          "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\""
              + blob(dir, idx)
              + "\",\"size\":"
              + idx.length;
    } else {
      top = descriptors.get(0).replaceFirst(",\"platform\":\\{[^}]*}}$", "");
    }
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":["
            + top
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
    return dir;
  }

  static String blob(Path dir, byte[] b) throws IOException {
    String hex = Hex.encode(Sha256.hash(b));
    Files.write(dir.resolve("blobs/sha256/" + hex), b);
    return "sha256:" + hex;
  }

  static byte[] skopeo(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("skopeo %s", cmd).isZero();
    return out;
  }

  static CapturedRun digest(String... args) {
    return CapturedRun.of("digest", args);
  }

  static String skopeoDigest(String ref) throws Exception {
    return new String(
            skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + ref),
            StandardCharsets.UTF_8)
        .strip();
  }

  static String rawDigest(String ref) throws Exception {
    return "sha256:"
        + Hex.encode(
            Sha256.hash(skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + ref)));
  }

  @Test
  void digest_singleArch_equalsSkopeo() throws Exception {
    CapturedRun r = digest(single);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(skopeoDigest(single)).isEqualTo(rawDigest(single));
  }

  @Test
  void digest_multiArch_isTheIndexDigest() throws Exception {
    CapturedRun r = digest(multi);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(skopeoDigest(multi)).isEqualTo(rawDigest(multi));
    JsonNode index =
        new ObjectMapper()
            .readTree(skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + multi));
    assertThat(index.path("manifests").size()).isEqualTo(3);
  }

  @Test
  void digest_platform_isThatPlatformsManifestDigest() throws Exception {
    JsonNode index =
        new ObjectMapper()
            .readTree(skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + multi));
    String repo = multi.substring(0, multi.lastIndexOf(':'));
    for (JsonNode m : index.path("manifests")) {
      String platform =
          m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText();
      CapturedRun r = digest("--platform", platform, multi);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out())
          .as(platform)
          .isEqualTo(m.path("digest").asText())
          .isEqualTo(rawDigest(repo + "@" + m.path("digest").asText()));
    }
    CapturedRun v8 = digest("--platform", "linux/arm64/v8", multi);
    assertThat(v8.exit()).as(v8.err()).isZero();
    CapturedRun none = digest("--platform", "windows/amd64", multi);
    assertThat(none.exit()).as(none.err()).isEqualTo(ExitCode.NOT_FOUND.code());
    CapturedRun own = digest("--platform", "linux/amd64", single);
    assertThat(own.out()).isEqualTo(rawDigest(single));
    CapturedRun other = digest("--platform", "linux/arm64", single);
    assertThat(other.exit()).as(other.err()).isEqualTo(ExitCode.NOT_FOUND.code());
  }

  @Test
  void digest_byDigestReference_printsThatDigest() throws Exception {
    String d = rawDigest(multi);
    CapturedRun r = digest(multi.substring(0, multi.lastIndexOf(':')) + "@" + d);
    assertThat(r.out()).isEqualTo(d);
  }

  @Test
  void digest_authRegistryAnonymous_isExit6WithTheRegistrysAnswer() {
    String basic = System.getenv("PROVENANT_TEST_REGISTRY_BASIC");
    Skip.unless(basic != null, "the Basic-auth registry (scripts/test.d/45-registry.sh start)");
    CapturedRun r = digest(basic + "/private/image:v1");
    assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(r.err()).contains("UNAUTHORIZED").contains("authentication required");
  }

  @Test
  void digest_unknownTag_isNotFound_andAFileStaysAFile() throws Exception {
    CapturedRun r = digest(single.replace(":v1", ":nope"));
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.NOT_FOUND.code());
    Path f = tmp.resolve("a-file");
    Files.writeString(f, "abc");
    CapturedRun file = digest(f.toString());
    assertThat(file.out())
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CapturedRun neither = digest("Not A Reference!");
    assertThat(neither.exit()).isEqualTo(ExitCode.USAGE.code());
  }
}
