package dev.provenant.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor.
 *
 * <p>SPEC: https://github.com/opencontainers/image-spec/blob/main/descriptor.md ({@code mediaType},
 * {@code digest}, {@code size} REQUIRED; {@code artifactType}, {@code annotations}, {@code
 * platform} optional).
 *
 * @param mediaType the media type
 * @param digest {@code algorithm:hex}
 * @param size the size in bytes
 * @param artifactType the artifact type, or null
 * @param annotations the annotations (empty when none)
 * @param platformOs {@code platform.os}, or null
 * @param platformArchitecture {@code platform.architecture}, or null
 * @param platformVariant {@code platform.variant}, or null
 */
public record Descriptor(
    String mediaType,
    String digest,
    long size,
    String artifactType,
    Map<String, String> annotations,
    String platformOs,
    String platformArchitecture,
    String platformVariant) {
  /** Validates and copies. */
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    annotations = Map.copyOf(annotations);
  }

  /**
   * Reads one descriptor.
   *
   * @throws RegistryException MALFORMED_RESPONSE when a REQUIRED field is missing
   */
  public static Descriptor from(JsonNode d) throws RegistryException {
    if (!d.path("mediaType").isTextual()
        || !d.path("digest").isTextual()
        || !d.path("size").canConvertToLong()) {
      throw new RegistryException(
          RegistryException.Reason.MALFORMED_RESPONSE,
          0,
          "descriptor: expected mediaType, digest and size, got " + d,
          null);
    }
    Map<String, String> ann = new LinkedHashMap<>();
    d.path("annotations")
        .fields()
        .forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
    JsonNode p = d.path("platform");
    return new Descriptor(
        d.get("mediaType").asText(),
        d.get("digest").asText(),
        d.get("size").asLong(),
        d.path("artifactType").isTextual() ? d.get("artifactType").asText() : null,
        ann,
        text(p, "os"),
        text(p, "architecture"),
        text(p, "variant"));
  }

  private static String text(JsonNode n, String f) {
    return n.path(f).isTextual() ? n.get(f).asText() : null;
  }

  /**
   * Whether the descriptor's platform is {@code os/arch[/variant]} (a platform without a variant
   * matches any variant, as crane's does).
   */
  public boolean matchesPlatform(String platform) {
    String[] p = platform.split("/");
    if (p.length < 2 || !p[0].equals(platformOs) || !p[1].equals(platformArchitecture)) {
      return false;
    }
    return p.length < 3 || p[2].equals(platformVariant);
  }
}
