package dev.provenant.platform.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The build definition, {@code .provenant/build.yaml} at the tagged commit:
 *
 * <pre>
 * steps:                 # required, non-empty; run in order in the workspace by a shell
 *   - run: ./configure
 *   - run: make dist
 * outputs:               # required, non-empty; globs relative to the workspace
 *   - dist/*.tar.gz
 * network:               # optional; hosts (host or host:port) the build may reach; default none
 *   - repo.maven.apache.org
 * limits:                # optional; each key optional (absent = the platform's default)
 *   timeout: 30m         # s, m or h
 *   memory: 2g           # k, m or g (bytes without a suffix)
 *   cpus: 2
 * images:                # optional; at most one: an OCI image layout directory the build writes
 *   - layout: out/image  # the platform (not the build) pushes it to the project's repository
 *                        # (or archive: out/image.tar, the same layout as one tar file)
 * </pre>
 *
 * Parsing is strict: an unknown key anywhere is an error naming it. The path and the sha256 of the
 * file's bytes go into the provenance (buildConfig) and the certificate (Fulcio extension 1.19,
 * BuildConfigDigest).
 *
 * @param path always {@link #PATH}
 * @param sha256 hex sha256 of the file bytes
 * @param steps shell lines, in order
 * @param outputs glob patterns relative to the workspace
 * @param network allowed hosts (possibly empty)
 * @param limits resource limits (fields null when not set)
 * @param images the OCI images the build writes (at most one; empty when none)
 */
public record BuildDefinition(
    String path,
    String sha256,
    List<Step> steps,
    List<String> outputs,
    List<String> network,
    Limits limits,
    List<Image> images) {
  /** Where the definition lives in the repository. */
  public static final String PATH = ".provenant/build.yaml";

  /** Larger files are refused (a definition is a few lines). */
  public static final int MAX_BYTES = 64 * 1024;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern HOST =
      Pattern.compile(
          "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smh])");
  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,12})([kmg]?)", Pattern.CASE_INSENSITIVE);

  public BuildDefinition {
    steps = List.copyOf(steps);
    outputs = List.copyOf(outputs);
    network = List.copyOf(network);
    images = images == null ? List.of() : List.copyOf(images);
  }

  /** A definition without images. */
  public BuildDefinition(
      String path,
      String sha256,
      List<Step> steps,
      List<String> outputs,
      List<String> network,
      Limits limits) {
    this(path, sha256, steps, outputs, network, limits, List.of());
  }

  /** One build step: a shell command line. */
  public record Step(String run) {}

  /**
   * An OCI image the build writes, released by the platform to the project's image repository.
   *
   * @param path the OCI image layout directory ({@code layout:}), or the tar file holding one
   *     ({@code archive:}), relative to the workspace (no glob)
   * @param archive whether {@code path} is a tar file
   */
  public record Image(String path, boolean archive) {
    /** An image layout directory. */
    public Image(String layout) {
      this(layout, false);
    }

    /** The output pattern that collects the image: every file of the layout, or the archive. */
    public String outputPattern() {
      return archive ? path : path + "/**";
    }

    /** Whether an output (a path relative to the workspace) is (part of) this image. */
    public boolean contains(String outputName) {
      return archive ? outputName.equals(path) : outputName.startsWith(path + "/");
    }
  }

  /**
   * Resource limits; a null field means "not set".
   *
   * @param timeout wall-clock limit for all steps
   * @param memoryBytes memory limit in bytes
   * @param cpus number of CPUs
   */
  public record Limits(Duration timeout, Long memoryBytes, Integer cpus) {
    /** No limit set. */
    public static final Limits NONE = new Limits(null, null, null);
  }

  /**
   * Reads and parses {@link #PATH} from {@code commit}'s tree.
   *
   * @throws BuildDefinitionException NOT_FOUND if absent or not a regular file; otherwise as {@link
   *     #parse}
   * @throws IOException if the repository cannot be read
   */
  public static BuildDefinition read(Repository repository, ObjectId commit)
      throws BuildDefinitionException, IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tw = TreeWalk.forPath(repository, PATH, c.getTree())) {
        if (tw == null) {
          throw new BuildDefinitionException(
              BuildDefinitionException.Reason.NOT_FOUND,
              "no " + PATH + " at commit " + commit.name());
        }
        FileMode mode = tw.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          throw new BuildDefinitionException(
              BuildDefinitionException.Reason.NOT_FOUND,
              PATH + " at commit " + commit.name() + " is not a regular file (mode " + mode + ")");
        }
        var loader = repository.open(tw.getObjectId(0));
        if (loader.getSize() > MAX_BYTES) {
          throw new BuildDefinitionException(
              BuildDefinitionException.Reason.TOO_LARGE,
              PATH + " is " + loader.getSize() + " bytes, at most " + MAX_BYTES + " allowed");
        }
        return parse(loader.getBytes());
      }
    }
  }

  /**
   * Parses the bytes of a build definition.
   *
   * @throws BuildDefinitionException MALFORMED, UNKNOWN_KEY, MISSING_KEY, INVALID_VALUE or
   *     TOO_LARGE
   */
  public static BuildDefinition parse(byte[] bytes) throws BuildDefinitionException {
    if (bytes.length > MAX_BYTES) {
      throw new BuildDefinitionException(
          BuildDefinitionException.Reason.TOO_LARGE,
          PATH + " is " + bytes.length + " bytes, at most " + MAX_BYTES + " allowed");
    }
    JsonNode root;
    try {
      root = YAML.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BuildDefinitionException(
          BuildDefinitionException.Reason.MALFORMED, "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BuildDefinitionException(
          BuildDefinitionException.Reason.MALFORMED, "unreadable: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BuildDefinitionException(
          BuildDefinitionException.Reason.MALFORMED,
          "expected a mapping with steps: and outputs:, got "
              + (root == null ? "an empty document" : root.getNodeType()));
    }
    onlyKeys(root, "", Set.of("steps", "outputs", "network", "limits", "images"));

    JsonNode stepsNode = required(root, "steps");
    List<Step> steps = new ArrayList<>();
    int i = 0;
    for (JsonNode s : nonEmptyList(stepsNode, "steps")) {
      String where = "steps[" + i++ + "]";
      if (!s.isObject()) {
        throw invalid(where, "a mapping with run:", s);
      }
      onlyKeys(s, where + ".", Set.of("run"));
      String run = text(required(s, "run"), where + ".run");
      if (run.isBlank()) {
        throw invalid(where + ".run", "a non-empty shell line", s.get("run"));
      }
      steps.add(new Step(run));
    }

    List<String> outputs = new ArrayList<>();
    i = 0;
    for (JsonNode o : nonEmptyList(required(root, "outputs"), "outputs")) {
      String where = "outputs[" + i++ + "]";
      String glob = text(o, where);
      if (glob.isEmpty()
          || glob.startsWith("/")
          || glob.contains("\\")
          || glob.contains("\0")
          || List.of(glob.split("/")).contains("..")) {
        throw invalid(where, "a glob relative to the workspace (no leading '/', no '..')", o);
      }
      outputs.add(glob);
    }

    List<String> network = new ArrayList<>();
    if (root.has("network")) {
      JsonNode n = root.get("network");
      if (!n.isArray()) {
        throw invalid("network", "a list of hosts", n);
      }
      i = 0;
      for (JsonNode h : n) {
        String where = "network[" + i++ + "]";
        String host = text(h, where);
        if (!HOST.matcher(host).matches()) {
          throw invalid(where, "a host name or host:port", h);
        }
        network.add(host.toLowerCase(Locale.ROOT));
      }
    }

    Limits limits = Limits.NONE;
    if (root.has("limits")) {
      JsonNode l = root.get("limits");
      if (!l.isObject()) {
        throw invalid("limits", "a mapping of timeout/memory/cpus", l);
      }
      onlyKeys(l, "limits.", Set.of("timeout", "memory", "cpus"));
      limits =
          new Limits(
              l.has("timeout") ? duration(l.get("timeout")) : null,
              l.has("memory") ? size(l.get("memory")) : null,
              l.has("cpus") ? cpus(l.get("cpus")) : null);
    }
    return new BuildDefinition(
        PATH, sha256Hex(bytes), steps, outputs, network, limits, images(root));
  }

  private static final Pattern LAYOUT_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  private static List<Image> images(JsonNode root) throws BuildDefinitionException {
    List<Image> images = new ArrayList<>();
    if (!root.has("images")) {
      return images;
    }
    JsonNode n = root.get("images");
    if (!n.isArray()) {
      throw invalid("images", "a list of mappings with layout:", n);
    }
    if (n.size() > 1) {
      // One repository per project: two images would compete for its release tag.
      throw invalid("images", "at most one image (a project has one image repository)", n);
    }
    int i = 0;
    for (JsonNode img : n) {
      String where = "images[" + i++ + "]";
      if (!img.isObject()) {
        throw invalid(where, "a mapping with layout:", img);
      }
      onlyKeys(img, where + ".", Set.of("layout", "archive"));
      boolean archive = img.has("archive");
      if (archive == img.has("layout")) {
        throw new BuildDefinitionException(
            archive
                ? BuildDefinitionException.Reason.INVALID_VALUE
                : BuildDefinitionException.Reason.MISSING_KEY,
            where + ": expected exactly one of layout: (a directory) or archive: (a tar file)");
      }
      String key = archive ? "archive" : "layout";
      String layout = text(img.get(key), where + "." + key);
      while (layout.endsWith("/") && layout.length() > 1) {
        layout = layout.substring(0, layout.length() - 1);
      }
      if (!LAYOUT_PATH.matcher(layout).matches()
          || List.of(layout.split("/")).contains("..")
          || List.of(layout.split("/")).contains(".")) {
        throw invalid(
            where + "." + key,
            "a path relative to the workspace (no glob, no leading '/', no '.' or '..')",
            img.get(key));
      }
      images.add(new Image(layout, archive));
    }
    return images;
  }

  private static void onlyKeys(JsonNode node, String prefix, Set<String> allowed)
      throws BuildDefinitionException {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        unknown.add(prefix + k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new BuildDefinitionException(
          BuildDefinitionException.Reason.UNKNOWN_KEY,
          "unknown key(s) " + unknown + "; allowed here: " + new TreeSet<>(allowed));
    }
  }

  private static JsonNode required(JsonNode node, String key) throws BuildDefinitionException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new BuildDefinitionException(
          BuildDefinitionException.Reason.MISSING_KEY, "missing required key '" + key + "'");
    }
    return v;
  }

  private static JsonNode nonEmptyList(JsonNode node, String where)
      throws BuildDefinitionException {
    if (!node.isArray() || node.isEmpty()) {
      throw invalid(where, "a non-empty list", node);
    }
    return node;
  }

  private static String text(JsonNode node, String where) throws BuildDefinitionException {
    if (!node.isTextual()) {
      throw invalid(where, "a string", node);
    }
    return node.asText();
  }

  private static Duration duration(JsonNode n) throws BuildDefinitionException {
    Matcher m = n.isTextual() ? DURATION.matcher(n.asText()) : null;
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw invalid("limits.timeout", "a positive duration such as 90s, 30m or 2h", n);
    }
    long v = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(v);
      case "m" -> Duration.ofMinutes(v);
      default -> Duration.ofHours(v);
    };
  }

  private static Long size(JsonNode n) throws BuildDefinitionException {
    Matcher m = (n.isTextual() || n.isIntegralNumber()) ? SIZE.matcher(n.asText()) : null;
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw invalid("limits.memory", "a positive size such as 512m or 2g", n);
    }
    long v = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 1L << 10;
          case "m" -> 1L << 20;
          case "g" -> 1L << 30;
          default -> 1L;
        };
    return Math.multiplyExact(v, unit);
  }

  private static Integer cpus(JsonNode n) throws BuildDefinitionException {
    if (!n.isInt() || n.asInt() < 1 || n.asInt() > 1024) {
      throw invalid("limits.cpus", "an integer from 1 to 1024", n);
    }
    return n.asInt();
  }

  private static BuildDefinitionException invalid(String where, String expected, JsonNode actual) {
    return new BuildDefinitionException(
        BuildDefinitionException.Reason.INVALID_VALUE,
        where
            + ": expected "
            + expected
            + ", got "
            + (actual == null ? "nothing" : actual.getNodeType() + " " + actual));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
    }
  }
}
