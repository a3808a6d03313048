package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.ReleaseVerifier;
import dev.provenant.verify.slsa.ReleaseVerifier.FileResult;
import dev.provenant.verify.slsa.ReleaseVerifier.ReleaseFileDigest;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.TrustedBuilders;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant verify-release DIR}: every file of a downloaded release matched to a subject of
 * its provenance, with {@code verify-artifact}'s flags and checks. Missing, extra and altered files
 * are each listed with the reason; one verdict.
 */
@Command(
    name = "verify-release",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a downloaded release directory: every file must be a subject of the provenance, "
          + "every subject a file.",
      "Exit codes as verify-artifact's."
    })
final class VerifyReleaseCommand implements Callable<Integer> {
  @Mixin SlsaOptions opts;

  @Option(
      names = "--provenance-path",
      paramLabel = "FILE",
      description = "Provenance (default: DIR/provenance.intoto.jsonl).")
  Path provenancePath;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json (default: embedded public-good).")
  Path trustedRoot;

  @Option(
      names = "--rekor-url",
      paramLabel = "URL",
      defaultValue = "https://rekor.sigstore.dev",
      description = "Rekor to search for classic DSSE provenance (default: ${DEFAULT-VALUE}).")
  URI rekorUrl;

  @Option(
      names = "--builders",
      paramLabel = "FILE",
      description = "Builders file of a Provenant instance: builders trusted besides GitHub's.")
  Path buildersFile;

  @Option(
      names = "--insecure-ignore-tlog",
      description =
          "Do not look up classic provenance in the transparency log (INSECURE: says so on stderr).")
  boolean ignoreTlog;

  @Parameters(index = "0", paramLabel = "DIR", description = "The downloaded release directory.")
  Path dir;

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
      Path provenanceFile =
          provenancePath != null ? provenancePath : dir.resolve("provenance.intoto.jsonl");
      byte[] provenance = VerifyVsaCommand.read(provenanceFile);
      List<ReleaseFileDigest> files = files(dir, provenanceFile);
      SlsaVerifier verifier =
          SlsaVerifiers.create(trustedRoot, ignoreTlog ? null : rekorUrl, builders);
      ReleaseVerifier.ReleaseVerdict verdict =
          ReleaseVerifier.verify(
              verifier,
              provenance,
              files,
              policy,
              ignoreTlog ? SlsaVerifier.TlogMode.IGNORE : SlsaVerifier.TlogMode.ONLINE,
              checks,
              System.err::println);
      VerifyArtifactCommand.facts(facts, verdict.provenance());
      List<Map<String, Object>> results = new ArrayList<>();
      for (FileResult f : verdict.files()) {
        System.err.println(f.status() + " " + f.name() + ": " + f.reason());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", f.name());
        r.put("status", f.status().name());
        r.put("expectedSha256", f.expectedSha256());
        r.put("actualSha256", f.actualSha256());
        r.put("reason", f.reason());
        results.add(r);
      }
      facts.put("files", results);
      if (!verdict.passed()) {
        return SlsaOutput.fail(verdict.failure(), checks, json, facts);
      }
      return SlsaOutput.pass(
          "release " + dir + ": " + files.size() + " files, each a subject of the provenance",
          checks,
          json,
          facts);
    } catch (VerificationException e) {
      return SlsaOutput.fail(e, checks, json, facts);
    }
  }

  /** The regular files of the directory (not the provenance), by name, with their sha256. */
  static List<ReleaseFileDigest> files(Path dir, Path provenanceFile) throws VerificationException {
    if (!Files.isDirectory(dir)) {
      throw new VerificationException(
          "input.release", Reason.INPUT_UNREADABLE, "not a directory: " + dir);
    }
    List<ReleaseFileDigest> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        if (!Files.isRegularFile(p) || sameFile(p, provenanceFile)) {
          continue;
        }
        out.add(new ReleaseFileDigest(p.getFileName().toString(), VerifyArtifactCommand.sha256(p)));
      }
    } catch (IOException e) {
      throw new VerificationException(
          "input.release", Reason.INPUT_UNREADABLE, "cannot list " + dir + ": " + e);
    }
    return out;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
