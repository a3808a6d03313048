package dev.provenant.cli.platform;

import static dev.provenant.cli.platform.PlatformProcesses.awaitLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.cli.Main;
import dev.provenant.cli.platform.PlatformProcesses.CommandResult;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.testing.Skip;
import dev.provenant.platform.up.Instance;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container releases end to end: {@code provenant up} as its own process, a project whose admin set
 * an image repository on the loopback docker-registry, a build (in the bubblewrap sandbox, with
 * only coreutils, tar and gzip) that writes a two-platform OCI image layout, a signed tag pushed
 * with git. The platform pushes the image as one index by digest, attaches the image's provenance
 * as cosign's {@code .att}, and releases; {@code verify-image} passes on the pushed index digest
 * with the instance's trusted root and builders file. A corrupt layout and an unreachable registry
 * fail the build with their reason and release nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerReleaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BUILD_TIMEOUT = 180_000;
  @TempDir static Path tmp;
  private Process up;
  private Path upLog;
  private Path dir;
  private Instance instance;
  private String registry;
  private String repository;
  private PlatformProcesses.Project project;

  @BeforeAll
  void start() throws Exception {
    PlatformProcesses.requireTools(tmp);
    registry = System.getenv("PROVENANT_TEST_REGISTRY_OPEN");
    Skip.unless(registry != null, "a loopback registry (scripts/test.d/45-registry.sh)");
    Skip.unless(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo (45-registry.sh)");
    dir = tmp.resolve("instance");
    upLog = tmp.resolve("up.log");
    String basic = System.getenv("PROVENANT_TEST_REGISTRY_BASIC");
    if (basic != null) {
      // The platform's own registry login, in its data directory (never mounted into a sandbox).
      String auth =
          Base64.getEncoder()
              .encodeToString(
                  (System.getenv("PROVENANT_TEST_REGISTRY_BASIC_USER")
                          + ":"
                          + System.getenv("PROVENANT_TEST_REGISTRY_BASIC_PASSWORD"))
                      .getBytes(StandardCharsets.UTF_8));
      Files.createDirectories(dir.resolve("registry-auth"));
      Files.writeString(
          dir.resolve("registry-auth/config.json"),
          "{\"auths\":{\"" + basic + "\":{\"auth\":\"" + auth + "\"}}}");
    }
    up = PlatformProcesses.provenant(upLog, "up", "--data", dir.toString(), "--runners", "1");
    awaitLine(up, upLog, 0, "up: ready", 120_000);
    instance = Instance.read(dir.resolve(Instance.FILE));
    repository = registry + "/provenant-it/widget-" + Long.toHexString(System.nanoTime());
    project =
        PlatformProcesses.Project.create(tmp, dir.resolve(Instance.FILE), "widget", repository);
  }

  @AfterAll
  void stop() throws Exception {
    PlatformProcesses.stop(up);
  }

  private static Map<String, String> sources(String version, String... extraSteps)
      throws Exception {
    return sourcesWithImage(version, "  - layout: out/image", extraSteps);
  }

  private static Map<String, String> sourcesWithImage(
      String version, String image, String... extraSteps) throws Exception {
    List<String> yaml = new ArrayList<>(List.of("steps:", "  - run: sh mkimage.sh"));
    for (String s : extraSteps) {
      yaml.add("  - run: " + s);
    }
    yaml.addAll(
        List.of(
            "  - run: mkdir -p dist && printf 'widget %s\\n' \"$(cat VERSION)\" > dist/widget.txt",
            "outputs:", "  - dist/*", "images:", image, ""));
    return Map.of(
        ".provenant/build.yaml",
        String.join("\n", yaml),
        "VERSION",
        version + "\n",
        "mkimage.sh",
        Files.readString(Corpus.repositoryRoot().resolve("testdata/platform/mkimage.sh")));
  }

  @Test
  @Order(1)
  void signedTag_releasesMultiArchImageByDigest_andVerifyImagePasses() throws Exception {
    project.commitAndTag("v1.0.0", sources("1.0.0"));
    project.push("v1.0.0");
    JsonNode r = project.awaitFinal("v1.0.0", BUILD_TIMEOUT);
    assertThat(r.path("status").asText())
        .as("%s\n%s", r, PlatformProcesses.read(upLog))
        .isEqualTo("released");

    // The release lists the image by digest with both platforms; the layout's files are not
    // released as files.
    assertThat(r.path("images")).hasSize(1);
    JsonNode image = r.path("images").get(0);
    String digest = image.path("digest").asText();
    assertThat(digest).matches("sha256:[0-9a-f]{64}");
    String ref = repository + "@" + digest;
    assertThat(image.path("reference").asText()).isEqualTo(ref);
    assertThat(image.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    List<String> platforms = new ArrayList<>();
    image.path("platforms").forEach(p -> platforms.add(p.asText()));
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
    List<String> files = new ArrayList<>();
    r.path("files").forEach(f -> files.add(f.path("name").asText()));
    assertThat(files).containsExactlyInAnyOrder("widget.txt", "sbom.cdx.json", "SHA256SUMS");

    // The registry serves that index under the digest and under the release tag.
    CommandResult raw =
        PlatformProcesses.tryRun(
            tmp, tmp, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref);
    assertThat(raw.exit()).as(raw.out()).isZero();
    byte[] index = raw.out().getBytes(StandardCharsets.UTF_8);
    assertThat("sha256:" + sha256(index)).isEqualTo(digest);
    JsonNode idx = JSON.readTree(index);
    assertThat(idx.path("manifests")).hasSize(2);
    assertThat(provenant("digest", repository + ":v1.0.0").strip()).isEqualTo(digest);
    assertThat(provenant("digest", ref).strip()).isEqualTo(digest);
    CommandResult tags =
        PlatformProcesses.tryRun(
            tmp, tmp, "skopeo", "list-tags", "--tls-verify=false", "docker://" + repository);
    assertThat(tags.out())
        .contains("\"v1.0.0\"")
        .contains("\"" + digest.replace(':', '-') + ".att\"");

    // The image's provenance (released beside the files, and attached in the registry) names the
    // repository with the index digest, as generator_container_slsa3's does.
    Path imageProv = tmp.resolve("image.provenance.intoto.jsonl");
    project.client.download(image.path("provenance").asText(), imageProv);
    JsonNode statement =
        JSON.readTree(
            Base64.getDecoder()
                .decode(
                    JSON.readTree(Files.readString(imageProv))
                        .path("dsseEnvelope")
                        .path("payload")
                        .asText()));
    assertThat(statement.path("subject")).hasSize(1);
    assertThat(statement.path("subject").get(0).path("name").asText()).isEqualTo(repository);
    assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText())
        .isEqualTo(digest.substring("sha256:".length()));

    // verify-image against the registry, with the instance's trust material.
    assertThat(Main.run(verifyImage(ref, "v1.0.0"))).isZero();
    // The same provenance verifies as an artifact too (verify-artifact sha256:<hex>).
    assertThat(
            Main.run(
                PlatformProcesses.verifyCommand(
                        List.of("verify-artifact", "--provenance-path", imageProv.toString()),
                        instance,
                        project.sourceUri,
                        "v1.0.0",
                        digest)
                    .toArray(String[]::new)))
        .isZero();

    // The assessment covers the image.
    JsonNode a = project.client.assessment("widget", "v1.0.0");
    assertThat(a.path("meetsL3").asBoolean()).as("%s", a).isTrue();
    assertThat(a.path("details").path("images").get(0).path("verified").asBoolean()).isTrue();
    String exists = "";
    for (JsonNode q : a.path("requirements")) {
      if (q.path("id").asText().equals("platform.provenance-exists")) {
        exists = q.path("evidence").asText();
      }
    }
    assertThat(exists).contains(ref).contains("image.provenance.intoto.jsonl");

    // The release page and the project's component table list the image.
    HttpClient http = HttpClient.newHttpClient();
    String page =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(instance.web() + "/projects/widget/releases/v1.0.0"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(page).contains("id=\"images\"").contains(ref).contains("provenant verify-image");
    String projectPage =
        http.send(
                HttpRequest.newBuilder(URI.create(instance.web() + "/projects/widget")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(projectPage).contains("image " + repository + " (linux/amd64, linux/arm64)");
  }

  @Test
  @Order(2)
  void verifyImage_wrongSourceTagOrNoBuildersFile_fails() throws Exception {
    JsonNode r = project.client.release("widget", "v1.0.0");
    String ref = r.path("images").get(0).path("reference").asText();
    assertThat(Main.run(verifyImage(ref, "v9.9.9"))).isEqualTo(1);
    // Without the builders file the instance's builder is not trusted: no verifier for it.
    String[] args = verifyImage(ref, "v1.0.0");
    assertThat(Main.run(java.util.Arrays.copyOf(args, args.length - 2))).isNotZero();
  }

  @Test
  @Order(3)
  void corruptLayout_isRefusedWithTheReason_andNothingReleased() throws Exception {
    project.commitAndTag(
        "v1.0.1",
        sources(
            "1.0.1",
            "f=$(ls out/image/blobs/sha256 | head -n 1); printf tampered >> out/image/blobs/sha256/$f"));
    project.push("v1.0.1");
    JsonNode r = project.awaitFinal("v1.0.1", BUILD_TIMEOUT);
    assertThat(r.path("status").asText()).as("%s", r).isEqualTo("failed");
    assertThat(r.path("reason").asText()).startsWith("IMAGE_REJECTED: DIGEST_MISMATCH");
    assertThat(r.has("files")).isFalse();
    assertThat(dir.resolve("releases/widget/v1.0.1")).doesNotExist();
  }

  @Test
  @Order(3)
  void symlinkInTheLayout_isRefused() throws Exception {
    project.commitAndTag(
        "v1.0.2", sources("1.0.2", "ln -s /etc/passwd out/image/blobs/sha256/passwd"));
    project.push("v1.0.2");
    JsonNode r = project.awaitFinal("v1.0.2", BUILD_TIMEOUT);
    assertThat(r.path("status").asText()).as("%s", r).isEqualTo("failed");
    assertThat(r.path("reason").asText()).startsWith("OUTPUT_REJECTED").contains("symbolic link");
    assertThat(dir.resolve("releases/widget/v1.0.2")).doesNotExist();
  }

  @Test
  @Order(4)
  void privateRegistry_getsThePlatformsLogin_whichTheBuildCannotRead() throws Exception {
    String basic = System.getenv("PROVENANT_TEST_REGISTRY_BASIC");
    Skip.unless(basic != null, "the Basic-auth loopback registry (45-registry.sh)");
    String repo = basic + "/provenant-it/private-" + Long.toHexString(System.nanoTime());
    PlatformProcesses.Project priv =
        PlatformProcesses.Project.create(tmp, dir.resolve(Instance.FILE), "private", repo);
    Path auth = dir.resolve("registry-auth/config.json").toAbsolutePath();
    priv.commitAndTag("v3.0.0", sources("3.0.0", "if cat '" + auth + "'; then exit 45; fi"));
    priv.push("v3.0.0");
    JsonNode r = priv.awaitFinal("v3.0.0", BUILD_TIMEOUT);
    assertThat(r.path("status").asText()).as("%s", r).isEqualTo("released");
    String ref = r.path("images").get(0).path("reference").asText();
    String creds =
        System.getenv("PROVENANT_TEST_REGISTRY_BASIC_USER")
            + ":"
            + System.getenv("PROVENANT_TEST_REGISTRY_BASIC_PASSWORD");
    CommandResult raw =
        PlatformProcesses.tryRun(
            tmp,
            tmp,
            "skopeo",
            "inspect",
            "--raw",
            "--tls-verify=false",
            "--creds",
            creds,
            "docker://" + ref);
    assertThat(raw.exit()).as(raw.out()).isZero();
    assertThat("sha256:" + sha256(raw.out().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(r.path("images").get(0).path("digest").asText());
    CommandResult anonymous =
        PlatformProcesses.tryRun(
            tmp, tmp, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref);
    assertThat(anonymous.exit()).isNotZero();
  }

  @Test
  @Order(5)
  void ociArchive_isReleasedLikeALayout() throws Exception {
    project.commitAndTag(
        "v1.1.0",
        sourcesWithImage(
            "1.1.0",
            "  - archive: out/image.tar",
            "tar --sort=name -cf out/image.tar -C out/image ."));
    project.push("v1.1.0");
    JsonNode r = project.awaitFinal("v1.1.0", BUILD_TIMEOUT);
    assertThat(r.path("status").asText()).as("%s", r).isEqualTo("released");
    JsonNode image = r.path("images").get(0);
    assertThat(image.path("platforms").toString()).isEqualTo("[\"linux/amd64\",\"linux/arm64\"]");
    assertThat(Main.run(verifyImage(image.path("reference").asText(), "v1.1.0"))).isZero();
    List<String> files = new ArrayList<>();
    r.path("files").forEach(f -> files.add(f.path("name").asText()));
    assertThat(files).doesNotContain("image.tar");
  }

  @Test
  @Order(6)
  void unreachableRegistry_failsTheBuild_withoutARelease() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    PlatformProcesses.Project offline =
        PlatformProcesses.Project.create(
            tmp, dir.resolve(Instance.FILE), "offline", "127.0.0.1:" + closed + "/acme/offline");
    offline.commitAndTag("v2.0.0", sources("2.0.0"));
    offline.push("v2.0.0");
    JsonNode r = offline.awaitFinal("v2.0.0", BUILD_TIMEOUT);
    assertThat(r.path("status").asText()).as("%s", r).isEqualTo("failed");
    assertThat(r.path("reason").asText()).startsWith("IMAGE_PUSH_FAILED: PUSH_FAILED");
    assertThat(r.has("files")).isFalse();
    assertThat(dir.resolve("releases/offline/v2.0.0")).doesNotExist();
  }

  private String[] verifyImage(String ref, String tag) {
    return PlatformProcesses.verifyCommand(
            List.of("verify-image", ref), instance, project.sourceUri, tag)
        .toArray(String[]::new);
  }

  /** A provenant command in its own JVM; its output. */
  private String provenant(String... args) throws Exception {
    Path log = tmp.resolve("cmd-" + System.nanoTime() + ".log");
    Process p = PlatformProcesses.provenant(log, args);
    int exit = p.waitFor();
    String out = PlatformProcesses.read(log);
    assertThat(exit).as(String.join(" ", args) + ": " + out).isZero();
    return out;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
