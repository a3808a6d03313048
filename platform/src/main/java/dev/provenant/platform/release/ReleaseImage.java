package dev.provenant.platform.release;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image a release published to its project's registry, named by digest, with the release file
 * holding its provenance (the bundle also attached to the registry).
 *
 * @param repository {@code REGISTRY/REPO}
 * @param digest {@code sha256:<hex>} of the image's index (multi-platform) or manifest
 * @param mediaType the media type of that index or manifest
 * @param platforms {@code os/arch[/variant]} of each platform, in index order
 * @param provenance the release file holding the image's provenance bundle
 */
public record ReleaseImage(
    String repository, String digest, String mediaType, List<String> platforms, String provenance) {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public ReleaseImage {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(mediaType, "mediaType");
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          "release image " + repository + ": expected a sha256:<hex> digest, got " + digest);
    }
    platforms = List.copyOf(platforms);
    ReleaseFile.requireName(provenance);
  }

  /** The image by digest, {@code REGISTRY/REPO@sha256:<hex>}: what consumers pull and verify. */
  public String reference() {
    return repository + "@" + digest;
  }

  /** The hex sha256 of the image's index or manifest. */
  public String sha256() {
    return digest.substring("sha256:".length());
  }
}
