package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.ImageReference;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.VerifiedProvenance;
import dev.provenant.verify.slsa.oci.CosignAttestation;
import dev.provenant.verify.slsa.oci.OciLayouts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** GitHub-built images: cosign attestations from a local OCI layout. */
final class ImageAttestations {
  private ImageAttestations() {}

  static int verify(VerifyImageCommand cmd, ImageReference ref, SlsaPolicy policy, Checks checks,
      Map<String, Object> facts, boolean json) throws VerificationException {
    if (cmd.ociLayout == null) {
      throw new VerificationException("image.attestations", Reason.NOT_SUPPORTED,
          "reading attestations from a registry is not supported yet: pass --oci-layout DIR");
    }
    List<CosignAttestation> atts = OciLayouts.attestations(cmd.ociLayout, ref.digestHex());
    checks.pass("image.attestations", "cosign attestations for sha256:" + ref.digestHex(), atts.size() + " found");
    SlsaVerifier verifier = SlsaVerifiers.create(cmd.trustedRoot, null);
    VerifiedProvenance v = verifier.verifyImageAttestations(atts, ref.digestHex(), policy, checks);
    if (cmd.opts.printProvenance) {
      System.out.println(new String(v.statement(), StandardCharsets.UTF_8));
    }
    System.err.println("Verified build using builder \"" + v.builderId() + "\" at commit "
        + (v.identity() == null ? "" : v.identity().sourceSha1()));
    VerifyArtifactCommand.facts(facts, v);
    return SlsaOutput.pass("SLSA verification passed", checks, json, facts);
  }
}
