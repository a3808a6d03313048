package dev.provenant.core.bundle;

/** The bundle format versions this code reads, with their canonical media types. */
public enum BundleVersion {
  V0_1("application/vnd.dev.sigstore.bundle+json;version=0.1", "v0.1"),
  V0_2("application/vnd.dev.sigstore.bundle+json;version=0.2", "v0.2"),
  V0_3("application/vnd.dev.sigstore.bundle.v0.3+json", "v0.3");

  private final String mediaType;
  private final String label;

  BundleVersion(String mediaType, String label) {
    this.mediaType = mediaType;
    this.label = label;
  }

  /** The media type producers should write for this version. */
  public String mediaType() {
    return mediaType;
  }

  /** {@code v0.1}, {@code v0.2} or {@code v0.3}. */
  public String label() {
    return label;
  }
}
