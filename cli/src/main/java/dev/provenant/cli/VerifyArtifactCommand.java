package dev.provenant.cli;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.intoto.Subject;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.TrustedBuilders;
import dev.provenant.verify.slsa.VerifiedProvenance;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant verify-artifact}: slsa-verifier's command with its flags and checks, offline for
 * Sigstore-bundle provenance; classic {@code .intoto.jsonl} provenance is checked against the Rekor
 * log online ({@code --rekor-url}) unless {@code --insecure-ignore-tlog}.
 */
@Command(
    name = "verify-artifact",
    mixinStandardHelpOptions = true,
    description = "Verify SLSA provenance for artifacts (all against the same provenance file).")
final class VerifyArtifactCommand implements Callable<Integer> {
  @Mixin SlsaOptions opts;

  @Option(
      names = "--provenance-path",
      required = true,
      paramLabel = "FILE",
      description = "Provenance: a Sigstore bundle or a DSSE envelope (.intoto.jsonl).")
  Path provenancePath;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json (default: embedded public-good).")
  Path trustedRoot;

  @Option(
      names = "--rekor-url",
      paramLabel = "URL",
      defaultValue = DEFAULT_REKOR_URL,
      description = "Rekor to search for classic DSSE provenance (default: ${DEFAULT-VALUE}).")
  URI rekorUrl;

  @Option(
      names = "--builders",
      paramLabel = "FILE",
      description =
          "Builders file of a Provenant instance: builders trusted besides GitHub's (select one with --builder-id).")
  Path buildersFile;

  @Option(
      names = "--insecure-ignore-tlog",
      description =
          "Do not look up classic provenance in the transparency log (INSECURE: says so on stderr).")
  boolean ignoreTlog;

  @Parameters(
      arity = "1..*",
      paramLabel = "ARTIFACT",
      description = "Artifact files, or sha256:<hex> digests.")
  List<Path> artifacts;

  private static final String DEFAULT_REKOR_URL = "https://rekor.sigstore.dev";

  @Override
  public Integer call() {
    Checks checks = new Checks();
    Map<String, Object> facts = new LinkedHashMap<>();
    boolean json = opts.json();
    OneShot.warmUpCrypto();
    try {
      SlsaPolicy policy = opts.policy();
      TrustedBuilders builders = SlsaVerifiers.builders(buildersFile);
      SlsaVerifier.platformFor(policy, builders);
      byte[] provenance = VerifyVsaCommand.read(provenancePath);
      SlsaVerifier verifier =
          SlsaVerifiers.create(trustedRoot, ignoreTlog ? null : rekorUrl, builders);
      String builder = null;
      List<String> verified = new ArrayList<>();
      for (Path artifact : artifacts) {
        String sha256 = sha256(artifact);
        VerifiedProvenance v =
            verifier.verifyArtifact(
                provenance,
                sha256,
                policy,
                ignoreTlog ? SlsaVerifier.TlogMode.IGNORE : SlsaVerifier.TlogMode.ONLINE,
                checks,
                System.err::println);
        if (builder != null && !builder.equals(v.builderId().toString())) {
          throw new VerificationException(
              "builder.consistent",
              Reason.BUILDER_MISMATCH,
              "artifacts were verified with different builders",
              builder,
              v.builderId().toString());
        }
        builder = v.builderId().toString();
        if (opts.printProvenance) {
          System.out.println(new String(v.statement(), StandardCharsets.UTF_8));
        }
        System.err.println(
            "Verified build using builder \""
                + builder
                + "\" at commit "
                + (v.identity() == null ? "" : v.identity().sourceSha1()));
        System.err.println("Verifying artifact " + artifact + ": PASSED");
        verified.add(artifact.toString());
        facts(facts, v);
      }
      facts.put("artifacts", verified);
      return SlsaOutput.pass("SLSA verification passed", checks, json, facts);
    } catch (VerificationException e) {
      return SlsaOutput.fail(e, checks, json, facts);
    }
  }

  static void facts(Map<String, Object> facts, VerifiedProvenance v) {
    facts.put("builderId", v.builderId().toString());
    if (v.identity() != null) {
      facts.put("sourceRepository", v.identity().sourceRepository());
      facts.put("sourceRef", v.identity().sourceRef());
      facts.put("sourceCommit", v.identity().sourceSha1());
      facts.put("signer", v.identity().subjectWorkflow().toString());
    }
    try {
      List<Map<String, Object>> subjects = new ArrayList<>();
      for (Subject s : v.provenance().subjects()) {
        subjects.add(Map.of("name", s.name(), "digest", s.digest()));
      }
      facts.put("subjects", subjects);
    } catch (VerificationException e) {
      // Subjects were read during verification; unreachable after success.
      facts.put("subjects", List.of());
    }
    if (v.logIndex() >= 0) {
      facts.put("logIndex", v.logIndex());
      facts.put("integratedTime", v.integratedTime());
    }
  }

  /** The sha256 of an artifact file, or the digest itself when given as {@code sha256:<hex>}. */
  static String sha256(Path artifact) throws VerificationException {
    String s = artifact.toString();
    if (s.startsWith("sha256:") && !java.nio.file.Files.exists(artifact)) {
      String hex = s.substring(7);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new VerificationException(
            "input.artifact", Reason.USAGE, "not a sha256 digest", "sha256:<64 hex>", s);
      }
      return hex;
    }
    try {
      return Hex.encode(Sha256.hashFile(artifact));
    } catch (IOException e) {
      throw new VerificationException(
          "input.artifact", Reason.INPUT_UNREADABLE, "cannot read artifact " + artifact + ": " + e);
    }
  }
}
