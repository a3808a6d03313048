package dev.provenant.platform.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
}
