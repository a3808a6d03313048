package dev.provenant.platform.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.build.RebuildRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssessmentFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Assessment assessment(boolean authentic) {
    return new Assessment(
        "widget",
        "v1.0.0",
        List.of(
            new Requirement(
                "producer.choose-platform",
                "producer",
                "Choose an appropriate build platform",
                true,
                true,
                "builder b"),
            new Requirement(
                "producer.consistent-build",
                "producer",
                "Follow a consistent build process",
                true,
                true,
                "signed tag"),
            new Requirement(
                "producer.distribute-provenance",
                "producer",
                "Distribute provenance",
                true,
                true,
                "published"),
            new Requirement(
                "platform.provenance-exists",
                "platform",
                "Provenance exists",
                true,
                true,
                "every file"),
            new Requirement(
                "platform.provenance-authentic",
                "platform",
                "Provenance is authentic",
                true,
                authentic,
                authentic
                    ? "signature | log"
                    : "No: release.files: SUBJECT_DIGEST_MISMATCH: widget.txt\n<b>"),
            new Requirement(
                "platform.provenance-unforgeable",
                "platform",
                "Provenance is unforgeable",
                true,
                true,
                "generator"),
            new Requirement("platform.hosted", "platform", "Hosted", true, true, "runner"),
            new Requirement("platform.isolated", "platform", "Isolated", true, true, "bubblewrap")),
        JSON.createObjectNode().put("buildId", "b1"));
  }

  @Test
  void markdown_seedLayout_threeProducerAndFivePlatformRowsWithRequiredAndMet() {
    String md = AssessmentFormats.markdown(assessment(true));
    assertThat(md)
        .contains(
            "## Producer",
            "## Build platform",
            "| Requirement | Required at SLSA L3 | Met by widget | Evidence |");
    assertThat(md.lines().filter(l -> l.matches("\\| .* \\| Yes \\| Yes \\| .*\\|"))).hasSize(8);
    assertThat(md).contains("| Provenance is authentic | Yes | Yes | signature \\| log |");
  }

  @Test
  void markdown_failedRow_saysNoWithReason_escapedToOneCell() {
    Assessment a = assessment(false);
    assertThat(a.meetsL3()).isFalse();
    String md = AssessmentFormats.markdown(a);
    assertThat(md)
        .contains(
            "| Provenance is authentic | Yes | No | No: release.files: SUBJECT_DIGEST_MISMATCH: "
                + "widget.txt &lt;b&gt; |",
            "**not met**");
    assertThat(AssessmentFormats.text(a)).contains("NOT MET", "met: No");
  }

  @Test
  void json_roundTrips() throws Exception {
    Assessment a = assessment(false);
    Assessment back = Assessment.fromJson(JSON.readTree(JSON.writeValueAsBytes(a.toJson())));
    assertThat(back).isEqualTo(a);
    assertThat(a.toJson().path("requirements").get(4).path("met").asBoolean()).isFalse();
  }

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  private static Assessment rebuilt() {
    Assessment a = assessment(true);
    return new Assessment(
        a.project(),
        a.tag(),
        a.requirements(),
        a.details(),
        new Reproducibility(
            true,
            false,
            "rb-1",
            Instant.parse("2026-12-06T07:00:00Z"),
            null,
            null,
            List.of(
                new RebuildRecord.Subject("widget.txt", RebuildRecord.Outcome.MATCHED, A, A),
                new RebuildRecord.Subject("stamp.txt", RebuildRecord.Outcome.DIFFERENT, A, B)),
            JSON.createObjectNode().put("runner", "bubblewrap 0.8.0")));
  }

  @Test
  void markdown_rebuild_isASectionOfItsOwn_theTablesKeepTheirEightRows() {
    String md = AssessmentFormats.markdown(rebuilt());
    assertThat(md.lines().filter(l -> l.startsWith("|"))).hasSize(2 * 2 + 8);
    assertThat(md.indexOf("## Reproducible build (beyond SLSA Build L3)"))
        .isGreaterThan(md.indexOf("## Build platform"));
    assertThat(md)
        .contains(
            "No: rebuild rb-1 at 2026-12-06T07:00:00Z",
            "1 of 2 subjects matched",
            "- MATCHED: widget.txt sha256 " + A,
            "- DIFFERENT: stamp.txt released sha256 " + A + ", rebuilt sha256 " + B);
    assertThat(AssessmentFormats.text(rebuilt()))
        .contains("Reproducible build (beyond SLSA Build L3)", "DIFFERENT", "MET");
  }

  @Test
  void json_rebuild_isEvidenceBesideTheRequirements_notOneOfThem() throws Exception {
    Assessment a = rebuilt();
    var json = a.toJson();
    assertThat(json.path("requirements")).hasSize(8);
    assertThat(json.path("meetsL3").asBoolean()).as("not reproducible, still L3").isTrue();
    assertThat(json.path("reproducibility").path("checked").asBoolean()).isTrue();
    assertThat(json.path("reproducibility").path("reproducible").asBoolean()).isFalse();
    assertThat(json.path("reproducibility").path("subjects").get(1).path("outcome").asText())
        .isEqualTo("DIFFERENT");
    assertThat(Assessment.fromJson(JSON.readTree(JSON.writeValueAsBytes(json)))).isEqualTo(a);
  }

  @Test
  void noRebuild_saysNotChecked_inEveryFormat() {
    Assessment a = assessment(true);
    assertThat(a.toJson().path("reproducibility").path("checked").asBoolean()).isFalse();
    assertThat(AssessmentFormats.text(a)).contains("not checked");
    assertThat(AssessmentFormats.markdown(a))
        .contains("## Reproducible build (beyond SLSA Build L3)", "not checked");
  }
}
