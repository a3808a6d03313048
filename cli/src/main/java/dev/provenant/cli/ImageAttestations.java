package dev.provenant.cli;

import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.ImageReference;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.TrustedBuilders;
import dev.provenant.verify.slsa.VerifiedProvenance;
import dev.provenant.verify.slsa.oci.CosignAttestation;
import dev.provenant.verify.slsa.oci.OciLayouts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Images of GitHub's or a builders file's builders: attestations from a local OCI layout ({@code
 * --oci-layout}) or, without one, from the image's registry ({@link RegistryAttestations}, which
 * says which discovery path found them). Both feed the same verifier.
 */
final class ImageAttestations {
  private ImageAttestations() {}

  static int verify(
      VerifyImageCommand cmd,
      ImageReference ref,
      SlsaPolicy policy,
      TrustedBuilders builders,
      Checks checks,
      Map<String, Object> facts,
      boolean json)
      throws VerificationException {
    VerifiedProvenance v;
    if (cmd.ociLayout != null) {
      List<CosignAttestation> atts = OciLayouts.attestations(cmd.ociLayout, ref.digestHex());
      checks.pass(
          "image.attestations",
          "cosign attestations for sha256:" + ref.digestHex(),
          atts.size() + " found");
      facts.put("evidencePath", "oci-layout");
      SlsaVerifier verifier = SlsaVerifiers.create(cmd.trustedRoot, null, builders);
      v = verifier.verifyImageAttestations(atts, ref.digestHex(), policy, checks);
    } else {
      Reference image;
      try {
        image = Reference.parse(cmd.image);
      } catch (IllegalArgumentException e) {
        throw new VerificationException("image.reference", Reason.INPUT_MALFORMED, e.getMessage());
      }
      RegistryClient client;
      try {
        client = Registries.client(cmd.insecureRegistries);
      } catch (RegistryException e) {
        throw RegistryAttestations.translate(e);
      }
      RegistryAttestations.Evidence ev = RegistryAttestations.find(client, image);
      int n = ev.bundles().isEmpty() ? ev.cosign().size() : ev.bundles().size();
      checks.pass(
          "image.attestations",
          "attestations for " + image.digest() + " in " + image.registry(),
          n + " found via " + ev.path());
      facts.put("evidencePath", ev.path());
      System.err.println(
          "Attestations for "
              + image.digest()
              + " found via "
              + ev.path()
              + " in "
              + image.registry());
      SlsaVerifier verifier = SlsaVerifiers.create(cmd.trustedRoot, null, builders);
      if (!ev.bundles().isEmpty()) {
        v = verifyBundles(verifier, ev.bundles(), ref.digestHex(), policy, checks);
      } else {
        v = verifier.verifyImageAttestations(ev.cosign(), ref.digestHex(), policy, checks);
      }
    }
    if (cmd.opts.printProvenance) {
      System.out.println(new String(v.statement(), StandardCharsets.UTF_8));
    }
    System.err.println(
        "Verified build using builder \""
            + v.builderId()
            + "\" at commit "
            + (v.identity() == null ? "" : v.identity().sourceSha1()));
    VerifyArtifactCommand.facts(facts, v);
    return SlsaOutput.pass("SLSA verification passed", checks, json, facts);
  }

  /** The first bundle that verifies wins; otherwise the first failure. */
  private static VerifiedProvenance verifyBundles(
      SlsaVerifier verifier,
      List<byte[]> bundles,
      String digestHex,
      SlsaPolicy policy,
      Checks checks)
      throws VerificationException {
    VerificationException first = null;
    for (byte[] b : bundles) {
      try {
        return verifier.verifyImageBundle(b, digestHex, policy, checks);
      } catch (VerificationException e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }
}
