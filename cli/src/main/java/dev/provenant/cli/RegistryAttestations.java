package dev.provenant.cli;

import dev.provenant.core.cosign.CosignAnnotations;
import dev.provenant.oci.Descriptor;
import dev.provenant.oci.Manifest;
import dev.provenant.oci.MediaTypes;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryClient.Referrers;
import dev.provenant.oci.RegistryException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.oci.CosignAttestation;
import dev.provenant.verify.slsa.oci.OciLayouts;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds an image's attestations in its registry, in this documented order, and says which path
 * found them:
 *
 * <ol>
 *   <li>{@code referrers-api:sigstore-bundle}: a referrer of artifactType {@code
 *       application/vnd.dev.sigstore.bundle.v0.3+json} from {@code GET
 *       /v2/<name>/referrers/<digest>};
 *   <li>{@code referrers-api:dsse}: any other referrer whose layers are DSSE envelopes (cosign's
 *       attestation manifest attached as a referrer);
 *   <li>{@code tag-schema:sigstore-bundle} / {@code tag-schema:dsse}: the same, from the referrers
 *       tag {@code sha256-<hex>} when the registry has no referrers API (404);
 *   <li>{@code cosign-att-tag}: cosign's {@code sha256-<hex>.att} manifest.
 * </ol>
 *
 * A registry that does not answer (401/403, 5xx, timeout) is {@link Reason#REGISTRY_UNREACHABLE}
 * (exit 6) with the registry's answer, never "no attestation"; content that does not match its
 * digest is {@link Reason#ARTIFACT_DIGEST_MISMATCH}.
 */
final class RegistryAttestations {
  static final String CHECK = "image.attestations";

  /**
   * What was found.
   *
   * @param path which discovery path found it (see the class comment)
   * @param bundles Sigstore bundles (path *:sigstore-bundle), else empty
   * @param cosign cosign attestations (the other paths), else empty
   */
  record Evidence(String path, List<byte[]> bundles, List<CosignAttestation> cosign) {}

  private RegistryAttestations() {}

  static Evidence find(RegistryClient client, Reference image) throws VerificationException {
    try {
      // The image itself first: an unknown image is not "an image without attestations".
      client.manifest(image);
      Referrers refs = client.referrers(image, image.digest(), null);
      String via =
          refs.source() == RegistryClient.ReferrersSource.REFERRERS_API
              ? "referrers-api"
              : "tag-schema";
      List<byte[]> bundles = new ArrayList<>();
      for (Descriptor d : refs.descriptors()) {
        if (d.artifactType() != null
            && d.artifactType().startsWith("application/vnd.dev.sigstore.bundle")) {
          Manifest m = client.manifest(image.withDigest(d.digest()));
          for (Descriptor layer : m.descriptors()) {
            if (layer.mediaType().startsWith("application/vnd.dev.sigstore.bundle")) {
              bundles.add(client.blob(image, layer.digest()));
            }
          }
        }
      }
      if (!bundles.isEmpty()) {
        return new Evidence(via + ":sigstore-bundle", bundles, List.of());
      }
      for (Descriptor d : refs.descriptors()) {
        Manifest m = client.manifest(image.withDigest(d.digest()));
        boolean dsse = false;
        for (Descriptor layer : m.descriptors()) {
          dsse |= layer.mediaType().equals(MediaTypes.DSSE_ENVELOPE);
        }
        if (dsse) {
          return new Evidence(via + ":dsse", List.of(), cosign(client, image, m));
        }
      }
      Manifest att;
      try {
        att = client.manifest(image.withTag(CosignAnnotations.attestationTag(image.digest())));
      } catch (RegistryException e) {
        if (e.reason() == RegistryException.Reason.NOT_FOUND) {
          throw new VerificationException(
              CHECK,
              Reason.NO_ATTESTATION,
              "the registry holds no attestation for the image",
              "a Sigstore bundle referrer, a DSSE referrer ("
                  + via
                  + ") or "
                  + CosignAnnotations.attestationTag(image.digest()),
              "none");
        }
        throw e;
      }
      return new Evidence("cosign-att-tag", List.of(), cosign(client, image, att));
    } catch (RegistryException e) {
      throw translate(e);
    }
  }

  private static List<CosignAttestation> cosign(RegistryClient client, Reference image, Manifest m)
      throws VerificationException {
    return OciLayouts.fromManifest(
        m.bytes(),
        digest -> {
          try {
            return client.blob(image, digest);
          } catch (RegistryException e) {
            throw translate(e);
          } catch (IllegalArgumentException e) {
            throw new VerificationException(
                CHECK, Reason.INPUT_MALFORMED, "unsupported blob digest", "sha256:<hex>", digest);
          }
        });
  }

  static VerificationException translate(RegistryException e) {
    return switch (e.reason()) {
      case DIGEST_MISMATCH ->
          new VerificationException(CHECK, Reason.ARTIFACT_DIGEST_MISMATCH, e.getMessage());
      case NOT_FOUND -> new VerificationException(CHECK, Reason.NO_ATTESTATION, e.getMessage());
      case INSECURE_REFUSED -> new VerificationException(CHECK, Reason.USAGE, e.getMessage());
      default -> new VerificationException(CHECK, Reason.REGISTRY_UNREACHABLE, e.getMessage());
    };
  }
}
