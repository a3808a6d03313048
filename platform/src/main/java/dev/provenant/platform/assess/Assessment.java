package dev.provenant.platform.assess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SLSA Build L3 assessment of one release, with the facts the release page shows beside it.
 *
 * @param project project name
 * @param tag released tag
 * @param requirements the producer rows then the build-platform rows
 * @param details the verified facts: files with their status, provenance facts, log entry, SBOM
 *     name (a JSON object; the page and the JSON output show it as is)
 * @param reproducibility the latest rebuild's evidence, beyond L3 (not a requirement)
 */
public record Assessment(
    String project,
    String tag,
    List<Requirement> requirements,
    ObjectNode details,
    Reproducibility reproducibility) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies. */
  public Assessment {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(tag, "tag");
    requirements = List.copyOf(requirements);
    details = details.deepCopy();
    reproducibility = reproducibility == null ? Reproducibility.NOT_CHECKED : reproducibility;
  }

  /** An assessment with no reproducibility evidence (no rebuild ran). */
  public Assessment(
      String project, String tag, List<Requirement> requirements, ObjectNode details) {
    this(project, tag, requirements, details, Reproducibility.NOT_CHECKED);
  }

  @Override
  public ObjectNode details() {
    return details.deepCopy();
  }

  /** True when every requirement SLSA Build L3 asks for is met. */
  public boolean meetsL3() {
    return requirements.stream().filter(Requirement::requiredAtL3).allMatch(Requirement::met);
  }

  /** The rows of one group ({@code producer} or {@code platform}). */
  public List<Requirement> group(String group) {
    return requirements.stream().filter(r -> r.group().equals(group)).toList();
  }

  /**
   * The JSON shape of {@code provenant assess --format json} and of {@code GET
   * /api/v1/projects/NAME/releases/TAG/assessment}: {@code {project, tag, level, meetsL3,
   * requirements: [{id, group, title, requiredAtL3, met, evidence}], details, reproducibility}}
   * ({@link Reproducibility#toJson}: beyond L3, so not among the requirements and not in {@code
   * meetsL3}).
   */
  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("project", project);
    o.put("tag", tag);
    o.put("level", "SLSA Build L3");
    o.put("meetsL3", meetsL3());
    ArrayNode a = o.putArray("requirements");
    for (Requirement r : requirements) {
      a.addObject()
          .put("id", r.id())
          .put("group", r.group())
          .put("title", r.title())
          .put("requiredAtL3", r.requiredAtL3())
          .put("met", r.met())
          .put("evidence", r.evidence());
    }
    o.set("details", details.deepCopy());
    o.set("reproducibility", reproducibility.toJson());
    return o;
  }

  /** Reads what {@link #toJson} wrote. */
  public static Assessment fromJson(JsonNode o) throws IOException {
    if (o == null || !o.isObject() || !o.path("requirements").isArray()) {
      throw new IOException("not an assessment: expected an object with requirements");
    }
    List<Requirement> rows = new ArrayList<>();
    for (JsonNode r : o.get("requirements")) {
      rows.add(
          new Requirement(
              r.path("id").asText(),
              r.path("group").asText(),
              r.path("title").asText(),
              r.path("requiredAtL3").asBoolean(),
              r.path("met").asBoolean(),
              r.path("evidence").asText()));
    }
    JsonNode d = o.path("details");
    return new Assessment(
        o.path("project").asText(),
        o.path("tag").asText(),
        rows,
        d.isObject() ? (ObjectNode) d : JSON.createObjectNode(),
        Reproducibility.fromJson(o.get("reproducibility")));
  }
}
