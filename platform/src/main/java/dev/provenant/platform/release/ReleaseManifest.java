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
 * the checksum list, and the provenance file. Stored as {@code manifest.json} beside the files.
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
    String provenance) {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ReleaseManifest {
    files = List.copyOf(files);
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
      return new ReleaseManifest(
          o.path("project").asText(),
          o.path("tag").asText(),
          o.path("buildId").asText(),
          o.path("commit").asText(),
          Instant.parse(o.path("publishedAt").asText()),
          files,
          o.path("sbom").asText(),
          o.path("checksums").asText(),
          o.path("provenance").asText());
    } catch (RuntimeException e) {
      throw new IOException("release manifest: " + e.getMessage(), e);
    }
  }
}
