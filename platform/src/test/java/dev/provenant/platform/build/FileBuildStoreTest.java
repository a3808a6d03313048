package dev.provenant.platform.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBuildStoreTest extends BuildStoreContract {
  @TempDir Path dir;

  @Override
  BuildStore store() throws Exception {
    return FileBuildStore.open(dir, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @Test
  void reopen_keepsEveryRecord_andIgnoresAnUnfinishedWrite() throws Exception {
    BuildStore s = store();
    s.add(queued("b1", "p", "v1.0.0", T0));
    s.markReleased(s.claimNext("r").orElseThrow());
    Files.writeString(dir.resolve("b9.json.tmp"), "{\"id\": \"b9\", \"proj");
    BuildStore again = store();
    assertThat(again.isReleased("p", "v1.0.0")).isTrue();
    assertThat(again.find("b9")).isEmpty();
    assertThat(Files.exists(dir.resolve("b9.json.tmp"))).isFalse();
  }

  @Test
  void recoverAbandoned_retriesOnce_thenFails() throws Exception {
    BuildStore s = store();
    s.add(queued("b1", "p", "v1.0.0", T0));
    s.claimNext("r").orElseThrow();
    // The process died: a new one opens the same directory.
    BuildStore second = store();
    assertThat(second.recoverAbandoned())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(BuildStatus.QUEUED);
              assertThat(r.attempt()).isEqualTo(2);
            });
    second.claimNext("r").orElseThrow();
    BuildStore third = store();
    assertThat(third.recoverAbandoned())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(BuildStatus.FAILED);
              assertThat(r.reason()).contains("no retries left");
            });
    assertThat(third.claimNext("r")).isEmpty();
  }

  @Test
  void recoverAbandoned_byAnIdleThreadOfTheSameProcess_leavesTheBuildInProgressAlone()
      throws Exception {
    BuildStore s = store();
    s.add(queued("b1", "p", "v1.0.0", T0));
    s.claimNext("r-0").orElseThrow();
    // Runner thread r-1 finds the queue empty and looks for abandoned builds: b1 is r-0's, alive.
    assertThat(s.recoverAbandoned()).isEmpty();
    assertThat(s.find("b1").orElseThrow().status()).isEqualTo(BuildStatus.BUILDING);
    assertThat(s.claimNext("r-1")).isEmpty();
  }

  @Test
  void rebuild_runningWhenTheProcessStopped_failsOnRecovery_butNotOneThisProcessRuns()
      throws Exception {
    BuildStore s = store();
    s.rebuilds().add(queuedRebuild("rb1", "v1.0.0", T0));
    s.rebuilds().add(queuedRebuild("rb2", "v1.0.0", T0.plusSeconds(1)));
    s.rebuilds().claimNext("r1").orElseThrow();
    assertThat(s.rebuilds().recoverAbandoned()).as("claimed by this process").isEmpty();
    BuildStore restarted = store();
    assertThat(restarted.rebuilds().recoverAbandoned())
        .extracting(RebuildRecord::id)
        .containsExactly("rb1");
    RebuildRecord r = restarted.rebuilds().find("rb1").orElseThrow();
    assertThat(r.failure()).isEqualTo(RebuildRecord.Failure.RUNNER_STOPPED);
    assertThat(restarted.rebuilds().find("rb2").orElseThrow().status())
        .isEqualTo(RebuildRecord.Status.QUEUED);
    assertThat(Files.isDirectory(dir.resolve("rebuilds"))).isTrue();
  }
}
