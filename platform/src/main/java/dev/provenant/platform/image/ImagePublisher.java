package dev.provenant.platform.image;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.intoto.Subject;
import dev.provenant.oci.AttestationPublisher;
import dev.provenant.oci.Manifest;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.platform.image.ImageReleaseException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Pushes a checked {@link OciImage} to a project's repository by digest and attaches its signed
 * provenance there. Runs in the platform with the platform's registry credentials; the build never
 * sees either.
 *
 * <p>Order, as a registry requires it: every config and layer blob, then each manifest by its
 * digest with the manifests an index lists before the index; then the image's own digest is read
 * back. The release tag is set last, after the provenance is attached, so a tag never names an
 * image whose attestation is missing.
 */
public final class ImagePublisher {
  /** Attaches a provenance bundle to an image in its registry (cosign's {@code .att}). */
  @FunctionalInterface
  public interface Attacher {
    /**
     * @param image the image, by digest
     * @param bundleJson the Sigstore bundle of its provenance
     * @return the digest of the attestation manifest written
     * @throws RegistryException if the registry refuses
     * @throws IllegalArgumentException if the bundle is not a bundle
     */
    String attach(Reference image, byte[] bundleJson) throws RegistryException;
  }

  /**
   * An image in the registry.
   *
   * @param image {@code REGISTRY/REPO@sha256:<hex>}
   * @param content what was pushed
   */
  public record Pushed(Reference image, OciImage content) {
    public Pushed {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(content, "content");
    }

    /** {@code REGISTRY/REPO}, the subject name generator_container_slsa3 gives an image. */
    public String repository() {
      return image.registry() + "/" + image.repository();
    }

    /** The provenance subject: the repository, with the pushed manifest's or index's sha256. */
    public Subject subject() {
      return new Subject(
          repository(), Map.of("sha256", content.digest().substring("sha256:".length())));
    }
  }

  private final RegistryClient client;
  private final Attacher attacher;

  public ImagePublisher(RegistryClient client, Attacher attacher) {
    this.client = Objects.requireNonNull(client, "client");
    this.attacher = Objects.requireNonNull(attacher, "attacher");
  }

  /**
   * A publisher that attaches provenance as cosign's {@code sha256-<hex>.att} ({@link
   * AttestationPublisher#attachCosign}): what slsa-verifier {@code verify-image} and cosign {@code
   * verify-attestation} read.
   */
  public static ImagePublisher withCosignAttestations(RegistryClient client) {
    AttestationPublisher attestations = new AttestationPublisher(client);
    return new ImagePublisher(
        client,
        (image, bundle) -> {
          try {
            return attestations.attachCosign(image, Bundle.parse(bundle));
          } catch (BundleFormatException e) {
            throw new IllegalArgumentException("the provenance bundle: " + e.getMessage(), e);
          }
        });
  }

  /**
   * Pushes {@code image} to {@code repository} by digest (no tag).
   *
   * @param repository {@code REGISTRY/REPO}
   * @throws ImageReleaseException PUSH_FAILED with the registry's reason, or DIGEST_MISMATCH when a
   *     collected blob changed since it was checked
   */
  public Pushed push(String repository, OciImage image) throws ImageReleaseException {
    Reference repo = Reference.parse(repository + "@" + image.digest());
    try {
      for (Map.Entry<String, Path> b : image.blobs().entrySet()) {
        byte[] bytes = Files.readAllBytes(b.getValue());
        String pushed = client.pushBlob(repo, bytes, RegistryClient.DEFAULT_CHUNK);
        requireSame(b.getKey(), pushed, "blob");
      }
      for (OciImage.Content m : image.manifests()) {
        String pushed = client.putManifest(repo, m.digest(), m.bytes(), m.mediaType());
        requireSame(m.digest(), pushed, "manifest");
      }
      // Read back: the registry serves the image under its digest (the client checks the bytes).
      Manifest back = client.manifest(repo);
      requireSame(image.digest(), back.digest(), "manifest read back");
    } catch (RegistryException e) {
      throw new ImageReleaseException(
          Reason.PUSH_FAILED, "pushing " + repo + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ImageReleaseException(
          Reason.PUSH_FAILED, "reading the collected image for " + repo + ": " + e, e);
    }
    return new Pushed(repo, image);
  }

  /**
   * Attaches the image's signed provenance to the registry.
   *
   * @return the attestation manifest's digest
   * @throws ImageReleaseException ATTACH_FAILED
   */
  public String attach(Pushed image, byte[] bundleJson) throws ImageReleaseException {
    try {
      return attacher.attach(image.image(), bundleJson);
    } catch (RegistryException | IllegalArgumentException e) {
      throw new ImageReleaseException(
          Reason.ATTACH_FAILED,
          "attaching the provenance to " + image.image() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Tags the pushed image with the release tag (a convenience: releases name images by digest).
   *
   * @throws ImageReleaseException PUSH_FAILED
   */
  public void tag(Pushed image, String tag) throws ImageReleaseException {
    OciImage.Content own = image.content().manifests().get(image.content().manifests().size() - 1);
    try {
      client.putManifest(image.image().withTag(tag), tag, own.bytes(), own.mediaType());
    } catch (RegistryException | IllegalArgumentException e) {
      throw new ImageReleaseException(
          Reason.PUSH_FAILED, "tagging " + image.image() + " as " + tag + ": " + e.getMessage(), e);
    }
  }

  private static void requireSame(String expected, String actual, String what)
      throws ImageReleaseException {
    if (!expected.equals(actual)) {
      throw new ImageReleaseException(
          Reason.DIGEST_MISMATCH, what + ": expected " + expected + ", the registry has " + actual);
    }
  }
}
