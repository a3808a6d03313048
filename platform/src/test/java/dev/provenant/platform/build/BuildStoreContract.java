package dev.provenant.platform.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
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

  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);

  static RebuildRecord queuedRebuild(String id, String tag, Instant at) {
    return RebuildRecord.queued(
        id,
        "p",
        tag,
        "b1",
        "c0ffee",
        List.of(
            new RebuildRecord.Expected("app.bin", A), new RebuildRecord.Expected("SHA256SUMS", B)),
        at);
  }

  @Test
  void rebuild_claimedOnce_finishedByItsRunnerOnly_andKeptWithItsComparison() throws Exception {
    BuildStore s = store();
    s.rebuilds().add(queuedRebuild("rb2", "v1.0.0", T0.plusSeconds(2)));
    s.rebuilds().add(queuedRebuild("rb1", "v1.0.0", T0.plusSeconds(1)));
    RebuildRecord claimed = s.rebuilds().claimNext("r1").orElseThrow();
    assertThat(claimed.id()).isEqualTo("rb1");
    assertThat(claimed.status()).isEqualTo(RebuildRecord.Status.RUNNING);
    assertThat(claimed.runner()).isEqualTo("r1");
    assertThat(s.rebuilds().claimNext("r2").orElseThrow().id()).isEqualTo("rb2");
    assertThat(s.rebuilds().claimNext("r3")).isEmpty();
    assertThat(s.rebuilds().heartbeat("rb1", "r2")).isFalse();
    assertThat(s.rebuilds().heartbeat("rb1", "r1")).isTrue();

    ObjectNode sandbox = new ObjectMapper().createObjectNode().put("runner", "bubblewrap 0.8.0");
    List<RebuildRecord.Subject> compared =
        List.of(
            new RebuildRecord.Subject("app.bin", RebuildRecord.Outcome.DIFFERENT, A, B),
            new RebuildRecord.Subject("SHA256SUMS", RebuildRecord.Outcome.MATCHED, B, B),
            new RebuildRecord.Subject("stray.txt", RebuildRecord.Outcome.EXTRA, null, A));
    RebuildRecord done =
        claimed.finished(compared, sandbox, Map.of("build", 1200L), T0.plusSeconds(9));
    RebuildRecord second = s.rebuilds().find("rb2").orElseThrow();
    assertThat(
            s.rebuilds()
                .finish(
                    second.failed(
                        RebuildRecord.Failure.BUILD_FAILED,
                        "FAILED: step 1 exited 2",
                        null,
                        Map.of(),
                        T0.plusSeconds(5))))
        .isTrue();
    // Another runner's copy of the outcome is not written.
    RebuildRecord stolen =
        new RebuildRecord(
            done.id(),
            done.project(),
            done.tag(),
            done.buildId(),
            done.commit(),
            done.expected(),
            done.status(),
            null,
            null,
            "r2",
            done.requestedAt(),
            done.startedAt(),
            done.finishedAt(),
            List.of(),
            null,
            Map.of());
    assertThat(s.rebuilds().finish(stolen)).isFalse();
    assertThat(s.rebuilds().finish(done)).isTrue();
    assertThat(s.rebuilds().finish(done)).as("a final record is not held any more").isFalse();

    BuildStore again = store();
    RebuildRecord kept = again.rebuilds().find("rb1").orElseThrow();
    assertThat(kept.status()).isEqualTo(RebuildRecord.Status.FINISHED);
    assertThat(kept.subjects()).isEqualTo(compared);
    assertThat(kept.reproducible()).isFalse();
    assertThat(kept.sandbox().path("runner").asText()).isEqualTo("bubblewrap 0.8.0");
    assertThat(kept.phases()).containsEntry("build", 1200L);
    assertThat(kept.finishedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(again.rebuilds().forRelease("p", "v1.0.0"))
        .extracting(RebuildRecord::id)
        .containsExactly("rb2", "rb1");
    assertThat(again.rebuilds().forRelease("p", "v2.0.0")).isEmpty();
    RebuildRecord failed = again.rebuilds().find("rb2").orElseThrow();
    assertThat(failed.failure()).isEqualTo(RebuildRecord.Failure.BUILD_FAILED);
    assertThat(failed.reason()).isEqualTo("FAILED: step 1 exited 2");
    assertThat(failed.reproducible()).isFalse();
  }

  @Test
  void rebuild_everySubjectMatched_isReproducible() throws Exception {
    BuildStore s = store();
    s.rebuilds().add(queuedRebuild("rb1", "v1.0.0", T0));
    RebuildRecord claimed = s.rebuilds().claimNext("r1").orElseThrow();
    s.rebuilds()
        .finish(
            claimed.finished(
                List.of(
                    new RebuildRecord.Subject("app.bin", RebuildRecord.Outcome.MATCHED, A, A),
                    new RebuildRecord.Subject("SHA256SUMS", RebuildRecord.Outcome.MATCHED, B, B)),
                null,
                Map.of(),
                T0.plusSeconds(3)));
    assertThat(store().rebuilds().find("rb1").orElseThrow().reproducible()).isTrue();
  }
}
