package dev.provenant.cli;

import dev.provenant.core.trustroot.ServiceSelectionException;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.TrustRootFormatException;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.bundle.BundleSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant sign-bundle}: the sigstore-conformance signing protocol, against the CA, Rekor
 * v1 log and TSA that a signing config names.
 */
@Command(
    name = "sign-bundle",
    mixinStandardHelpOptions = true,
    description =
        "Sign FILE keylessly and write a Sigstore bundle (v0.3): CA certificate, signature or DSSE envelope, TSA timestamp, Rekor v1 entry.")
final class SignBundleCommand implements Callable<Integer> {
  @Option(names = "--identity-token", required = true, paramLabel = "JWT")
  String token;

  @Option(names = "--bundle", required = true, paramLabel = "OUT")
  Path bundle;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Accepted for conformance; signing does not need it.")
  Path trustedRoot;

  @Option(
      names = "--signing-config",
      required = true,
      paramLabel = "FILE",
      description = "signing_config.json (v0.1 or v0.2) naming CA, Rekor v1 log and TSA.")
  Path signingConfig;

  @Option(
      names = "--in-toto",
      description = "FILE is an in-toto statement: sign it as a DSSE envelope.")
  boolean inToto;

  @Option(names = "--staging", description = "Not supported: give a --signing-config instead.")
  boolean staging;

  @Parameters(index = "0", paramLabel = "FILE")
  Path file;

  @Override
  public Integer call() {
    if (staging) {
      System.err.println(
          "FAILED: usage: --staging is not supported; pass the staging signing config with --signing-config");
      return ExitCode.USAGE.code();
    }
    BundleSigner signer;
    byte[] artifact;
    try {
      signer =
          BundleSigner.create(
              SigningConfig.parse(Files.readAllBytes(signingConfig)), Instant.now());
    } catch (IOException | TrustRootFormatException | ServiceSelectionException e) {
      System.err.println(
          "FAILED: input: cannot use signing config " + signingConfig + ": " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    try {
      artifact = Files.readAllBytes(file);
    } catch (IOException e) {
      System.err.println("FAILED: input: cannot read " + file + ": " + e);
      return ExitCode.USAGE.code();
    }
    try {
      String json = signer.sign(token.strip(), artifact, inToto);
      Files.writeString(bundle, json, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      System.err.println("FAILED: input: " + e.getMessage());
      return ExitCode.USAGE.code();
    } catch (ServiceException e) {
      System.err.println("FAILED: " + e.service() + ": " + e.getMessage());
      return e.status() == 0 ? ExitCode.UNREACHABLE.code() : ExitCode.INVALID.code();
    } catch (IOException e) {
      System.err.println("FAILED: output: cannot write " + bundle + ": " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    System.err.println("PASSED: signed " + file + " -> " + bundle);
    return ExitCode.VERIFIED.code();
  }
}
