package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.BuilderId;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.ImageReference;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.TrustedBuilders;
import dev.provenant.verify.slsa.gcb.GcbVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant verify-image}: slsa-verifier's image command. Images built by GitHub's builders
 * or by a builder of a Provenant instance's builders file ({@code --builders}) are checked from
 * their attestations in the registry (Sigstore bundle referrers, referrers API, the referrers tag,
 * cosign's {@code .att} tag: {@link RegistryAttestations}) or in a local OCI image layout ({@code
 * --oci-layout}); Google Cloud Build images from the gcloud provenance JSON ({@code
 * --provenance-path}).
 */
@Command(
    name = "verify-image",
    mixinStandardHelpOptions = true,
    description = "Verify SLSA provenance of a container image given by digest.")
final class VerifyImageCommand implements Callable<Integer> {
  @Mixin SlsaOptions opts;

  @Option(
      names = "--provenance-path",
      paramLabel = "FILE",
      description =
          "Provenance file (required for Google Cloud Build: gcloud describe --show-provenance JSON).")
  Path provenancePath;

  @Option(
      names = "--oci-layout",
      paramLabel = "DIR",
      description =
          "Read the image's cosign attestations (sha256-<hex>.att) from this local OCI image layout instead of the registry.")
  Path ociLayout;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description = "Allow plain http to this registry (loopback registries always may).")
  java.util.List<String> insecureRegistries;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json (default: embedded public-good).")
  Path trustedRoot;

  @Option(
      names = "--builders",
      paramLabel = "FILE",
      description =
          "Builders file of a Provenant instance: builders trusted besides GitHub's (select one with --builder-id).")
  Path buildersFile;

  @Parameters(
      arity = "1",
      paramLabel = "IMAGE",
      description = "Image reference with digest: NAME@sha256:HEX.")
  String image;

  @Override
  public Integer call() {
    OneShot.warmUpCrypto();
    Checks checks = new Checks();
    Map<String, Object> facts = new LinkedHashMap<>();
    boolean json = "json".equals(opts.format);
    try {
      SlsaPolicy policy = opts.policy();
      ImageReference ref = ImageReference.parse(image);
      checks.pass("image.reference", "a digest reference", ref.digestHex());
      facts.put("image", image);
      if (policy.hasBuilderId()) {
        String name = BuilderId.parse("builder.id", policy.builderId(), false).name();
        if (name.equals(GcbVerifier.BUILDER_NAME)) {
          if (provenancePath == null) {
            throw new VerificationException(
                "usage", Reason.USAGE, "Google Cloud Build images need --provenance-path");
          }
          GcbVerifier.Result r =
              GcbVerifier.verifyImage(
                  VerifyVsaCommand.read(provenancePath), ref.digestHex(), policy, checks);
          System.err.println("Verification succeeded with key \"" + r.keyName() + "\"");
          if (opts.printProvenance) {
            System.out.println(new String(r.statement(), StandardCharsets.UTF_8));
          }
          facts.put("builderId", r.builderId().toString());
          return SlsaOutput.pass("SLSA verification passed", checks, json, facts);
        }
      }
      // The builders file is read once: it picks the platform here and judges the attestations.
      TrustedBuilders builders = SlsaVerifiers.builders(buildersFile);
      if (policy.hasBuilderId()) {
        // GitHub's builders, or one of the builders file; anything else is VERIFIER_NOT_SUPPORTED.
        SlsaVerifier.platformFor(policy, builders);
      }
      return ImageAttestations.verify(this, ref, policy, builders, checks, facts, json);
    } catch (VerificationException e) {
      return SlsaOutput.fail(e, checks, json, facts);
    }
  }
}
