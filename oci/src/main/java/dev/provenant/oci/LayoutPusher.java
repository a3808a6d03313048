package dev.provenant.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.cosign.CosignAnnotations;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies an OCI image layout into a registry repository: every blob that is not a manifest is
 * uploaded (chunked), then every manifest is put by digest with the manifests it refers to first (a
 * registry refuses an index whose children it lacks), then the index.json entries are tagged: by
 * their {@code org.opencontainers.image.ref.name}, and cosign's {@code kind} annotations ({@code
 * dev.cosignproject.cosign/atts} / {@code sigs}) by cosign's tags {@code sha256-<hex>.att} / {@code
 * .sig} of the image entry.
 *
 * <p>SPEC: https://github.com/opencontainers/image-spec/blob/main/image-layout.md
 */
public final class LayoutPusher {
  private LayoutPusher() {}

  /**
   * Pushes {@code layout} to {@code repo}'s registry and repository.
   *
   * @return tag to digest, for every tag set
   * @throws IOException if the layout cannot be read
   * @throws RegistryException if the registry refuses a step
   */
  public static Map<String, String> push(
      RegistryClient client, Reference repo, Path layout, int chunkSize)
      throws IOException, RegistryException {
    Path blobs = layout.resolve("blobs/sha256");
    Map<String, byte[]> manifests = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    List<Path> files;
    try (var s = Files.list(blobs)) {
      files = s.sorted().toList();
    }
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      String digest = "sha256:" + f.getFileName();
      String type = manifestType(b);
      if (type != null) {
        manifests.put(digest, b);
        types.put(digest, type);
      } else {
        client.pushBlob(repo, b, chunkSize);
      }
    }
    List<String> done = new ArrayList<>();
    for (String d : manifests.keySet()) {
      putWithChildren(client, repo, d, manifests, types, done, 0);
    }
    JsonNode index;
    try {
      index = GoJson.parse(Files.readAllBytes(layout.resolve("index.json")));
    } catch (JsonFormatException e) {
      throw new IOException(layout + "/index.json: " + e.getMessage(), e);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    String image = null;
    for (JsonNode m : index.path("manifests")) {
      String kind = m.path("annotations").path(CosignAnnotations.LAYOUT_KIND).asText("");
      if (kind.equals(CosignAnnotations.KIND_IMAGE_INDEX)
          || kind.equals(CosignAnnotations.KIND_IMAGE)) {
        image = m.path("digest").asText();
      }
    }
    for (JsonNode m : index.path("manifests")) {
      String digest = m.path("digest").asText();
      String ref = m.path("annotations").path("org.opencontainers.image.ref.name").asText("");
      String kind = m.path("annotations").path(CosignAnnotations.LAYOUT_KIND).asText("");
      String tag = null;
      if (!ref.isEmpty() && Reference.TAG.matcher(ref).matches()) {
        tag = ref;
      } else if (image != null && kind.equals(CosignAnnotations.KIND_ATTESTATIONS)) {
        tag = CosignAnnotations.attestationTag(image);
      } else if (image != null && kind.equals(CosignAnnotations.KIND_SIGNATURES)) {
        tag = CosignAnnotations.signatureTag(image);
      }
      if (tag != null && manifests.containsKey(digest)) {
        client.putManifest(repo, tag, manifests.get(digest), types.get(digest));
        tags.put(tag, digest);
      }
    }
    return tags;
  }

  private static void putWithChildren(
      RegistryClient client,
      Reference repo,
      String digest,
      Map<String, byte[]> manifests,
      Map<String, String> types,
      List<String> done,
      int depth)
      throws RegistryException, IOException {
    if (done.contains(digest) || !manifests.containsKey(digest)) {
      return;
    }
    if (depth > 16) {
      throw new IOException("manifests nest deeper than 16 levels at " + digest);
    }
    try {
      for (JsonNode c : GoJson.parse(manifests.get(digest)).path("manifests")) {
        putWithChildren(client, repo, c.path("digest").asText(), manifests, types, done, depth + 1);
      }
    } catch (JsonFormatException e) {
      throw new IOException(digest + ": " + e.getMessage(), e);
    }
    client.putManifest(repo, digest, manifests.get(digest), types.get(digest));
    done.add(digest);
  }

  /** The manifest media type of a blob that is an image manifest or index, else null. */
  static String manifestType(byte[] b) {
    if (b.length == 0 || b[0] != '{') {
      return null;
    }
    try {
      JsonNode j = GoJson.parse(b);
      String t = j.path("mediaType").asText("");
      if (t.equals(MediaTypes.OCI_MANIFEST)
          || t.equals(MediaTypes.OCI_INDEX)
          || t.equals(MediaTypes.DOCKER_MANIFEST)
          || t.equals(MediaTypes.DOCKER_MANIFEST_LIST)) {
        return t;
      }
      if (j.path("schemaVersion").asInt() == 2 && j.has("manifests")) {
        return MediaTypes.OCI_INDEX;
      }
      if (j.path("schemaVersion").asInt() == 2 && j.has("config") && j.has("layers")) {
        return MediaTypes.OCI_MANIFEST;
      }
      return null;
    } catch (JsonFormatException e) {
      return null;
    }
  }
}
