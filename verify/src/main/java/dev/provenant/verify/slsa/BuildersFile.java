package dev.provenant.verify.slsa;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The builders file a Provenant instance publishes ({@code provenant up} writes it): the builders a
 * consumer trusts besides GitHub's built-in ones. Format:
 *
 * <pre>{@code
 * { "builders": [ {
 *     "id": "http://127.0.0.1:8080/generators/slsa3",
 *     "oidcIssuer": "http://127.0.0.1:8080",
 *     "certificateIdentityRegexp": "^http://127\\.0\\.0\\.1:8080/generators/slsa3@v[0-9]+\\.[0-9]+\\.[0-9]+$",
 *     "sourceRepositoryUriPrefix": "http://127.0.0.1:8080/git/",
 *     "buildType": "https://provenant.dev/build-types/sandbox/v1" } ] }
 * }</pre>
 *
 * <p>Every key is required and no other key is allowed: a typo must not silently drop a check.
 */
public final class BuildersFile {
  /** The build type of Provenant's sandbox builds (SLSA v1 provenance). */
  public static final String SANDBOX_BUILD_TYPE = "https://provenant.dev/build-types/sandbox/v1";

  private static final Map<String, TrustedBuilder.BuildType> BUILD_TYPES =
      Map.of(
          SANDBOX_BUILD_TYPE,
          new TrustedBuilder.BuildType(
              ProvenanceV1.PREDICATE_TYPE,
              SANDBOX_BUILD_TYPE,
              SlsaProvenance.Kind.PLATFORM_SANDBOX));

  private static final List<String> KEYS =
      List.of(
          "id",
          "oidcIssuer",
          "certificateIdentityRegexp",
          "sourceRepositoryUriPrefix",
          "buildType");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private BuildersFile() {}

  /**
   * Reads a builders file.
   *
   * @return the entries, in file order (at least one)
   * @throws BuildersFileException if the file is not JSON, lacks or mistypes a key, has an unknown
   *     key, an id with a version, a regexp that does not compile, a source prefix that is not an
   *     absolute http(s) URL, an unknown build type, or an id twice
   */
  public static List<TrustedBuilder> parse(byte[] json) throws BuildersFileException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BuildersFileException("$", "JSON", "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BuildersFileException("$", "JSON", "unreadable: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BuildersFileException(
          "$", "an object", root == null ? "nothing" : root.getNodeType().toString());
    }
    onlyKeys(root, "$", Set.of("builders"));
    JsonNode list = root.get("builders");
    if (list == null || !list.isArray()) {
      throw new BuildersFileException(
          "builders", "an array", list == null ? "absent" : list.getNodeType().toString());
    }
    if (list.isEmpty()) {
      throw new BuildersFileException("builders", "at least one builder", "an empty array");
    }
    List<TrustedBuilder> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      TrustedBuilder b = entry(list.get(i), "builders[" + i + "]");
      for (TrustedBuilder seen : out) {
        if (seen.id().equals(b.id())) {
          throw new BuildersFileException(
              "builders[" + i + "].id", "an id not listed before", b.id());
        }
      }
      out.add(b);
    }
    return List.copyOf(out);
  }

  private static TrustedBuilder entry(JsonNode e, String at) throws BuildersFileException {
    if (!e.isObject()) {
      throw new BuildersFileException(at, "an object", e.getNodeType().toString());
    }
    onlyKeys(e, at, Set.copyOf(KEYS));
    String id = string(e, at, "id");
    if (id.contains("@")) {
      throw new BuildersFileException(at + ".id", "a builder id without @version", id);
    }
    String issuer = string(e, at, "oidcIssuer");
    String regexp = string(e, at, "certificateIdentityRegexp");
    String prefix = string(e, at, "sourceRepositoryUriPrefix");
    if (!prefix.startsWith("https://") && !prefix.startsWith("http://")) {
      throw new BuildersFileException(
          at + ".sourceRepositoryUriPrefix", "an http(s) URL prefix", prefix);
    }
    String buildType = string(e, at, "buildType");
    TrustedBuilder.BuildType type = BUILD_TYPES.get(buildType);
    if (type == null) {
      throw new BuildersFileException(
          at + ".buildType", String.join(" | ", BUILD_TYPES.keySet()), buildType);
    }
    try {
      return new TrustedBuilder(id, issuer, regexp, prefix, List.of(type));
    } catch (IllegalArgumentException ex) {
      throw new BuildersFileException(
          at + ".certificateIdentityRegexp", "a regular expression", ex.getMessage());
    }
  }

  private static void onlyKeys(JsonNode o, String at, Set<String> allowed)
      throws BuildersFileException {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new BuildersFileException(
            at, "only the keys " + new java.util.TreeSet<>(allowed), "unknown key \"" + k + "\"");
      }
    }
  }

  private static String string(JsonNode o, String at, String key) throws BuildersFileException {
    JsonNode v = o.get(key);
    if (v == null || !v.isTextual()) {
      throw new BuildersFileException(
          at + "." + key, "a string", v == null ? "absent" : v.getNodeType().toString());
    }
    if (v.textValue().isEmpty()) {
      throw new BuildersFileException(at + "." + key, "a non-empty string", "\"\"");
    }
    return v.textValue();
  }
}
