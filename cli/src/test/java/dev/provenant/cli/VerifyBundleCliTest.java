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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code provenant verify-bundle} end to end: verdict lines, exit codes per outcome class, the JSON
 * report, and that it needs no network (run in a network namespace without interfaces).
 */
class VerifyBundleCliTest {
  private static final String IDENTITY =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
          + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  private static final String ISSUER = "https://token.actions.githubusercontent.com";

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    CapturedRun r = CapturedRun.raw(args);
    return new Result(r.exit(), r.out(), r.err());
  }

  private static Path cases() {
    return BadInputCliTest.corpus().resolve("sigstore-conformance/assets/bundle-verify");
  }

  private static List<String> args(String caseName, String identity, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "verify-bundle",
                "--bundle",
                cases().resolve(caseName).resolve("bundle.sigstore.json").toString(),
                "--certificate-identity",
                identity,
                "--certificate-oidc-issuer",
                ISSUER,
                "--trusted-root",
                BadInputCliTest.corpus()
                    .resolve("trust/public-good-trusted_root.json")
                    .toString()));
    a.addAll(List.of(extra));
    a.add(cases().resolve("a.txt").toString());
    return a;
  }

  @Test
  void verifyBundle_happyPath_exits0WithPassedLine() {
    Result r = run(args("happy-path-v0.3", IDENTITY).toArray(String[]::new));
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).startsWith("PASSED: ");
  }

  @Test
  void verifyBundle_githubPrivateAttestation_withGhTrustedRootJsonLines_exits0() {
    // `gh attestation trusted-root` output (public-good root, then GitHub's) and a real
    // attestation GitHub's instance made for a private repository: no log entry, a TSA timestamp.
    Path dir =
        BadInputCliTest.corpus()
            .resolve("sigstore-java-samples/samples/bundles/github-private-no-tlog");
    String signer =
        "https://github.com/neverendingsupport/slsa-attestations/.github/workflows/attest.yml"
            + "@9f6d9dc1bfc02986955721eb15f89ad618f1cedb";
    String subject = "sha256:caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551";
    String bundle = dir.resolve("attestation.sigstore.json").toString();
    Result ok =
        run(
            "verify-bundle",
            "--bundle",
            bundle,
            "--certificate-identity",
            signer,
            "--certificate-oidc-issuer",
            ISSUER,
            "--trusted-root",
            dir.resolve("trusted_root.jsonl").toString(),
            subject);
    assertThat(ok.code()).as(ok.err()).isEqualTo(0);
    assertThat(ok.err()).startsWith("PASSED: ").contains("no transparency log in the trusted root");
    Result publicGood =
        run(
            "verify-bundle",
            "--bundle",
            bundle,
            "--certificate-identity",
            signer,
            "--certificate-oidc-issuer",
            ISSUER,
            "--trusted-root",
            BadInputCliTest.corpus().resolve("trust/public-good-trusted_root.json").toString(),
            subject);
    assertThat(publicGood.code()).isEqualTo(4);
    assertThat(publicGood.err()).startsWith("FAILED: tlog.entries: TLOG_ENTRY_NOT_FOUND: ");
  }

  @Test
  void verifyBundle_staging_withoutTrustedRoot_exits5() {
    // Only the public-good seed is embedded; staging needs --trusted-root.
    Result r =
        run(
            "verify-bundle",
            "--staging",
            "--bundle",
            cases().resolve("happy-path-v0.3").resolve("bundle.sigstore.json").toString(),
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
            cases().resolve("a.txt").toString());
    assertThat(r.code()).isEqualTo(5);
    assertThat(r.err())
        .startsWith("FAILED: trust-root: TRUST_ROOT_MISSING: ")
        .contains("pass --trusted-root");
  }

  @Test
  void verifyBundle_wrongIdentity_exits1NamingCheck() {
    Result r = run(args("happy-path-v0.3", IDENTITY + "-other").toArray(String[]::new));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("FAILED: identity.san: IDENTITY_MISMATCH: ")
        .contains("expected ")
        .contains(", got ");
  }

  @Test
  void verifyBundle_tamperedSignature_exits3() {
    Result r = run(args("signature-mismatch_fail", IDENTITY).toArray(String[]::new));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).startsWith("FAILED: ");
  }

  @Test
  void verifyBundle_missingTrustRoot_exits5() {
    List<String> a = args("happy-path-v0.3", IDENTITY);
    a.set(a.indexOf("--trusted-root") + 1, "/nonexistent/trusted_root.json");
    Result r = run(a.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(5);
    assertThat(r.err()).startsWith("FAILED: trust-root: TRUST_ROOT_MISSING");
  }

  @Test
  void verifyBundle_bothKeyAndIdentity_exits2() {
    Result r =
        run(
            args(
                    "happy-path-v0.3",
                    IDENTITY,
                    "--key",
                    cases().resolve("managed-key-happy-path/key.pub").toString())
                .toArray(String[]::new));
    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void verifyBundle_embeddedTrustRoot_verifiesWithoutTrustedRootFlag() {
    List<String> a = args("happy-path-v0.3", IDENTITY);
    int i = a.indexOf("--trusted-root");
    a.remove(i + 1);
    a.remove(i);
    assertThat(run(a.toArray(String[]::new)).code()).isEqualTo(0);
  }

  @Test
  void verifyBundle_formatJson_listsChecksAndFacts() throws Exception {
    Result r = run(args("happy-path-v0.3", IDENTITY, "--format", "json").toArray(String[]::new));
    assertThat(r.code()).isEqualTo(0);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("verdict").asText()).isEqualTo("PASSED");
    List<String> names = new ArrayList<>();
    j.get("checks").forEach(c -> names.add(c.get("name").asText()));
    assertThat(names)
        .contains(
            "tlog.set",
            "tlog.inclusion-proof",
            "tlog.checkpoint",
            "tlog.body",
            "certificate.chain",
            "certificate.sct",
            "artifact.digest",
            "signature",
            "identity");
    assertThat(j.get("facts").get("identity").asText()).isEqualTo(IDENTITY);
    assertThat(j.get("facts").get("tlogEntries").get(0).get("logIndex").asLong()).isPositive();

    Result f =
        run(
            args("happy-path-v0.3", IDENTITY + "-other", "--format", "json")
                .toArray(String[]::new));
    JsonNode fj = new ObjectMapper().readTree(f.out());
    assertThat(fj.get("verdict").asText()).isEqualTo("FAILED");
    assertThat(fj.get("reason").asText()).isEqualTo("IDENTITY_MISMATCH");
    JsonNode last = fj.get("checks").get(fj.get("checks").size() - 1);
    assertThat(last.get("passed").asBoolean()).isFalse();
    assertThat(last.get("expected").asText()).endsWith("-other");
  }

  /**
   * Verification never touches the network: the same verdicts inside a network namespace with no
   * interfaces ({@code unshare -n}; root only, which CI is).
   */
  @Test
  void verifyBundle_inNetworkNamespaceWithoutInterfaces_sameVerdicts() throws Exception {
    boolean canUnshare = new ProcessBuilder("unshare", "-n", "true").start().waitFor() == 0;
    // CI runs as root, where this must work; elsewhere (rootless) it cannot be checked.
    Skip.unless(canUnshare, "unshare -n is not permitted here (needs root or user namespaces)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    String[][] cases = {
      {"happy-path-v0.3", "0"}, {"rekor2-happy-path", "0"}, {"signature-mismatch_fail", "3"}
    };
    for (String[] c : cases) {
      List<String> cmd =
          new ArrayList<>(List.of("unshare", "-n", java, "-cp", cp, "dev.provenant.cli.Main"));
      List<String> a = args(c[0], IDENTITY);
      Path own = cases().resolve(c[0]).resolve("trusted_root.json");
      if (Files.exists(own)) {
        a.set(a.indexOf("--trusted-root") + 1, own.toString());
      }
      cmd.addAll(a);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] output = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue())
          .as(c[0] + ": " + new String(output, StandardCharsets.UTF_8))
          .isEqualTo(Integer.parseInt(c[1]));
    }
  }
}
