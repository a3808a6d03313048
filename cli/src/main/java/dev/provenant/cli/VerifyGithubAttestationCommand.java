package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.VerifiedProvenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant verify-github-attestation}: a GitHub artifact attestation (Sigstore bundle) for
 * a file.
 */
@Command(
    name = "verify-github-attestation",
    mixinStandardHelpOptions = true,
    description =
        "Verify a GitHub artifact attestation (Sigstore bundle) for a file, e.g. a Bazel module.")
final class VerifyGithubAttestationCommand implements Callable<Integer> {
  @Option(
      names = "--attestation-path",
      required = true,
      paramLabel = "FILE",
      description = "The attestation bundle.")
  Path attestationPath;

  @Option(
      names = "--source-uri",
      required = true,
      paramLabel = "URI",
      description = "Expected source repository.")
  String sourceUri;

  @Option(
      names = "--builder-id",
      required = true,
      paramLabel = "ID",
      description = "Expected builder (reusable workflow).")
  String builderId;

  @Option(names = "--print-attestation", description = "Print the verified statement on stdout.")
  boolean printAttestation;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json (default: embedded public-good).")
  Path trustedRoot;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output format.")
  String format;

  @Parameters(arity = "1", paramLabel = "FILE")
  Path file;

  @Override
  public Integer call() {
    OneShot.warmUpCrypto();
    Checks checks = new Checks();
    Map<String, Object> facts = new LinkedHashMap<>();
    boolean json = "json".equals(format);
    try {
      SlsaPolicy policy = SlsaPolicy.ofSource(sourceUri).withBuilderId(builderId);
      if (SlsaVerifier.platformFor(policy) != SlsaVerifier.Platform.GITHUB) {
        throw new VerificationException(
            "builder.id", Reason.NOT_SUPPORTED, "GitHub attestations come from GitHub builders");
      }
      SlsaVerifier verifier = SlsaVerifiers.create(trustedRoot, null);
      VerifiedProvenance v =
          verifier.verifyGithubAttestation(
              VerifyVsaCommand.read(attestationPath),
              VerifyArtifactCommand.sha256(file),
              policy,
              checks);
      if (printAttestation) {
        System.out.println(new String(v.statement(), StandardCharsets.UTF_8));
      }
      VerifyArtifactCommand.facts(facts, v);
      return SlsaOutput.pass("SLSA verification passed", checks, json, facts);
    } catch (VerificationException e) {
      return SlsaOutput.fail(e, checks, json, facts);
    }
  }
}
