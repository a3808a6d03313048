package dev.provenant.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A manifest or index as the registry served it, already checked against its digest.
 *
 * @param bytes the exact bytes (the digest is over these, never over a re-serialisation)
 * @param mediaType the Content-Type the registry gave, or the {@code mediaType} field
 * @param digest {@code sha256:<hex>} of {@code bytes}
 */
public record Manifest(byte[] bytes, String mediaType, String digest) {
  /** Media types of indexes (multi-platform images). */
  public static final List<String> INDEX_TYPES =
      List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);

  /** Copies. */
  public Manifest {
    bytes = bytes.clone();
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The parsed JSON.
   *
   * @throws RegistryException MALFORMED_RESPONSE if it is not JSON
   */
  public JsonNode json() throws RegistryException {
    try {
      return GoJson.parse(bytes);
    } catch (JsonFormatException e) {
      throw new RegistryException(
          RegistryException.Reason.MALFORMED_RESPONSE,
          0,
          "manifest " + digest + " is not JSON: " + e.getMessage(),
          e);
    }
  }

  /** Whether this is an index (OCI image index or Docker manifest list). */
  public boolean isIndex() {
    return INDEX_TYPES.contains(mediaType);
  }

  /**
   * The descriptors of an index's {@code manifests} or a manifest's {@code layers}.
   *
   * @throws RegistryException MALFORMED_RESPONSE on a descriptor that breaks the spec
   */
  public List<Descriptor> descriptors() throws RegistryException {
    JsonNode j = json();
    List<Descriptor> out = new ArrayList<>();
    for (JsonNode d : j.path(isIndex() ? "manifests" : "layers")) {
      out.add(Descriptor.from(d));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && m.digest.equals(digest) && m.mediaType.equals(mediaType);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Manifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
  }
}
