package dev.provenant.platform.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.intoto.Subject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the platform sends the generator for one build attempt (one JSON line on its socket):
 *
 * <pre>{@code
 * {"buildId":"42","attempt":1,
 *  "subjects":"<base64 of sha256sum lines>",
 *  "repository":"widget","sourceUri":"{web}/git/widget" (optional, checked),
 *  "tag":"v1.2.3","commit":"<40 hex>",
 *  "buildConfig":{"path":".provenant/build.yaml","sha256":"<64 hex>"},
 *  "startedOn":"2026-01-01T00:00:00Z","finishedOn":"2026-01-01T00:01:00Z",
 *  "sandbox":{...settings as applied...},
 *  "fetched":[{"uri":"https://...","sha256":"<64 hex>"}],
 *  "byproducts":[{"name":"build.log","sha256":"<64 hex>"}]}
 * }</pre>
 *
 * @param buildId the build id
 * @param attempt the attempt, from 1
 * @param subjects the released files, as the platform hashed them
 * @param repository the repository name
 * @param sourceUri the repository URL the platform names, or null (then the generator's own is
 *     used)
 * @param tag the release tag
 * @param commit the tagged commit
 * @param buildConfigPath the build config's path
 * @param buildConfigSha256 the build config's digest
 * @param startedOn when the build started
 * @param finishedOn when it finished
 * @param sandbox the sandbox settings as applied (a JSON object)
 * @param fetched every resource the build fetched, with its digest
 * @param byproducts the build's byproducts (build log, SBOM), with digests
 */
public record GenerationRequest(
    String buildId,
    int attempt,
    List<Subject> subjects,
    String repository,
    String sourceUri,
    String tag,
    String commit,
    String buildConfigPath,
    String buildConfigSha256,
    Instant startedOn,
    Instant finishedOn,
    JsonNode sandbox,
    List<Resource> fetched,
    List<Resource> byproducts) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

  /**
   * A resource named by URI (fetched) or by name (byproduct), with its SHA-256.
   *
   * @param id the URI or name
   * @param sha256 64 lowercase hex
   */
  public record Resource(String id, String sha256) {
    /** Validates. */
    public Resource {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("resource needs a uri or name");
      }
      if (sha256 == null || !SHA256.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "resource " + id + ": sha256 expected 64 lowercase hex, got " + sha256);
      }
    }
  }

  /** Copies; checks presence and order of times. */
  public GenerationRequest {
    Objects.requireNonNull(buildId, "buildId");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(buildConfigPath, "buildConfigPath");
    Objects.requireNonNull(buildConfigSha256, "buildConfigSha256");
    Objects.requireNonNull(startedOn, "startedOn");
    Objects.requireNonNull(finishedOn, "finishedOn");
    if (finishedOn.isBefore(startedOn)) {
      throw new IllegalArgumentException(
          "finishedOn " + finishedOn + " is before startedOn " + startedOn);
    }
    sandbox = sandbox == null ? JSON.createObjectNode() : sandbox.deepCopy();
    if (!sandbox.isObject()) {
      throw new IllegalArgumentException("sandbox: expected a JSON object");
    }
    fetched = List.copyOf(fetched);
    byproducts = List.copyOf(byproducts);
  }

  /**
   * This request for other subjects: the same build's provenance for another set of artifacts (an
   * image pushed to a registry gets its own, as slsa-github-generator's container generator gives
   * it).
   */
  public GenerationRequest withSubjects(List<Subject> other) {
    return new GenerationRequest(
        buildId,
        attempt,
        other,
        repository,
        sourceUri,
        tag,
        commit,
        buildConfigPath,
        buildConfigSha256,
        startedOn,
        finishedOn,
        sandbox,
        fetched,
        byproducts);
  }

  @Override
  public JsonNode sandbox() {
    return sandbox.deepCopy();
  }

  /**
   * Reads a request.
   *
   * @throws GeneratorException {@link GeneratorException.Reason#BAD_REQUEST} naming the first bad
   *     field
   */
  public static GenerationRequest parse(JsonNode n) throws GeneratorException {
    try {
      JsonNode cfg = n.path("buildConfig");
      JsonNode attempt = n.path("attempt");
      if (!attempt.isIntegralNumber() || !attempt.canConvertToInt()) {
        throw new IllegalArgumentException("attempt: expected an integer");
      }
      return new GenerationRequest(
          text(n, "buildId"),
          attempt.asInt(),
          Subjects.parse(text(n, "subjects")),
          text(n, "repository"),
          n.hasNonNull("sourceUri") ? text(n, "sourceUri") : null,
          text(n, "tag"),
          text(n, "commit"),
          text(cfg, "path"),
          text(cfg, "sha256"),
          time(n, "startedOn"),
          time(n, "finishedOn"),
          n.has("sandbox") ? n.get("sandbox") : null,
          resources(n, "fetched", "uri"),
          resources(n, "byproducts", "name"));
    } catch (IllegalArgumentException e) {
      throw new GeneratorException(GeneratorException.Reason.BAD_REQUEST, e.getMessage(), e);
    }
  }

  /** This request as the JSON object {@link #parse} reads. */
  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("buildId", buildId)
        .put("attempt", attempt)
        .put("subjects", Subjects.encode(subjects))
        .put("repository", repository);
    if (sourceUri != null) {
      o.put("sourceUri", sourceUri);
    }
    o.put("tag", tag).put("commit", commit);
    o.putObject("buildConfig").put("path", buildConfigPath).put("sha256", buildConfigSha256);
    o.put("startedOn", startedOn.toString()).put("finishedOn", finishedOn.toString());
    o.set("sandbox", sandbox.deepCopy());
    var f = o.putArray("fetched");
    fetched.forEach(r -> f.addObject().put("uri", r.id()).put("sha256", r.sha256()));
    var b = o.putArray("byproducts");
    byproducts.forEach(r -> b.addObject().put("name", r.id()).put("sha256", r.sha256()));
    return o;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(field + ": expected a non-empty string");
    }
    return v.asText();
  }

  private static Instant time(JsonNode n, String field) {
    String s = text(n, field);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": expected an RFC 3339 UTC time, got " + s);
    }
  }

  private static List<Resource> resources(JsonNode n, String field, String idField) {
    JsonNode a = n.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException(field + ": expected an array");
    }
    List<Resource> out = new ArrayList<>();
    for (JsonNode r : a) {
      out.add(new Resource(text(r, idField), text(r, "sha256")));
    }
    return out;
  }
}
