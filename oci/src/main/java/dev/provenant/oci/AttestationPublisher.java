package dev.provenant.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.cosign.CosignAnnotations;
import dev.provenant.core.cosign.RekorBundleAnnotation;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.x509.Certificates;
import dev.provenant.oci.RegistryException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Attaches signed attestations to an image in its registry, in the two layouts verifiers read:
 *
 * <ul>
 *   <li>{@link #attachCosign}: cosign's attestation manifest at tag {@code sha256-<hex>.att}, one
 *       DSSE envelope layer per attestation with cosign's certificate, chain and Rekor bundle
 *       annotations ({@link CosignAnnotations}). This is what {@code cosign verify-attestation},
 *       slsa-verifier {@code verify-image} and slsa-github-generator's container workflow read.
 *   <li>{@link #attachBundle}: a Sigstore bundle as an OCI 1.1 referrer of the image ({@code cosign
 *       attest --new-bundle-format}), plus the referrers tag {@code sha256-<hex>} on registries
 *       without the referrers API.
 * </ul>
 *
 * <p>SPEC: https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md,
 * https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md,
 * https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pushing-manifests-with-subject
 *
 * <p>Concurrent writers to one image's {@code .att} manifest or referrers tag can lose each other's
 * update (the last PUT wins), as with cosign; callers serialise per image.
 */
public final class AttestationPublisher {
  /** The OCI empty descriptor's content ({@code {}}), the config of an artifact manifest. */
  static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

  /** cosign's bundle manifest annotation: what the bundle holds. */
  static final String BUNDLE_CONTENT = "dev.sigstore.bundle.content";

  /** cosign's bundle manifest annotation: the in-toto predicate type, for DSSE bundles. */
  static final String BUNDLE_PREDICATE_TYPE = "dev.sigstore.bundle.predicateType";

  /** OCI pre-defined annotation: creation time (RFC 3339). */
  static final String CREATED = "org.opencontainers.image.created";

  /** OCI pre-defined annotation: a file name for a layer. */
  static final String TITLE = "org.opencontainers.image.title";

  /** go-containerregistry's zero time, which the config of cosign's empty image carries. */
  private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

  private static final ObjectMapper JSON = GoJson.mapper();

  private final RegistryClient client;
  private final Clock clock;

  /**
   * A publisher writing through {@code client} (its auth, transport security and digest checks).
   */
  public AttestationPublisher(RegistryClient client) {
    this(client, Clock.systemUTC());
  }

  /**
   * As {@link #AttestationPublisher(RegistryClient)}, stamping creation times from {@code clock}.
   */
  public AttestationPublisher(RegistryClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Adds {@code bundle}'s attestation to the image's cosign attestation manifest ({@code
   * sha256-<hex>.att}), creating it if there is none. The layer is the DSSE envelope; its
   * annotations carry the signing certificate, the rest of the bundle's chain (when it has one),
   * the first log entry with a SET as cosign's Rekor bundle, the first RFC 3161 timestamp, the
   * statement's predicate type, and cosign's empty signature key. Layers already there are kept; an
   * envelope already attached is not added twice.
   *
   * @param image the image, with a digest (the attestation's subject)
   * @param bundle a bundle holding a DSSE envelope signed with a certificate and a log entry with a
   *     signed entry timestamp
   * @return the {@code .att} manifest's digest
   * @throws IllegalArgumentException if {@code image} has no digest, or the bundle lacks an
   *     envelope, a certificate or a log entry with a SET
   * @throws RegistryException if the registry refuses a read or a write
   */
  public String attachCosign(Reference image, Bundle bundle) throws RegistryException {
    String subject = requireDigest(image);
    DsseEnvelope envelope =
        bundle
            .dsseEnvelope()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "bundle: expected a DSSE envelope (an attestation), got a message signature"));
    List<X509Certificate> certs = bundle.verificationMaterial().certificates();
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(
          "bundle: expected a signing certificate, got a public-key hint");
    }
    TlogEntry entry =
        bundle.verificationMaterial().tlogEntries().stream()
            .filter(e -> e.signedEntryTimestamp().isPresent())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "bundle: expected a log entry with a signed entry timestamp (cosign's"
                            + " Rekor bundle annotation needs one), got none"));
    byte[] layer = envelope.toJson();
    String layerDigest = RegistryClient.digestOf(layer);

    Map<String, String> annotations = new TreeMap<>();
    annotations.put(CosignAnnotations.SIGNATURE, "");
    annotations.put(CosignAnnotations.CERTIFICATE, Certificates.toPem(certs.get(0)));
    if (certs.size() > 1) {
      StringBuilder chain = new StringBuilder();
      for (X509Certificate c : certs.subList(1, certs.size())) {
        chain.append(Certificates.toPem(c));
      }
      annotations.put(CosignAnnotations.CHAIN, chain.toString());
    }
    annotations.put(CosignAnnotations.BUNDLE, RekorBundleAnnotation.encode(entry));
    List<byte[]> stamps = bundle.verificationMaterial().rfc3161Timestamps();
    if (!stamps.isEmpty()) {
      ObjectNode ts = JSON.createObjectNode();
      ts.put("SignedRFC3161Timestamp", Base64.getEncoder().encodeToString(stamps.get(0)));
      annotations.put(CosignAnnotations.RFC3161_TIMESTAMP, ts.toString());
    }
    predicateType(envelope).ifPresent(t -> annotations.put(CosignAnnotations.PREDICATE_TYPE, t));

    Reference attTag = image.withTag(CosignAnnotations.attestationTag(subject));
    ArrayNode layers = JSON.createArrayNode();
    Optional<Manifest> existing = optionalManifest(attTag);
    if (existing.isPresent()) {
      for (JsonNode l : existing.get().json().path("layers")) {
        if (layerDigest.equals(l.path("digest").asText())) {
          return existing.get().digest();
        }
        layers.add(l);
      }
    }
    client.pushBlob(image, layer, RegistryClient.DEFAULT_CHUNK);
    layers.add(descriptor(CosignAnnotations.DSSE_LAYER, layerDigest, layer.length, annotations));

    // The config of cosign's signature image: go-containerregistry's empty image with one
    // uncompressed layer per attestation (diff id = layer digest).
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "");
    config.put("created", GO_ZERO_TIME);
    ArrayNode history = config.putArray("history");
    ObjectNode rootfs = JSON.createObjectNode().put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    for (JsonNode l : layers) {
      history.addObject().put("created", GO_ZERO_TIME);
      diffIds.add(l.path("digest").asText());
    }
    config.put("os", "");
    config.set("rootfs", rootfs);
    config.putObject("config");
    byte[] configBytes = bytes(config);
    client.pushBlob(image, configBytes, RegistryClient.DEFAULT_CHUNK);

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.set(
        "config",
        descriptor(
            MediaTypes.OCI_CONFIG,
            RegistryClient.digestOf(configBytes),
            configBytes.length,
            Map.of()));
    manifest.set("layers", layers);
    return client.putManifest(image, attTag.tag(), bytes(manifest), MediaTypes.OCI_MANIFEST);
  }

  /**
   * Pushes {@code bundleJson} as an OCI 1.1 referrer of the image: a manifest of artifactType
   * {@link MediaTypes#SIGSTORE_BUNDLE_V03} whose one layer is the bundle and whose {@code subject}
   * is the image's descriptor, annotated as cosign annotates it (content, predicate type, creation
   * time). When the registry does not answer the push with {@code OCI-Subject} (no referrers API),
   * the referrers tag {@code sha256-<hex>} is updated: the index there is read, the new referrer
   * appended (not twice) and the index put back, every earlier entry kept.
   *
   * @param image the image, with a digest
   * @param bundleJson a Sigstore bundle's JSON, stored byte for byte
   * @return the referrer manifest's digest
   * @throws IllegalArgumentException if {@code image} has no digest or the bytes are not a bundle
   * @throws RegistryException if the image is not in the registry, the referrers tag holds
   *     something other than an index, or the registry refuses a read or a write
   */
  public String attachBundle(Reference image, byte[] bundleJson) throws RegistryException {
    String subjectDigest = requireDigest(image);
    Bundle bundle;
    try {
      bundle = Bundle.parse(bundleJson);
    } catch (BundleFormatException e) {
      throw new IllegalArgumentException("bundleJson: not a Sigstore bundle: " + e.getMessage(), e);
    }
    Manifest subject = client.manifest(image);

    Map<String, String> annotations = new TreeMap<>();
    annotations.put(
        BUNDLE_CONTENT, bundle.dsseEnvelope().isPresent() ? "dsse-envelope" : "message-signature");
    bundle
        .dsseEnvelope()
        .flatMap(AttestationPublisher::predicateType)
        .ifPresent(t -> annotations.put(BUNDLE_PREDICATE_TYPE, t));
    annotations.put(
        CREATED,
        DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS)));

    String bundleDigest = client.pushBlob(image, bundleJson, RegistryClient.DEFAULT_CHUNK);
    String configDigest = client.pushBlob(image, EMPTY_CONFIG, RegistryClient.DEFAULT_CHUNK);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.put("artifactType", MediaTypes.SIGSTORE_BUNDLE_V03);
    manifest.set(
        "config", descriptor(MediaTypes.OCI_EMPTY, configDigest, EMPTY_CONFIG.length, Map.of()));
    manifest
        .putArray("layers")
        .add(
            descriptor(
                MediaTypes.SIGSTORE_BUNDLE_V03,
                bundleDigest,
                bundleJson.length,
                Map.of(TITLE, bundleDigest.replace(':', '-') + ".sigstore.json")));
    manifest.set(
        "subject",
        descriptor(subject.mediaType(), subject.digest(), subject.bytes().length, Map.of()));
    manifest.set("annotations", JSON.valueToTree(annotations));
    byte[] manifestBytes = bytes(manifest);
    RegistryClient.PushedManifest pushed =
        client.pushManifest(
            image, RegistryClient.digestOf(manifestBytes), manifestBytes, MediaTypes.OCI_MANIFEST);
    if (pushed.ociSubject().isEmpty()) {
      updateReferrersTag(image, subjectDigest, pushed.digest(), manifestBytes.length, annotations);
    }
    return pushed.digest();
  }

  /**
   * The referrers tag schema: "Pull the current referrers list using the referrers tag schema. If
   * that pull returns a manifest other than the expected image index, the client SHOULD report a
   * failure and skip the remaining steps. If the tag returns a 404, the client MUST begin with an
   * empty image index. Verify the descriptor for the manifest is not already in the referrers list
   * (duplicate entries SHOULD NOT be pushed). Append a descriptor for the pushed manifest to the
   * manifests in the referrers list. Push the updated referrers list using the same referrers tag
   * schema."
   */
  private void updateReferrersTag(
      Reference image,
      String subjectDigest,
      String referrerDigest,
      long referrerSize,
      Map<String, String> annotations)
      throws RegistryException {
    Reference tag = image.withTag(subjectDigest.replace(':', '-'));
    Optional<Manifest> current = optionalManifest(tag);
    ObjectNode index;
    if (current.isEmpty()) {
      index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", MediaTypes.OCI_INDEX);
      index.putArray("manifests");
    } else {
      if (!current.get().isIndex() || !current.get().json().isObject()) {
        throw new RegistryException(
            Reason.MALFORMED_RESPONSE,
            0,
            tag
                + ": expected the referrers index ("
                + MediaTypes.OCI_INDEX
                + "), got "
                + current.get().mediaType(),
            null);
      }
      index = (ObjectNode) current.get().json();
      if (!index.path("manifests").isArray()) {
        index.putArray("manifests");
      }
    }
    ArrayNode manifests = (ArrayNode) index.get("manifests");
    for (JsonNode m : manifests) {
      if (referrerDigest.equals(m.path("digest").asText())) {
        return;
      }
    }
    ObjectNode d = descriptor(MediaTypes.OCI_MANIFEST, referrerDigest, referrerSize, annotations);
    d.put("artifactType", MediaTypes.SIGSTORE_BUNDLE_V03);
    manifests.add(d);
    client.putManifest(image, tag.tag(), bytes(index), MediaTypes.OCI_INDEX);
  }

  private Optional<Manifest> optionalManifest(Reference ref) throws RegistryException {
    try {
      return Optional.of(client.manifest(ref));
    } catch (RegistryException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The statement's predicate type, when the envelope holds an in-toto statement. */
  private static Optional<String> predicateType(DsseEnvelope envelope) {
    if (!StatementHeader.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      return Optional.empty();
    }
    try {
      String t = StatementHeader.parse(envelope.payload()).predicateType();
      return t == null || t.isEmpty() ? Optional.empty() : Optional.of(t);
    } catch (JsonFormatException e) {
      return Optional.empty();
    }
  }

  /** A descriptor in go-containerregistry's field order: mediaType, size, digest, annotations. */
  private static ObjectNode descriptor(
      String mediaType, String digest, long size, Map<String, String> annotations) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("size", size);
    d.put("digest", digest);
    if (!annotations.isEmpty()) {
      d.set("annotations", JSON.valueToTree(new TreeMap<>(annotations)));
    }
    return d;
  }

  private static String requireDigest(Reference image) {
    if (image.digest() == null) {
      throw new IllegalArgumentException(
          "image: expected a reference with a digest (the attestation's subject), got " + image);
    }
    return image.digest();
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers serialises", e);
    }
  }
}
