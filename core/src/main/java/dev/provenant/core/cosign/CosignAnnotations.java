package dev.provenant.core.cosign;

/**
 * The annotation keys cosign writes on the layers of its signature and attestation manifests
 * ({@code sha256-<hex>.sig} / {@code .att}) and on the index entries of the OCI layout {@code
 * cosign save} writes. The values of {@link #BUNDLE} are read and written by {@link
 * RekorBundleAnnotation}.
 *
 * <p>SPEC: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md and
 * https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md
 */
public final class CosignAnnotations {
  private CosignAnnotations() {}

  /** The signing certificate, PEM. */
  public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";

  /** The certificate chain above the signing certificate, PEM blocks (intermediates, root). */
  public static final String CHAIN = "dev.sigstore.cosign/chain";

  /** The Rekor v1 entry: SET and payload, JSON ({@link RekorBundleAnnotation}). */
  public static final String BUNDLE = "dev.sigstore.cosign/bundle";

  /** An RFC 3161 timestamp, JSON {@code {"SignedRFC3161Timestamp": base64 DER}}. */
  public static final String RFC3161_TIMESTAMP = "dev.sigstore.cosign/rfc3161timestamp";

  /**
   * The base64 signature of a simple-signing layer; empty for a DSSE attestation layer (the
   * signature is inside the envelope), but cosign writes the key.
   */
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";

  /** The in-toto predicate type of an attestation layer. */
  public static final String PREDICATE_TYPE = "predicateType";

  /** The index.json annotation of {@code cosign save} naming what an entry is. */
  public static final String LAYOUT_KIND = "kind";

  /** {@link #LAYOUT_KIND} of the image when it is an index. */
  public static final String KIND_IMAGE_INDEX = "dev.cosignproject.cosign/imageIndex";

  /** {@link #LAYOUT_KIND} of the image when it is a manifest. */
  public static final String KIND_IMAGE = "dev.cosignproject.cosign/image";

  /** {@link #LAYOUT_KIND} of the attestation manifest ({@code .att}). */
  public static final String KIND_ATTESTATIONS = "dev.cosignproject.cosign/atts";

  /** {@link #LAYOUT_KIND} of the signature manifest ({@code .sig}). */
  public static final String KIND_SIGNATURES = "dev.cosignproject.cosign/sigs";

  /** The layer media type of an attestation: a DSSE envelope. */
  public static final String DSSE_LAYER = "application/vnd.dsse.envelope.v1+json";

  /**
   * cosign's tag for the attestations of the image with {@code digest} ({@code sha256:<hex>}):
   * {@code sha256-<hex>.att}.
   */
  public static String attestationTag(String digest) {
    return digest.replace(':', '-') + ".att";
  }

  /** cosign's tag for the signatures of the image with {@code digest}: {@code sha256-<hex>.sig}. */
  public static String signatureTag(String digest) {
    return digest.replace(':', '-') + ".sig";
  }
}
