package dev.provenant.cli;

import dev.provenant.core.encoding.Hex;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.npm.NpmKeys;
import dev.provenant.verify.slsa.npm.NpmVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant verify-npm-package}: an npm tarball against the registry's attestations
 * (provenance and publish attestation), with npm's registry keys embedded.
 */
@Command(
    name = "verify-npm-package",
    mixinStandardHelpOptions = true,
    description = "Verify an npm package tarball against its registry attestations.")
final class VerifyNpmPackageCommand implements Callable<Integer> {
  @Mixin SlsaOptions opts;

  @Option(
      names = "--attestations-path",
      required = true,
      paramLabel = "FILE",
      description = "The registry's attestations ({\"attestations\":[...]}).")
  Path attestationsPath;

  @Option(
      names = "--package-name",
      required = true,
      paramLabel = "NAME",
      description = "Expected package name.")
  String packageName;

  @Option(
      names = "--package-version",
      required = true,
      paramLabel = "VERSION",
      description = "Expected package version.")
  String packageVersion;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json (default: embedded public-good).")
  Path trustedRoot;

  @Parameters(arity = "1", paramLabel = "TARBALL")
  Path tarball;

  @Override
  public Integer call() {
    OneShot.warmUpCrypto();
    Checks checks = new Checks();
    Map<String, Object> facts = new LinkedHashMap<>();
    boolean json = opts.json();
    try {
      for (String[] f :
          new String[][] {
            {"--source-branch", opts.sourceBranch},
            {"--source-tag", opts.sourceTag},
            {"--source-versioned-tag", opts.sourceVersionedTag}
          }) {
        if (f[1] != null) {
          throw new VerificationException(
              "usage", Reason.USAGE, f[0] + " is not supported for npm packages");
        }
      }
      if (opts.printProvenance) {
        throw new VerificationException(
            "usage", Reason.USAGE, "--print-provenance is not supported for npm packages");
      }
      SlsaPolicy policy = opts.policy();
      if (opts.builderId == null) {
        throw new VerificationException(
            "usage", Reason.USAGE, "--builder-id is required for npm packages");
      }
      NpmVerifier verifier =
          NpmVerifier.create(SlsaVerifiers.evidence(trustedRoot), NpmKeys.embedded());
      NpmVerifier.Result r =
          verifier.verify(
              VerifyVsaCommand.read(attestationsPath),
              sha512(tarball),
              policy,
              packageName,
              packageVersion,
              checks);
      facts.put("builderId", r.builderId().toString());
      facts.put("sourceCommit", r.sourceSha1());
      facts.put("package", packageName + "@" + packageVersion);
      return SlsaOutput.pass("SLSA verification passed", checks, json, facts);
    } catch (VerificationException e) {
      return SlsaOutput.fail(e, checks, json, facts);
    }
  }

  static String sha512(Path file) throws VerificationException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-512");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return Hex.encode(md.digest());
    } catch (IOException e) {
      throw new VerificationException(
          "input.tarball", Reason.INPUT_UNREADABLE, "cannot read " + file + ": " + e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is a required JCA algorithm", e);
    }
  }
}
