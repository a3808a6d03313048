package dev.provenant.platform.assess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.build.RebuildRecordJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The release's reproducibility evidence, from its latest finished rebuild: beyond SLSA Build L3
 * (Build L3 does not ask for reproducible builds), so it is shown beside the requirements, never as
 * one of them.
 *
 * @param checked whether a rebuild of this release ran to an end
 * @param reproducible whether that rebuild matched every released subject, with no extra output
 * @param rebuildId the rebuild's id; null when not checked
 * @param rebuiltAt when it finished; null when not checked
 * @param failure why the rebuild produced nothing to compare (e.g. BUILD_FAILED); null otherwise
 * @param reason the failure's detail; null otherwise
 * @param subjects each released subject's comparison, then extra outputs
 * @param sandbox the sandbox settings the rebuild ran under
 */
public record Reproducibility(
    boolean checked,
    boolean reproducible,
    String rebuildId,
    Instant rebuiltAt,
    String failure,
    String reason,
    List<RebuildRecord.Subject> subjects,
    ObjectNode sandbox) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** No rebuild of the release ran. */
  public static final Reproducibility NOT_CHECKED =
      new Reproducibility(false, false, null, null, null, null, List.of(), null);

  /** Copies. */
  public Reproducibility {
    subjects = List.copyOf(subjects);
    sandbox = sandbox == null ? JSON.createObjectNode() : sandbox.deepCopy();
  }

  @Override
  public ObjectNode sandbox() {
    return sandbox.deepCopy();
  }

  /**
   * The evidence of the newest finished rebuild in {@code newestFirst} of build {@code buildId}.
   */
  public static Reproducibility latest(List<RebuildRecord> newestFirst, String buildId) {
    Optional<RebuildRecord> r =
        newestFirst.stream()
            .filter(x -> x.status().isFinal() && x.buildId().equals(buildId))
            .findFirst();
    if (r.isEmpty()) {
      return NOT_CHECKED;
    }
    RebuildRecord x = r.get();
    return new Reproducibility(
        true,
        x.reproducible(),
        x.id(),
        x.finishedAt(),
        x.failure() == null ? null : x.failure().name(),
        x.reason(),
        x.subjects(),
        x.sandbox());
  }

  /** How many subjects were rebuilt with their released digest. */
  public long matched() {
    return subjects.stream().filter(s -> s.outcome() == RebuildRecord.Outcome.MATCHED).count();
  }

  /** One line for a terminal or a page: what the evidence says. */
  public String summary() {
    if (!checked) {
      return "not checked: no rebuild of this release ran (provenant release rebuild NAME TAG)";
    }
    if (failure != null) {
      return "No: rebuild "
          + rebuildId
          + " at "
          + rebuiltAt
          + " failed: "
          + failure
          + ": "
          + reason;
    }
    return (reproducible ? "Yes" : "No")
        + ": rebuild "
        + rebuildId
        + " at "
        + rebuiltAt
        + " in a fresh sandbox ("
        + sandbox.path("runner").asText("?")
        + ") from the released commit: "
        + matched()
        + " of "
        + subjects.size()
        + " subjects matched their released sha256";
  }

  /**
   * {@code {checked, reproducible, rebuildId?, rebuiltAt?, failure?, reason?, subjects: [{name,
   * outcome, expectedSha256, actualSha256}], sandbox}}.
   */
  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("checked", checked);
    o.put("reproducible", reproducible);
    o.put("scope", "beyond SLSA Build L3 (not one of its requirements)");
    if (rebuildId != null) {
      o.put("rebuildId", rebuildId);
    }
    if (rebuiltAt != null) {
      o.put("rebuiltAt", rebuiltAt.toString());
    }
    if (failure != null) {
      o.put("failure", failure);
      o.put("reason", reason);
    }
    o.set("subjects", RebuildRecordJson.subjectsJson(subjects));
    o.set("sandbox", sandbox.deepCopy());
    return o;
  }

  /** Reads what {@link #toJson} wrote; a missing node is {@link #NOT_CHECKED}. */
  public static Reproducibility fromJson(JsonNode o) {
    if (o == null || !o.isObject() || !o.path("checked").asBoolean(false)) {
      return NOT_CHECKED;
    }
    JsonNode sb = o.path("sandbox");
    return new Reproducibility(
        true,
        o.path("reproducible").asBoolean(false),
        o.path("rebuildId").asText(null),
        o.hasNonNull("rebuiltAt") ? Instant.parse(o.get("rebuiltAt").asText()) : null,
        o.hasNonNull("failure") ? o.get("failure").asText() : null,
        o.hasNonNull("reason") ? o.get("reason").asText() : null,
        RebuildRecordJson.parseSubjects(o.path("subjects")),
        sb.isObject() ? (ObjectNode) sb : null);
  }
}
