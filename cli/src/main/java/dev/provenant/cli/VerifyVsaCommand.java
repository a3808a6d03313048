package dev.provenant.cli;

import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.vsa.VsaVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant verify-vsa}: slsa-verifier's command for key-signed Verification Summary
 * Attestations.
 */
@Command(
    name = "verify-vsa",
    mixinStandardHelpOptions = true,
    description = "Verify a SLSA Verification Summary Attestation signed with a known public key.")
final class VerifyVsaCommand implements Callable<Integer> {
  @Option(
      names = "--attestation-path",
      required = true,
      paramLabel = "FILE",
      description = "The VSA (DSSE envelope).")
  Path attestationPath;

  @Option(
      names = "--subject-digest",
      paramLabel = "TYPE:VALUE",
      description = "Expected subject digest (repeatable).")
  List<String> subjectDigests = new ArrayList<>();

  @Option(
      names = "--verifier-id",
      required = true,
      paramLabel = "ID",
      description = "Expected verifier id.")
  String verifierId;

  @Option(
      names = "--resource-uri",
      required = true,
      paramLabel = "URI",
      description = "Expected resource URI.")
  String resourceUri;

  @Option(
      names = "--verified-level",
      paramLabel = "LEVEL",
      description = "Expected verified level (repeatable).")
  List<String> verifiedLevels = new ArrayList<>();

  @Option(
      names = "--public-key-path",
      required = true,
      paramLabel = "PEM",
      description = "The signer's public key.")
  Path publicKeyPath;

  @Option(
      names = "--public-key-id",
      defaultValue = "",
      paramLabel = "ID",
      description = "Key id to match signatures against (default: the key's SHA-256 fingerprint).")
  String publicKeyId;

  @Option(names = "--print-attestation", description = "Print the verified statement on stdout.")
  boolean printAttestation;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output format.")
  String format;

  @Override
  public Integer call() {
    Checks checks = new Checks();
    boolean json = "json".equals(format);
    Map<String, Object> facts = new LinkedHashMap<>();
    try {
      PublicKey key;
      try {
        key =
            Certificates.publicKeyFromPem(Files.readString(publicKeyPath, StandardCharsets.UTF_8));
      } catch (InvalidKeySpecException | RuntimeException e) {
        throw new VerificationException(
            "input.public-key",
            Reason.PUBLIC_KEY_INVALID,
            "not a PEM public key: " + e.getMessage());
      }
      byte[] statement =
          VsaVerifier.verify(
              read(attestationPath),
              key,
              publicKeyId,
              new VsaVerifier.Expectations(subjectDigests, verifierId, resourceUri, verifiedLevels),
              checks);
      if (printAttestation) {
        System.out.println(new String(statement, StandardCharsets.UTF_8));
      }
      facts.put("verifierId", verifierId);
      facts.put("resourceUri", resourceUri);
      return SlsaOutput.pass("VSA verification passed", checks, json, facts);
    } catch (VerificationException e) {
      return SlsaOutput.fail(e, checks, json, facts);
    } catch (IOException e) {
      return SlsaOutput.fail(
          new VerificationException("input", Reason.INPUT_UNREADABLE, e.toString()),
          checks,
          json,
          facts);
    }
  }

  static byte[] read(Path p) throws VerificationException {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new VerificationException(
          "input", Reason.INPUT_UNREADABLE, "cannot read " + p + ": " + e.getMessage());
    }
  }
}
