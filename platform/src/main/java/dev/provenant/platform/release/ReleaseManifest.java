package dev.provenant.platform.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a release holds: its files (the subjects of its provenance), which of them is the SBOM and
 * the checksum list, and the provenance file; and the images it pushed to the project's registry,
 * each with its own provenance file. Stored as {@code manifest.json} beside the files.
 */
public record ReleaseManifest(
    String project,
    String tag,
    String buildId,
    String commit,
    Instant publishedAt,
    List<ReleaseFile> files,
    String sbom,
    String checksums,
    String provenance,
    List<ReleaseImage> images) {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ReleaseManifest {
    files = List.copyOf(files);
    images = images == null ? List.of() : List.copyOf(images);
  }

  /** A release without images. */
  public ReleaseManifest(
      String project,
      String tag,
      String buildId,
      String commit,
      Instant publishedAt,
      List<ReleaseFile> files,
      String sbom,
      String checksums,
      String provenance) {
    this(project, tag, buildId, commit, publishedAt, files, sbom, checksums, provenance, List.of());
  }

  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("project", project);
    o.put("tag", tag);
    o.put("buildId", buildId);
    o.put("commit", commit);
    o.put("publishedAt", publishedAt.toString());
    ArrayNode a = o.putArray("files");
    for (ReleaseFile f : files) {
      a.addObject().put("name", f.name()).put("sha256", f.sha256()).put("size", f.size());
    }
    o.put("sbom", sbom);
    o.put("checksums", checksums);
    o.put("provenance", provenance);
    if (!images.isEmpty()) {
      ArrayNode imgs = o.putArray("images");
      for (ReleaseImage i : images) {
        ObjectNode io = imgs.addObject();
        io.put("repository", i.repository())
            .put("digest", i.digest())
            .put("mediaType", i.mediaType());
        i.platforms().forEach(io.putArray("platforms")::add);
        io.put("provenance", i.provenance());
      }
    }
    return o;
  }

  public byte[] toBytes() throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson());
  }

  public static ReleaseManifest parse(byte[] bytes) throws IOException {
    JsonNode o = JSON.readTree(bytes);
    try {
      List<ReleaseFile> files = new ArrayList<>();
      for (JsonNode f : o.path("files")) {
        files.add(
            new ReleaseFile(
                f.path("name").asText(), f.path("sha256").asText(), f.path("size").asLong()));
      }
      List<ReleaseImage> images = new ArrayList<>();
      for (JsonNode i : o.path("images")) {
        List<String> platforms = new ArrayList<>();
        i.path("platforms").forEach(p -> platforms.add(p.asText()));
        images.add(
            new ReleaseImage(
                i.path("repository").asText(),
                i.path("digest").asText(),
                i.path("mediaType").asText(),
                platforms,
                i.path("provenance").asText()));
      }
      return new ReleaseManifest(
          o.path("project").asText(),
          o.path("tag").asText(),
          o.path("buildId").asText(),
          o.path("commit").asText(),
          Instant.parse(o.path("publishedAt").asText()),
          files,
          o.path("sbom").asText(),
          o.path("checksums").asText(),
          o.path("provenance").asText(),
          images);
    } catch (RuntimeException e) {
      throw new IOException("release manifest: " + e.getMessage(), e);
    }
  }
}
