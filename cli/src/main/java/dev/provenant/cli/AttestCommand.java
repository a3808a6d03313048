package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.intoto.Statement;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.trustroot.ServiceSelectionException;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.TrustRootFormatException;
import dev.provenant.oci.AttestationPublisher;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.bundle.BundleSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant attest}: cosign's {@code attest} with a keyless identity. The image reference
 * (tag or digest) is resolved to its manifest digest; an in-toto Statement v1 names the repository
 * and that digest as its subject, with the predicate made of {@code --predicate} as cosign makes it
 * for {@code --type} ({@link PredicateTypes}); it is signed as a DSSE envelope through the CA, log
 * and TSA the signing config names ({@link BundleSigner}), and attached ({@link
 * AttestationPublisher}): to cosign's {@code sha256-<hex>.att} manifest, or with {@code
 * --new-bundle-format} as a Sigstore bundle referrer. Everything that can fail locally or at the
 * signing services fails before anything is written to the registry.
 *
 * <p>Exit codes: 0 attached; 2 bad input (predicate, type, token, signing config, reference); 3 a
 * signing service refused; 4 the image is not in the registry; 6 the registry or a signing service
 * did not answer.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description =
        "Attest an image keylessly and attach the attestation in its registry (cosign attest).")
final class AttestCommand implements Callable<Integer> {
  @Parameters(
      arity = "1",
      paramLabel = "IMAGE",
      description =
          "Image reference: NAME:TAG or NAME@sha256:HEX (a tag is resolved to its digest).")
  String image;

  @Option(
      names = "--predicate",
      required = true,
      paramLabel = "FILE",
      description = "The predicate (JSON; any text for --type custom or spdx).")
  Path predicate;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "custom",
      description =
          "Predicate type: slsaprovenance, slsaprovenance02, slsaprovenance1, link, spdx, spdxjson, cyclonedx, vuln, openvex, custom, or a URI (default: ${DEFAULT-VALUE}).")
  String type;

  @Option(
      names = "--identity-token",
      required = true,
      paramLabel = "JWT",
      description = "OIDC identity token for the CA.")
  String token;

  @Option(
      names = "--signing-config",
      required = true,
      paramLabel = "FILE",
      description = "signing_config.json naming the CA, Rekor v1 log and TSA.")
  Path signingConfig;

  @Option(
      names = "--new-bundle-format",
      description =
          "Attach a Sigstore bundle as an OCI 1.1 referrer (kept in the referrers tag sha256-<hex> on registries without the referrers API) instead of cosign's .att manifest.")
  boolean newBundleFormat;

  @Option(
      names = {"--insecure-registry", "--allow-http-registry"},
      paramLabel = "HOST[:PORT]",
      description = "Allow plain http to this registry (loopback registries always may).")
  List<String> insecureRegistries;

  @Override
  public Integer call() {
    // Local input first: nothing is asked of a registry or a signing service for a bad command.
    String predicateType;
    JsonNode predicateJson;
    Reference ref;
    BundleSigner signer;
    try {
      predicateType = PredicateTypes.uri(type);
      predicateJson = PredicateTypes.predicate(type, Files.readAllBytes(predicate), Instant.now());
      ref = Reference.parse(image);
    } catch (IOException e) {
      return usage("cannot read --predicate " + predicate + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    try {
      signer =
          BundleSigner.create(
              SigningConfig.parse(Files.readAllBytes(signingConfig)), Instant.now());
    } catch (IOException | TrustRootFormatException | ServiceSelectionException e) {
      return usage("cannot use signing config " + signingConfig + ": " + e.getMessage());
    }

    RegistryClient client;
    Reference subject;
    try {
      client = Registries.client(insecureRegistries);
      subject = ref.withDigest(client.manifest(ref).digest());
    } catch (RegistryException e) {
      return registryFailure("resolve " + ref, e);
    }

    Statement statement =
        new Statement(
            new StatementHeader(
                StatementHeader.TYPE_V1,
                predicateType,
                List.of(
                    new Subject(
                        subject.registry() + "/" + subject.repository(),
                        Map.of("sha256", subject.digest().substring("sha256:".length()))))),
            predicateJson);
    String bundleJson;
    Bundle bundle;
    try {
      bundleJson = signer.signDsse(token.strip(), BundleSigner.IN_TOTO, statement.toJson());
      bundle = Bundle.parse(bundleJson.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return usage("--identity-token: " + e.getMessage());
    } catch (ServiceException e) {
      System.err.println("FAILED: " + e.service() + ": " + e.getMessage());
      System.err.println("Nothing was written to " + subject.registry() + ".");
      return e.status() == 0 ? ExitCode.UNREACHABLE.code() : ExitCode.INVALID.code();
    } catch (BundleFormatException e) {
      System.err.println("FAILED: signing produced an unreadable bundle: " + e.getMessage());
      return ExitCode.INVALID.code();
    }

    AttestationPublisher publisher = new AttestationPublisher(client);
    String digest;
    String where;
    try {
      if (newBundleFormat) {
        digest = publisher.attachBundle(subject, bundleJson.getBytes(StandardCharsets.UTF_8));
        where = "Sigstore bundle referrer of " + subject.digest();
      } else {
        digest = publisher.attachCosign(subject, bundle);
        where = subject.digest().replace(':', '-') + ".att";
      }
    } catch (RegistryException e) {
      return registryFailure("attach to " + subject, e);
    }
    long logIndex =
        bundle.verificationMaterial().tlogEntries().isEmpty()
            ? -1
            : bundle.verificationMaterial().tlogEntries().get(0).logIndex();
    System.out.println(digest);
    System.err.println(
        "PASSED: attested "
            + subject
            + " ("
            + predicateType
            + "): "
            + where
            + " in "
            + subject.registry()
            + "/"
            + subject.repository()
            + " is "
            + digest
            + (logIndex >= 0 ? "; log index " + logIndex : ""));
    return ExitCode.VERIFIED.code();
  }

  private static int usage(String message) {
    System.err.println("FAILED: usage: " + message);
    return ExitCode.USAGE.code();
  }

  private static int registryFailure(String what, RegistryException e) {
    System.err.println("FAILED: registry: " + what + ": " + e.getMessage());
    return Registries.exitCode(e).code();
  }
}
