package dev.provenant.platform.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.testing.PgTestEnv;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresBuildStoreTest extends BuildStoreContract {
  private final List<BuildStore> open = new ArrayList<>();
  private String db;

  @Override
  BuildStore store() throws Exception {
    return open(Clock.fixed(T0, ZoneOffset.UTC));
  }

  private BuildStore open(Clock clock) throws Exception {
    PgTestEnv pg = PgTestEnv.require();
    if (db == null) {
      db = pg.freshDatabase("builds");
    }
    BuildStore s =
        PostgresBuildStore.open(db, pg.user(), pg.password(), clock, Duration.ofSeconds(30));
    open.add(s);
    return s;
  }

  @AfterEach
  void close() throws Exception {
    for (BuildStore s : open) {
      s.close();
    }
  }

  @Test
  void twoRunners_twentyBuilds_eachClaimedAndReleasedExactlyOnce() throws Exception {
    BuildStore seed = open(Clock.systemUTC());
    for (int i = 0; i < 20; i++) {
      seed.add(queued("b" + i, "p", "v1.0." + i, Instant.now().plusMillis(i)));
    }
    // Two stores, two connection pools: what two runner processes on two machines hold.
    BuildStore[] runners = {open(Clock.systemUTC()), open(Clock.systemUTC())};
    Map<String, String> claimedBy = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> done = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int runner = r;
      done.add(
          pool.submit(
              () -> {
                int n = 0;
                Optional<BuildRecord> next;
                while ((next = runners[runner].claimNext("runner-" + runner)).isPresent()) {
                  String previous = claimedBy.putIfAbsent(next.get().id(), "runner-" + runner);
                  assertThat(previous).as("build %s claimed twice", next.get().id()).isNull();
                  runners[runner].markReleased(next.get());
                  n++;
                }
                return n;
              }));
    }
    int total = 0;
    for (Future<Integer> f : done) {
      total += f.get();
    }
    pool.shutdown();
    assertThat(total).isEqualTo(20);
    assertThat(claimedBy).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(seed.find("b" + i).orElseThrow().status()).isEqualTo(BuildStatus.RELEASED);
    }
  }

  @Test
  void expiredLease_isRetriedOnce_thenFailed_andTheOldRunnerCannotRelease() throws Exception {
    BuildStore runner = open(Clock.fixed(T0, ZoneOffset.UTC));
    runner.add(queued("b1", "p", "v1.0.0", T0));
    BuildRecord held = runner.claimNext("dead").orElseThrow();
    BuildStore later = open(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
    assertThat(later.recoverAbandoned())
        .singleElement()
        .satisfies(r -> assertThat(r.attempt()).isEqualTo(2));
    assertThat(runner.heartbeat("b1", "dead")).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.markReleased(held))
        .hasMessageContaining("not held by runner dead");
    later.claimNext("dead-again").orElseThrow();
    BuildStore muchLater = open(Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC));
    assertThat(muchLater.recoverAbandoned())
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(BuildStatus.FAILED));
  }

  @Test
  void rebuild_expiredLease_failsIt_andTheOldRunnerCannotWriteItsOutcome() throws Exception {
    BuildStore runner = open(Clock.fixed(T0, ZoneOffset.UTC));
    runner.rebuilds().add(queuedRebuild("rb1", "v1.0.0", T0));
    RebuildRecord claimed = runner.rebuilds().claimNext("r1").orElseThrow();
    assertThat(runner.rebuilds().recoverAbandoned()).as("lease still valid").isEmpty();
    BuildStore later = open(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
    assertThat(later.rebuilds().recoverAbandoned())
        .extracting(RebuildRecord::failure)
        .containsExactly(RebuildRecord.Failure.RUNNER_STOPPED);
    assertThat(runner.rebuilds().heartbeat("rb1", "r1")).isFalse();
    assertThat(
            runner
                .rebuilds()
                .finish(claimed.finished(List.of(), null, Map.of(), T0.plusSeconds(61))))
        .isFalse();
    assertThat(later.rebuilds().find("rb1").orElseThrow().status())
        .isEqualTo(RebuildRecord.Status.FAILED);
  }
}
