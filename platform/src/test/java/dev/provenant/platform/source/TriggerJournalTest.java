package dev.provenant.platform.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerJournalTest {
  @TempDir Path data;

  @Test
  void decisionsAndAlerts_surviveReopen_andFirstAcceptedTagObjectWins() throws Exception {
    TriggerJournal journal = new TriggerJournal(data);
    BuildDefinition def =
        BuildDefinition.parse(
            "steps: [{run: make}]\noutputs: [a]\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    journal.record(
        new TriggerDecision.Refused(
            "p", "v1.0.0", "aa", TriggerDecision.Reason.UNSIGNED, "no sig"));
    journal.record(
        new TriggerDecision.Accepted(
            "p", "id", "v1.0.0", "c1", "t1", "SHA256:x", KeyKind.SSH, def));
    journal.record(
        new TriggerDecision.Accepted(
            "p", "id", "v1.0.0", "c2", "t2", "SHA256:x", KeyKind.SSH, def));
    journal.alert(new TriggerJournal.Alert("p", "v1.0.0", "t1", "t3", "https://example.org/p"));

    TriggerJournal reopened = new TriggerJournal(data);

    assertThat(reopened.decisions("p"))
        .extracting(TriggerJournal.Entry::kind)
        .isEqualTo(List.of("refused", "accepted", "accepted"));
    assertThat(reopened.decisions("p").get(0).reason()).isEqualTo("UNSIGNED");
    assertThat(reopened.acceptedTagObject("p", "v1.0.0")).contains("t1");
    assertThat(reopened.acceptedTagObject("p", "v2.0.0")).isEmpty();
    assertThat(reopened.acceptedTagObject("../x", "v1.0.0")).isEmpty();
    assertThat(reopened.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.reason()).isEqualTo("TAG_MOVED");
              assertThat(a.refValue()).isEqualTo("t3");
            });
  }
}
