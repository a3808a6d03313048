package dev.provenant.cli;

import dev.provenant.core.fulcio.FulcioExtensions;
import dev.provenant.core.fulcio.FulcioIdentity;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.IdentityPolicy;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.SigstoreEvidence;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.oci.CosignAttestation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant verify-attestation}: cosign's {@code verify-attestation} for keyless
 * attestations in a registry. The attestations are found as verify-image finds them ({@link
 * RegistryAttestations}: Sigstore bundle referrers, DSSE referrers, the referrers tag, cosign's
 * {@code .att} tag); each is checked for its log entry, certificate chain at the integrated time,
 * DSSE signature, signer identity, predicate type ({@code --type}) and that its statement names the
 * image's digest. Like cosign, every attestation that verifies is printed on stdout (the DSSE
 * envelope, one JSON per line); the command fails if none does.
 */
@Command(
    name = "verify-attestation",
    mixinStandardHelpOptions = true,
    description =
        "Verify an image's keyless attestations in its registry (cosign verify-attestation).")
final class VerifyAttestationCommand implements Callable<Integer> {
  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "custom",
      description =
          "Predicate type: slsaprovenance, slsaprovenance1, link, spdx, spdxjson, cyclonedx, vuln, openvex, custom, or a URI.")
  String type;

  @Mixin KeylessFlags keyless;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json (default: embedded public-good).")
  Path trustedRoot;

  @Option(
      names = {"--insecure-registry", "--allow-http-registry"},
      paramLabel = "HOST[:PORT]",
      description = "Allow plain http to this registry (loopback registries always may).")
  List<String> insecureRegistries;

  @Parameters(
      arity = "1",
      paramLabel = "IMAGE",
      description = "Image reference (a tag is resolved to its digest).")
  String image;

  @Override
  public Integer call() {
    OneShot.warmUpCrypto();
    Checks checks = new Checks();
    try {
      IdentityPolicy policy = policy();
      String predicateType;
      try {
        predicateType = PredicateTypes.uri(type);
      } catch (IllegalArgumentException e) {
        throw new VerificationException("usage", Reason.USAGE, e.getMessage());
      }
      // Local input first: a bad trust root fails before any registry is asked.
      SlsaVerifier verifier = SlsaVerifiers.create(trustedRoot, null);
      Reference ref;
      try {
        ref = Reference.parse(image);
      } catch (IllegalArgumentException e) {
        throw new VerificationException("image.reference", Reason.INPUT_MALFORMED, e.getMessage());
      }
      RegistryClient client;
      try {
        client = Registries.client(insecureRegistries);
        if (ref.digest() == null) {
          ref = ref.withDigest(client.manifest(ref).digest());
        }
      } catch (RegistryException e) {
        throw RegistryAttestations.translate(e);
      }
      RegistryAttestations.Evidence ev = RegistryAttestations.find(client, ref);
      System.err.println(
          "Attestations for " + ref.digest() + " found via " + ev.path() + " in " + ref.registry());
      List<byte[]> verified = new ArrayList<>();
      VerificationException first = null;
      List<Object> all = new ArrayList<>(ev.bundles());
      all.addAll(ev.cosign());
      for (Object a : all) {
        try {
          SigstoreEvidence.Signed s =
              a instanceof CosignAttestation c
                  ? verifier.verifyCosignAttestationSignature(c, checks)
                  : verifier.verifyBundleSignature((byte[]) a, checks);
          checkIdentity(s, policy);
          checkStatement(s, predicateType, ref.digest());
          verified.add(envelopeJson(s, a));
        } catch (VerificationException e) {
          first = first == null ? e : first;
        }
      }
      if (verified.isEmpty()) {
        throw first != null
            ? first
            : new VerificationException(
                "image.attestations", Reason.NO_ATTESTATION, "no attestation to verify");
      }
      System.err.println("\nVerification for " + ref + " --");
      System.err.println("The following checks were performed on each of these signatures:");
      System.err.println("  - The cosign claims were validated");
      System.err.println(
          "  - Existence of the claims in the transparency log was verified offline");
      System.err.println(
          "  - The code-signing certificate was verified using trusted certificate authority certificates");
      for (byte[] v : verified) {
        System.out.println(new String(v, StandardCharsets.UTF_8));
      }
      System.err.println(
          "PASSED: " + verified.size() + " attestation(s) of type " + predicateType + " verified");
      return ExitCode.VERIFIED.code();
    } catch (VerificationException e) {
      return Verdicts.fail(e);
    }
  }

  private static byte[] envelopeJson(SigstoreEvidence.Signed s, Object source) {
    if (source instanceof CosignAttestation c) {
      return c.envelopeJson();
    }
    // For a bundle, print the statement the way cosign prints an envelope: payloadType + payload.
    String payload = Base64.getEncoder().encodeToString(s.envelope().payload());
    return ("{\"payloadType\":\""
            + s.envelope().payloadType()
            + "\",\"payload\":\""
            + payload
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void checkIdentity(SigstoreEvidence.Signed s, IdentityPolicy policy)
      throws VerificationException {
    FulcioIdentity id;
    try {
      id = FulcioExtensions.read(s.leaf());
    } catch (CertificateParsingException e) {
      throw new VerificationException(
          "certificate.identity", Reason.CERTIFICATE_MALFORMED, e.getMessage());
    }
    if (!policy.issuerMatches(id.issuer())) {
      throw new VerificationException(
          "certificate.identity",
          Reason.ISSUER_MISMATCH,
          "OIDC issuer",
          policy.describe(),
          id.issuer());
    }
    if (!policy.sanMatches(id.san())) {
      throw new VerificationException(
          "certificate.identity",
          Reason.IDENTITY_MISMATCH,
          "certificate SAN",
          policy.describe(),
          id.san());
    }
  }

  private static void checkStatement(SigstoreEvidence.Signed s, String predicateType, String digest)
      throws VerificationException {
    StatementHeader h;
    try {
      h = StatementHeader.parse(s.envelope().payload());
    } catch (JsonFormatException e) {
      throw new VerificationException(
          "statement",
          Reason.INPUT_MALFORMED,
          "the payload is not an in-toto statement: " + e.getMessage());
    }
    if (!predicateType.equals(h.predicateType())) {
      throw new VerificationException(
          "statement.predicateType",
          Reason.NO_ATTESTATION,
          "none of the attestations matched the predicate type",
          predicateType,
          h.predicateType());
    }
    String hex = digest.substring(7);
    for (Subject sub : h.subjects()) {
      if (hex.equals(sub.digest("sha256"))) {
        return;
      }
    }
    throw new VerificationException(
        "statement.subject",
        Reason.SUBJECT_DIGEST_MISMATCH,
        "the statement does not name the image",
        digest,
        h.subjects().toString());
  }

  private IdentityPolicy policy() throws VerificationException {
    return keyless.policy();
  }
}
