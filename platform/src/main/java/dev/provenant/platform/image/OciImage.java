package dev.provenant.platform.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image read from a build's OCI image layout, every byte checked against its digest: what the
 * platform pushes.
 *
 * @param digest the image's digest ({@code sha256:<hex>}): of the index for a multi-platform image,
 *     else of its one manifest
 * @param mediaType the media type of that index or manifest
 * @param manifests every manifest and index to put, children before the index that lists them; the
 *     image's own last
 * @param blobs config and layer blobs by digest: the platform's collected copies, checked
 * @param platforms the platforms the image runs on ({@code os/arch[/variant]}), in index order
 */
public record OciImage(
    String digest,
    String mediaType,
    List<Content> manifests,
    Map<String, Path> blobs,
    List<String> platforms) {
  public OciImage {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    manifests = List.copyOf(manifests);
    blobs = Map.copyOf(blobs);
    platforms = List.copyOf(platforms);
  }

  /** Whether it is pushed as an index (several platforms). */
  public boolean isIndex() {
    return OciLayoutReader.INDEX_TYPES.contains(mediaType);
  }

  /** The bytes of the image's own index or manifest. */
  public byte[] manifest() {
    return manifests.get(manifests.size() - 1).bytes();
  }

  /**
   * A manifest or index with its digest and media type.
   *
   * @param digest {@code sha256:<hex>} of {@code bytes}
   * @param mediaType the media type it is put with
   * @param bytes its exact bytes (a registry stores them as sent)
   */
  public record Content(String digest, String mediaType, byte[] bytes) {
    public Content {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(mediaType, "mediaType");
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Content c
          && c.digest.equals(digest)
          && c.mediaType.equals(mediaType)
          && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return digest.hashCode();
    }

    @Override
    public String toString() {
      return mediaType + " " + digest;
    }
  }
}
