package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Skip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that offline verification makes no network access: a sample of the offline slsa-verifier
 * cases (every kind: Sigstore bundles, OCI layouts, GCB, npm, VSA, GitHub attestations) runs in a
 * network namespace with no interfaces up ({@code unshare -n}) and must still give upstream's
 * verdicts. Needs root and util-linux {@code unshare}; skipped otherwise.
 */
class NetworkIsolationTest {
  @TempDir Path dir;

  @Test
  void offlineCases_inNetworkNamespaceWithoutInterfaces_giveUpstreamVerdicts() throws Exception {
    Skip.unless(
        Files.isExecutable(Path.of("/usr/bin/unshare")), "util-linux unshare not installed");
    Skip.unless(
        new ProcessBuilder("/usr/bin/unshare", "-n", "true").start().waitFor() == 0,
        "unshare -n not permitted (needs root or user namespaces)");
    Path root = SlsaCorpusTest.corpus();
    Path data = root.resolve("testdata");
    JsonNode cases = new ObjectMapper().readTree(root.resolve("cases.json").toFile()).get("cases");
    JsonNode hashes = new ObjectMapper().readTree(root.resolve("artifact_hashes.json").toFile());
    List<List<String>> argvs = new ArrayList<>();
    List<Boolean> expectPass = new ArrayList<>();
    Map<String, Integer> perSuite = new TreeMap<>();
    Map<String, Integer> seen = new TreeMap<>();
    for (JsonNode c : cases) {
      if (!SlsaCorpusTest.selected(c) || !c.get("offline").asBoolean()) {
        continue;
      }
      // A sample that keeps every kind of evidence: every 40th case of the large suites,
      // every 4th of the others.
      String suite = c.get("suite").asText();
      boolean large =
          suite.contains("GHAArtifactPath")
              || suite.contains("GHAArtifactImage")
              || suite.contains("GHAContainerBased");
      int n = seen.merge(suite, 1, Integer::sum) - 1;
      if (n % (large ? 40 : 4) != 0) {
        continue;
      }
      argvs.add(SlsaCorpusTest.argv(c, data, hashes));
      expectPass.add(c.get("expect").asText().equals("pass"));
      perSuite.merge(suite, 1, Integer::sum);
    }
    assertThat(perSuite).hasSize(7);
    // Control: a classic envelope without --insecure-ignore-tlog must try the log and find no
    // network in the namespace (exit 6), which shows the namespace really has none.
    List<String> control =
        new ArrayList<>(
            List.of(
                "verify-artifact",
                "--provenance-path",
                data.resolve(
                        "cli/slsa-verifier/testdata/gha_go/v1.10.0/binary-linux-amd64-push-v14.2.intoto.jsonl")
                    .toString(),
                "--source-uri",
                "github.com/slsa-framework/example-package",
                "sha256:370fe299114f9ff0e77a0f2ba3908e4b0c5a594334aec0afd96f99cf55fa42ba"));
    argvs.add(control);
    Path batch = dir.resolve("runs.json");
    new ObjectMapper().writeValue(batch.toFile(), argvs);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                "/usr/bin/unshare",
                "-n",
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CorpusBatch.class.getName(),
                batch.toString())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(Files.readString(dir.resolve("stderr"))).isZero();
    String[] codes = out.strip().split("\n");
    assertThat(codes).hasSize(argvs.size());
    assertThat(Integer.parseInt(codes[codes.length - 1].strip()))
        .as("control run")
        .isEqualTo(ExitCode.UNREACHABLE.code());
    for (int k = 0; k < codes.length - 1; k++) {
      int rc = Integer.parseInt(codes[k].strip());
      assertThat(rc == 0).as("case %s: exit %d", argvs.get(k), rc).isEqualTo(expectPass.get(k));
      // A network attempt would surface as LOG_UNREACHABLE (exit 6); none may occur offline.
      assertThat(rc).isNotEqualTo(ExitCode.UNREACHABLE.code());
    }
  }
}
