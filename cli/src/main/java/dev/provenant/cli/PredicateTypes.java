package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * cosign's {@code --type} values for {@code attest} and {@code verify-attestation}: the shorthands
 * and the predicate URIs they stand for (cosign {@code options.PredicateTypeMap}), and how {@code
 * cosign attest} turns a predicate file into a statement's predicate (cosign {@code
 * attestation.GenerateStatement}).
 */
final class PredicateTypes {
  private PredicateTypes() {}

  /** cosign's {@code custom} predicate type. */
  static final String CUSTOM_URI = "https://cosign.sigstore.dev/attestation/v1";

  /** The shorthands and their predicate types. */
  static final Map<String, String> TYPES =
      Map.of(
          "slsaprovenance", "https://slsa.dev/provenance/v0.2",
          "slsaprovenance02", "https://slsa.dev/provenance/v0.2",
          "slsaprovenance1", "https://slsa.dev/provenance/v1",
          "link", "https://in-toto.io/Link/v1",
          "spdx", "https://spdx.dev/Document",
          "spdxjson", "https://spdx.dev/Document",
          "cyclonedx", "https://cyclonedx.org/bom",
          "vuln", "https://cosign.sigstore.dev/attestation/vuln/v1",
          "openvex", "https://openvex.dev/ns",
          "custom", CUSTOM_URI);

  /**
   * The keys a predicate of the type must have (cosign checks the struct's non-optional JSON fields
   * before it accepts the file).
   */
  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          "slsaprovenance", List.of("builder", "buildType"),
          "slsaprovenance02", List.of("builder", "buildType"),
          "slsaprovenance1", List.of("buildDefinition", "runDetails"),
          "link",
              List.of(
                  "_type",
                  "name",
                  "materials",
                  "products",
                  "byproducts",
                  "command",
                  "environment"));

  /**
   * The predicate type URI of {@code type}: a shorthand's URI, or {@code type} itself when it is an
   * absolute URI (cosign: "a predicate type ... or an URI").
   *
   * @throws IllegalArgumentException if it is neither
   */
  static String uri(String type) {
    String mapped = TYPES.get(type);
    if (mapped != null) {
      return mapped;
    }
    try {
      URI u = new URI(type);
      if (u.isAbsolute()) {
        return type;
      }
    } catch (URISyntaxException e) {
      // reported below with the list of shorthands
    }
    throw new IllegalArgumentException(
        "--type: expected one of "
            + new java.util.TreeSet<>(TYPES.keySet())
            + " or an absolute URI, got "
            + type);
  }

  /**
   * The statement predicate {@code cosign attest --type type} makes of a predicate file: for {@code
   * custom}, cosign's wrapper {@code {"Data": <file text>, "Timestamp": <RFC 3339>}}; for {@code
   * spdx}, the file text as a string; for every other type the file's JSON (an object, except for
   * {@code spdxjson} and {@code cyclonedx}, which take any JSON), with the keys its type requires.
   *
   * @throws IllegalArgumentException when the file does not fit the type (not JSON, not an object,
   *     a required key missing)
   */
  static JsonNode predicate(String type, byte[] file, Instant now) {
    String uri = uri(type);
    if (uri.equals(CUSTOM_URI)) {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      p.put("Data", new String(file, StandardCharsets.UTF_8));
      p.put("Timestamp", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
      return p;
    }
    if (type.equals("spdx")) {
      return JsonNodeFactory.instance.textNode(new String(file, StandardCharsets.UTF_8));
    }
    JsonNode json;
    try {
      json = GoJson.parse(file);
    } catch (JsonFormatException e) {
      throw new IllegalArgumentException(
          "--predicate: expected JSON for type " + type + ": " + e.getMessage(), e);
    }
    if (!type.equals("spdxjson") && !type.equals("cyclonedx") && !json.isObject()) {
      throw new IllegalArgumentException(
          "--predicate: expected a JSON object for type "
              + type
              + ", got "
              + json.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
    for (String key : REQUIRED.getOrDefault(type, List.of())) {
      if (!json.has(key)) {
        throw new IllegalArgumentException(
            "--predicate: a "
                + type
                + " predicate requires the key \""
                + key
                + "\"; it is missing");
      }
    }
    return json;
  }
}
