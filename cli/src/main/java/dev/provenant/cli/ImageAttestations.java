package dev.provenant.cli;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.ImageReference;
import dev.provenant.verify.slsa.SlsaPolicy;
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
    throw new VerificationException("image.attestations", Reason.NOT_SUPPORTED, "OCI layout verification not wired yet");
  }
}
