package dev.provenant.verify.slsa.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.cosign.CosignAnnotations;
import dev.provenant.core.cosign.RekorBundleAnnotation;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.DsseEnvelopes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image's cosign attestations from a local OCI image layout: either the layout {@code
 * cosign save} writes (index entries annotated {@code kind: dev.cosignproject.cosign/imageIndex} or
 * {@code .../image}, and {@code .../atts}) or any layout that holds the attestation manifest under
 * the tag cosign uses, {@code sha256-<hex>.att}. Every blob is checked against its digest.
 *
 * <p>SPEC: https://github.com/opencontainers/image-spec/blob/main/image-layout.md and
 * https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md
 */
public final class OciLayouts {
  static final String CHECK = "image.attestations";
  static final String KIND = CosignAnnotations.LAYOUT_KIND;
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private OciLayouts() {}

  private static byte[] blob(Path layout, String digest) throws VerificationException {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new VerificationException(
          CHECK, Reason.INPUT_MALFORMED, "unsupported blob digest", "sha256:<hex>", digest);
    }
    Path p = layout.resolve("blobs/sha256").resolve(digest.substring(7));
    byte[] b;
    try {
      b = Files.readAllBytes(p);
    } catch (IOException e) {
      throw new VerificationException(
          CHECK, Reason.INPUT_UNREADABLE, "missing blob " + digest + " in the layout");
    }
    String actual = "sha256:" + Hex.encode(Sha256.hash(b));
    if (!actual.equals(digest)) {
      throw new VerificationException(
          CHECK,
          Reason.ARTIFACT_DIGEST_MISMATCH,
          "a layout blob does not match its digest",
          digest,
          actual);
    }
    return b;
  }

  private static JsonNode json(byte[] b, String what) throws VerificationException {
    try {
      return GoJson.parse(b);
    } catch (JsonFormatException e) {
      throw new VerificationException(CHECK, Reason.INPUT_MALFORMED, what + ": " + e.getMessage());
    }
  }

  /**
   * The attestations of the image with this digest.
   *
   * @throws VerificationException NO_ATTESTATION when the layout holds no attestation for the
   *     image; INPUT_* when it is unreadable
   */
  public static List<CosignAttestation> attestations(Path layout, String imageDigestHex)
      throws VerificationException {
    byte[] indexBytes;
    try {
      indexBytes = Files.readAllBytes(layout.resolve("index.json"));
    } catch (IOException e) {
      throw new VerificationException(
          CHECK, Reason.INPUT_UNREADABLE, "not an OCI layout (no index.json): " + layout);
    }
    JsonNode index = json(indexBytes, "index.json");
    String image = "sha256:" + imageDigestHex;
    boolean imageFound = false;
    String atts = null;
    for (JsonNode m : index.path("manifests")) {
      String kind = m.path("annotations").path(KIND).asText("");
      String ref = m.path("annotations").path(REF_NAME).asText("");
      String digest = m.path("digest").asText("");
      if (digest.equals(image)) {
        imageFound = true;
      }
      if (kind.equals(CosignAnnotations.KIND_ATTESTATIONS)
          || ref.equals(CosignAnnotations.attestationTag(image))) {
        atts = digest;
      }
    }
    if (!imageFound) {
      throw new VerificationException(
          CHECK,
          Reason.NO_ATTESTATION,
          "the layout does not hold this image",
          image,
          "other images");
    }
    if (atts == null) {
      throw new VerificationException(
          CHECK,
          Reason.NO_ATTESTATION,
          "the layout holds no attestations for the image",
          CosignAnnotations.attestationTag(image),
          "none");
    }
    return fromManifest(blob(layout, atts), digest -> blob(layout, digest));
  }

  /**
   * Where an attestation manifest's layers come from (a layout, a registry). Contract: the bytes
   * returned MUST have been checked against {@code digest}; a missing blob or a source that fails
   * throws a {@link VerificationException} whose reason says which.
   */
  @FunctionalInterface
  public interface BlobSource {
    /**
     * The blob's bytes, checked against its digest.
     *
     * @throws VerificationException when it is missing, does not match, or the source fails
     */
    byte[] blob(String digest) throws VerificationException;
  }

  /**
   * The attestations in a cosign attestation manifest ({@code sha256-<hex>.att}): one per layer,
   * the layer a DSSE envelope, with cosign's certificate and Rekor bundle annotations.
   *
   * @param manifestBytes the manifest, already checked against its digest
   * @param blobs where the layers are read from
   * @throws VerificationException NO_ATTESTATION when it has no layers; INPUT_* /
   *     CERTIFICATE_MALFORMED / TLOG_ENTRY_INVALID on malformed content
   */
  public static List<CosignAttestation> fromManifest(byte[] manifestBytes, BlobSource blobs)
      throws VerificationException {
    JsonNode manifest = json(manifestBytes, "attestation manifest");
    List<CosignAttestation> out = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      byte[] env = blobs.blob(layer.path("digest").asText(""));
      JsonNode ann = layer.path("annotations");
      X509Certificate cert = null;
      if (ann.hasNonNull(CosignAnnotations.CERTIFICATE)) {
        try {
          List<X509Certificate> certs =
              Certificates.fromPem(ann.get(CosignAnnotations.CERTIFICATE).asText());
          cert = certs.isEmpty() ? null : certs.get(0);
        } catch (CertificateException e) {
          throw new VerificationException(
              CHECK, Reason.CERTIFICATE_MALFORMED, "attestation certificate: " + e.getMessage());
        }
      }
      TlogEntry entry = null;
      if (ann.hasNonNull(CosignAnnotations.BUNDLE)) {
        entry = rekorBundle(ann.get(CosignAnnotations.BUNDLE).asText());
      }
      out.add(new CosignAttestation(env, DsseEnvelopes.parse(env), cert, entry));
    }
    if (out.isEmpty()) {
      throw new VerificationException(
          CHECK, Reason.NO_ATTESTATION, "the attestation manifest has no layers");
    }
    return out;
  }

  /** cosign's Rekor bundle annotation ({@link RekorBundleAnnotation}). */
  static TlogEntry rekorBundle(String json) throws VerificationException {
    try {
      return RekorBundleAnnotation.decode(json);
    } catch (JsonFormatException e) {
      throw new VerificationException(
          CHECK, Reason.TLOG_ENTRY_INVALID, "unreadable cosign Rekor bundle: " + e.getMessage());
    }
  }
}
