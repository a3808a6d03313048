package dev.provenant.verify.slsa.oci;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.verify.VerificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * OCI image layout targets. In the layout reader's package because cosign's Rekor bundle annotation
 * parser is package-private: fuzz it exactly as {@link OciLayouts} calls it.
 */
public final class OciTargets {
  /** The image digest the fuzzed layouts are asked about. */
  static final String IMAGE = "1a033b002f89ed2b8ea733162497fb70f1a4049a7f8602d6a4f4d5f4ca3b9f09";

  private static Path dir;

  private OciTargets() {}

  private static synchronized Path dir() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("provenant-oci-fuzz");
        Files.createDirectories(dir.resolve("blobs/sha256"));
        dir.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** {@code index.json} with fuzzed contents. */
  public static synchronized void index(byte[] indexJson) {
    try {
      Files.write(dir().resolve("index.json"), indexJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    attestations();
  }

  /**
   * A well-formed index naming the image and its {@code .att} manifest, whose blob (stored under
   * its true digest) has fuzzed contents: the manifest, its layers and annotations.
   */
  public static synchronized void manifest(byte[] manifestJson) {
    String hex = Hex.encode(Sha256.hash(manifestJson));
    String index =
        "{\"schemaVersion\":2,\"manifests\":["
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
            + IMAGE
            + "\",\"size\":1},"
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
            + hex
            + "\",\"size\":"
            + manifestJson.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"sha256-"
            + IMAGE
            + ".att\"}}]}";
    try {
      Files.write(dir().resolve("index.json"), index.getBytes(StandardCharsets.UTF_8));
      Files.write(dir().resolve("blobs/sha256").resolve(hex), manifestJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      attestations();
    } finally {
      try {
        Files.deleteIfExists(dir().resolve("blobs/sha256").resolve(hex));
      } catch (IOException e) {
        // best effort: the next write overwrites the index anyway
      }
    }
  }

  /** cosign's {@code dev.sigstore.cosign/bundle} annotation (a Rekor v1 bundle). */
  public static void cosignRekorBundle(byte[] json) {
    try {
      OciLayouts.rekorBundle(new String(json, StandardCharsets.UTF_8));
    } catch (VerificationException expected) {
      // documented
    }
  }

  private static void attestations() {
    try {
      OciLayouts.attestations(dir(), IMAGE);
    } catch (VerificationException expected) {
      // documented
    }
  }
}
