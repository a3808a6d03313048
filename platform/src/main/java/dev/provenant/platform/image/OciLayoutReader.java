package dev.provenant.platform.image;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.oci.MediaTypes;
import dev.provenant.platform.image.ImageReleaseException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the OCI image layout a build wrote, from the files the platform collected out of the
 * workspace (regular files only: the collector refused symbolic links and special files), and
 * checks every blob the image reaches against the digest and size it is referred to by.
 *
 * <p>Blobs are looked up only under the name their digest gives ({@code blobs/sha256/<hex>}), so no
 * name in the layout can point anywhere else. Only what the image reaches is pushed: files the
 * layout holds besides are ignored, and nothing of index.json (annotations, {@code ref.name}) names
 * a tag: tags are the platform's.
 *
 * <p>SPEC: https://github.com/opencontainers/image-spec/blob/main/image-layout.md "The {@code
 * oci-layout} file MUST be a JSON object" with {@code imageLayoutVersion}; "{@code index.json}
 * [...] MUST exist"; blobs: "The content of {@code blobs/<alg>/<encoded>} MUST match the digest
 * {@code <alg>:<encoded>}". A layout listing several platform manifests is released as one new
 * image index of them (multi-arch); a layout listing one manifest or one index as that.
 */
public final class OciLayoutReader {
  static final Set<String> INDEX_TYPES =
      Set.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);
  static final Set<String> MANIFEST_TYPES =
      Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

  /** Distribution spec: registries need accept no manifest over 4 MiB; neither does the reader. */
  static final int MAX_JSON = 4 << 20;

  /** Index inside index inside index ... deeper than this is not an image the platform releases. */
  static final int MAX_DEPTH = 4;

  private static final Pattern DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Map<String, Path> files;
  private final String where;
  private final Map<String, Path> blobs = new LinkedHashMap<>();
  private final Map<String, OciImage.Content> manifests = new LinkedHashMap<>();

  private OciLayoutReader(Map<String, Path> files, String where) {
    this.files = files;
    this.where = where;
  }

  /** A descriptor as the image spec requires it, with the platform it names (or null). */
  private record Desc(String mediaType, String digest, long size, String platform) {}

  /**
   * Reads and checks the image of a layout.
   *
   * @param files the layout's files by path relative to the layout directory ({@code index.json},
   *     {@code blobs/sha256/<hex>} ...), each the platform's collected copy
   * @param where the layout's path in the workspace, for messages
   * @throws ImageReleaseException NOT_A_LAYOUT, MISSING_BLOB, DIGEST_MISMATCH, MALFORMED or
   *     UNSUPPORTED, naming the file and what was expected
   */
  public static OciImage read(Map<String, Path> files, String where) throws ImageReleaseException {
    return new OciLayoutReader(files, where).read();
  }

  private OciImage read() throws ImageReleaseException {
    Path marker = files.get("oci-layout");
    if (marker == null) {
      throw new ImageReleaseException(
          Reason.NOT_A_LAYOUT,
          where + ": expected an OCI image layout (an oci-layout file), found none");
    }
    JsonNode version = json(marker, "oci-layout").path("imageLayoutVersion");
    if (!version.isTextual()) {
      throw new ImageReleaseException(
          Reason.NOT_A_LAYOUT,
          where + "/oci-layout: expected {\"imageLayoutVersion\": \"1.0.0\"}, got no version");
    }
    Path indexFile = files.get("index.json");
    if (indexFile == null) {
      throw new ImageReleaseException(
          Reason.NOT_A_LAYOUT, where + ": expected index.json in the image layout, found none");
    }
    JsonNode index = json(indexFile, "index.json");
    JsonNode entries = index.path("manifests");
    if (!entries.isArray() || entries.isEmpty()) {
      throw new ImageReleaseException(
          Reason.NOT_A_LAYOUT, where + "/index.json: expected a non-empty manifests list");
    }
    List<Desc> top = new ArrayList<>();
    int i = 0;
    for (JsonNode e : entries) {
      Desc d = descriptor(e, "index.json manifests[" + i++ + "]");
      if (!MANIFEST_TYPES.contains(d.mediaType()) && !INDEX_TYPES.contains(d.mediaType())) {
        throw new ImageReleaseException(
            Reason.UNSUPPORTED,
            where
                + "/index.json lists a "
                + d.mediaType()
                + " ("
                + d.digest()
                + "); expected image manifests or one image index");
      }
      top.add(d);
    }
    if (top.size() == 1) {
      Desc only = top.get(0);
      List<String> platforms = visit(only, 0);
      return new OciImage(
          only.digest(), only.mediaType(), List.copyOf(manifests.values()), blobs, platforms);
    }
    // Several entries: each one platform's manifest, released together as one new image index.
    ObjectNode out = JSON.createObjectNode();
    out.put("schemaVersion", 2);
    out.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode list = out.putArray("manifests");
    Set<String> platforms = new LinkedHashSet<>();
    for (Desc d : top) {
      if (!MANIFEST_TYPES.contains(d.mediaType())) {
        throw new ImageReleaseException(
            Reason.UNSUPPORTED,
            where
                + "/index.json lists "
                + top.size()
                + " entries, one of them an index ("
                + d.digest()
                + "); expected one platform manifest per entry, or a single index");
      }
      String platform = visit(d, 1).get(0);
      if (!platforms.add(platform)) {
        throw new ImageReleaseException(
            Reason.MALFORMED, where + "/index.json lists two manifests for platform " + platform);
      }
      ObjectNode o = list.addObject();
      o.put("mediaType", d.mediaType());
      o.put("digest", d.digest());
      o.put("size", d.size());
      String[] p = platform.split("/", 3);
      ObjectNode pn = o.putObject("platform");
      pn.put("architecture", p[1]);
      pn.put("os", p[0]);
      if (p.length > 2) {
        pn.put("variant", p[2]);
      }
    }
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(out);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
    }
    String digest = "sha256:" + Hex.encode(Sha256.hash(bytes));
    manifests.put(digest, new OciImage.Content(digest, MediaTypes.OCI_INDEX, bytes));
    return new OciImage(
        digest,
        MediaTypes.OCI_INDEX,
        List.copyOf(manifests.values()),
        blobs,
        List.copyOf(platforms));
  }

  /**
   * Checks a manifest or index and everything it reaches, adding them children first.
   *
   * @return its platforms: the one of a manifest (from its descriptor, else its config), or those
   *     of an index's manifests
   */
  private List<String> visit(Desc d, int depth) throws ImageReleaseException {
    if (depth > MAX_DEPTH) {
      throw new ImageReleaseException(
          Reason.UNSUPPORTED,
          where + ": indexes nest deeper than " + MAX_DEPTH + " levels at " + d.digest());
    }
    Path file = verifiedBlob(d, true);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalStateException("collected blob " + file + " vanished", e);
    }
    JsonNode m = parse(bytes, "blobs/sha256/" + hex(d.digest()));
    String declared = m.path("mediaType").asText(d.mediaType());
    if (!declared.equals(d.mediaType())) {
      throw new ImageReleaseException(
          Reason.MALFORMED,
          where
              + "/blobs/sha256/"
              + hex(d.digest())
              + ": descriptor says "
              + d.mediaType()
              + ", the content says "
              + declared);
    }
    List<String> platforms = new ArrayList<>();
    if (INDEX_TYPES.contains(d.mediaType())) {
      JsonNode children = m.path("manifests");
      if (!children.isArray() || children.isEmpty()) {
        throw new ImageReleaseException(
            Reason.MALFORMED, where + ": index " + d.digest() + " lists no manifests");
      }
      int i = 0;
      for (JsonNode c : children) {
        Desc child = descriptor(c, d.digest() + " manifests[" + i++ + "]");
        if (!MANIFEST_TYPES.contains(child.mediaType())
            && !INDEX_TYPES.contains(child.mediaType())) {
          throw new ImageReleaseException(
              Reason.UNSUPPORTED,
              where + ": index " + d.digest() + " lists a " + child.mediaType());
        }
        List<String> own = visit(child, depth + 1);
        if (MANIFEST_TYPES.contains(child.mediaType())) {
          platforms.add(child.platform() != null ? child.platform() : own.get(0));
        } else {
          platforms.addAll(own);
        }
      }
    } else {
      Desc config = descriptor(m.path("config"), d.digest() + " config");
      Path configFile = verifiedBlob(config, false);
      JsonNode layers = m.path("layers");
      if (!layers.isArray()) {
        throw new ImageReleaseException(
            Reason.MALFORMED, where + ": manifest " + d.digest() + " has no layers list");
      }
      int i = 0;
      for (JsonNode l : layers) {
        verifiedBlob(descriptor(l, d.digest() + " layers[" + i++ + "]"), false);
      }
      platforms.add(d.platform() != null ? d.platform() : platformOf(configFile, config));
    }
    manifests.putIfAbsent(d.digest(), new OciImage.Content(d.digest(), d.mediaType(), bytes));
    return platforms;
  }

  /** {@code os/arch[/variant]} from an image config. */
  private String platformOf(Path configFile, Desc config) throws ImageReleaseException {
    JsonNode c = json(configFile, "blobs/sha256/" + hex(config.digest()));
    String os = c.path("os").asText("");
    String arch = c.path("architecture").asText("");
    if (os.isEmpty() || arch.isEmpty()) {
      throw new ImageReleaseException(
          Reason.MALFORMED,
          where
              + ": config "
              + config.digest()
              + " names no os and architecture, and its descriptor no platform");
    }
    String variant = c.path("variant").asText("");
    return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
  }

  /** The collected copy of a descriptor's blob, after checking its size and sha256. */
  private Path verifiedBlob(Desc d, boolean manifest) throws ImageReleaseException {
    String name = "blobs/sha256/" + hex(d.digest());
    Path file = files.get(name);
    if (file == null) {
      throw new ImageReleaseException(
          Reason.MISSING_BLOB,
          where + ": " + d.mediaType() + " " + d.digest() + " is not in the layout (" + name + ")");
    }
    if (!manifest && blobs.containsKey(d.digest())) {
      return file;
    }
    if (manifest && d.size() > MAX_JSON) {
      throw new ImageReleaseException(
          Reason.UNSUPPORTED,
          where + "/" + name + ": a manifest of " + d.size() + " bytes, at most " + MAX_JSON);
    }
    MessageDigest md = Sha256.newDigest();
    long size = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        size += n;
      }
    } catch (IOException e) {
      throw new IllegalStateException("collected blob " + file + " unreadable", e);
    }
    String actual = "sha256:" + Hex.encode(md.digest());
    if (!actual.equals(d.digest()) || size != d.size()) {
      throw new ImageReleaseException(
          Reason.DIGEST_MISMATCH,
          where
              + "/"
              + name
              + ": expected "
              + d.digest()
              + " ("
              + d.size()
              + " bytes), got "
              + actual
              + " ("
              + size
              + " bytes)");
    }
    if (!manifest) {
      blobs.put(d.digest(), file);
    }
    return file;
  }

  private Desc descriptor(JsonNode n, String what) throws ImageReleaseException {
    if (!n.isObject()
        || !n.path("mediaType").isTextual()
        || !n.path("digest").isTextual()
        || !n.path("size").canConvertToLong()
        || n.path("size").asLong() < 0) {
      throw new ImageReleaseException(
          Reason.MALFORMED,
          where + ": " + what + ": expected a descriptor with mediaType, digest and size");
    }
    String digest = n.get("digest").asText();
    if (!DIGEST.matcher(digest).matches()) {
      throw new ImageReleaseException(
          Reason.UNSUPPORTED,
          where + ": " + what + ": expected a sha256:<64 lowercase hex> digest, got " + digest);
    }
    String platform = null;
    JsonNode p = n.path("platform");
    if (p.path("os").isTextual() && p.path("architecture").isTextual()) {
      String variant = p.path("variant").asText("");
      platform =
          p.get("os").asText()
              + "/"
              + p.get("architecture").asText()
              + (variant.isEmpty() ? "" : "/" + variant);
    }
    return new Desc(n.get("mediaType").asText(), digest, n.get("size").asLong(), platform);
  }

  private JsonNode json(Path file, String name) throws ImageReleaseException {
    try {
      if (Files.size(file) > MAX_JSON) {
        throw new ImageReleaseException(
            Reason.UNSUPPORTED, where + "/" + name + ": over " + MAX_JSON + " bytes");
      }
      return parse(Files.readAllBytes(file), name);
    } catch (IOException e) {
      throw new IllegalStateException("collected file " + file + " unreadable", e);
    }
  }

  private JsonNode parse(byte[] bytes, String name) throws ImageReleaseException {
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new ImageReleaseException(
            Reason.MALFORMED, where + "/" + name + ": expected a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new ImageReleaseException(
          Reason.MALFORMED, where + "/" + name + ": not JSON: " + e.getMessage(), e);
    }
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }
}
