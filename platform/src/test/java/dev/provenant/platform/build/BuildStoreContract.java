package dev.provenant.platform.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link BuildStore} must do, run against the embedded and the PostgreSQL store. */
abstract class BuildStoreContract {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  abstract BuildStore store() throws Exception;

  static BuildRecord queued(String id, String project, String tag, Instant at) {
    return new BuildRecord(
        id,
        project,
        tag,
        "c0ffee" + id,
        "7a9" + id,
        "SHA256:fp",
        BuildStatus.QUEUED,
        null,
        1,
        null,
        at,
        null,
        null,
        Map.of());
  }

  @Test
  void claimNext_oldestFirst_thenEmpty() throws Exception {
    BuildStore s = store();
    s.add(queued("b2", "p", "v1.0.1", T0.plusSeconds(2)));
    s.add(queued("b1", "p", "v1.0.0", T0.plusSeconds(1)));
    assertThat(s.claimNext("r1").orElseThrow().id()).isEqualTo("b1");
    BuildRecord second = s.claimNext("r2").orElseThrow();
    assertThat(second.id()).isEqualTo("b2");
    assertThat(second.status()).isEqualTo(BuildStatus.BUILDING);
    assertThat(second.runner()).isEqualTo("r2");
    assertThat(s.claimNext("r1")).isEmpty();
  }

  @Test
  void refusedTrigger_isRecordedAndNeverClaimed() throws Exception {
    BuildStore s = store();
    BuildRecord refused =
        new BuildRecord(
            "x1",
            "p",
            "v1.0.0",
            null,
            null,
            null,
            BuildStatus.REFUSED,
            "UNSIGNED: the tag carries no signature",
            1,
            null,
            T0,
            null,
            null,
            Map.of());
    s.add(refused);
    assertThat(s.claimNext("r1")).isEmpty();
    assertThat(s.latest("p", "v1.0.0").orElseThrow().reason()).startsWith("UNSIGNED");
  }

  @Test
  void markReleased_secondReleaseOfTheSameTag_refused() throws Exception {
    BuildStore s = store();
    s.add(queued("b1", "p", "v1.0.0", T0));
    s.add(queued("b2", "p", "v1.0.0", T0.plusSeconds(1)));
    BuildRecord a = s.claimNext("r1").orElseThrow();
    BuildRecord b = s.claimNext("r2").orElseThrow();
    s.markReleased(a);
    assertThat(s.isReleased("p", "v1.0.0")).isTrue();
    assertThatThrownBy(() -> s.markReleased(b))
        .isInstanceOf(BuildStore.AlreadyReleasedException.class);
    assertThat(s.find("b2").orElseThrow().status()).isEqualTo(BuildStatus.BUILDING);
  }

  @Test
  void update_byARunnerThatDoesNotHoldTheBuild_refused() throws Exception {
    BuildStore s = store();
    s.add(queued("b1", "p", "v1.0.0", T0));
    BuildRecord held = s.claimNext("r1").orElseThrow();
    BuildRecord other =
        new BuildRecord(
            held.id(),
            held.project(),
            held.tag(),
            held.commit(),
            held.tagObject(),
            held.signer(),
            held.status(),
            null,
            1,
            "r2",
            held.createdAt(),
            held.startedAt(),
            null,
            Map.of());
    assertThatThrownBy(() -> s.update(other)).hasMessageContaining("not held by runner r2");
    assertThat(s.heartbeat("b1", "r2")).isFalse();
    assertThat(s.heartbeat("b1", "r1")).isTrue();
    s.update(held.withPhases(Map.of("checkout", 12L)));
    assertThat(s.find("b1").orElseThrow().phases()).containsEntry("checkout", 12L);
  }

  @Test
  void markFailed_byARunnerNoLongerHoldingTheBuild_leavesTheReleaseAlone() throws Exception {
    BuildStore s = store();
    s.add(queued("b1", "p", "v1.0.0", T0));
    BuildRecord claimed = s.claimNext("r1").orElseThrow();
    s.markReleased(claimed);
    s.markFailed(claimed, "INTERNAL: late failure after the release");
    assertThat(s.find("b1").orElseThrow().status()).isEqualTo(BuildStatus.RELEASED);
    assertThat(s.isReleased("p", "v1.0.0")).isTrue();
  }

  @Test
  void markFailed_keepsTheReason() throws Exception {
    BuildStore s = store();
    s.add(queued("b1", "p", "v1.0.0", T0));
    s.markFailed(s.claimNext("r1").orElseThrow(), "BUILD_FAILED: step 1 exited 2");
    BuildRecord r = s.find("b1").orElseThrow();
    assertThat(r.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(r.reason()).isEqualTo("BUILD_FAILED: step 1 exited 2");
    assertThat(r.finishedAt()).isNotNull();
  }
}
