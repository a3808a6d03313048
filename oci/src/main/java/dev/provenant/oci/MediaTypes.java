package dev.provenant.oci;

import dev.provenant.core.cosign.CosignAnnotations;

/** The media types the client asks for and recognises. */
public final class MediaTypes {
  private MediaTypes() {}

  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** Docker image manifest v2 schema 2. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** OCI empty descriptor (artifacts without a config). */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** A Sigstore bundle v0.3 as a referrer's artifactType. */
  public static final String SIGSTORE_BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** cosign's DSSE attestation layer. */
  public static final String DSSE_ENVELOPE = CosignAnnotations.DSSE_LAYER;

  /** OCI image config. */
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

  /**
   * The Accept header of a manifest request: every manifest type this client reads. A registry that
   * gets a narrower list may convert the manifest (and so change its digest) or refuse it.
   */
  public static final String MANIFEST_ACCEPT =
      String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);
}
