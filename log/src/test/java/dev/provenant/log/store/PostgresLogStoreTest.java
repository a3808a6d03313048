package dev.provenant.log.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.merkle.ConsistencyProofs;
import dev.provenant.core.merkle.InclusionProofs;
import dev.provenant.core.testing.PgTestEnv;
import dev.provenant.log.AppendResult;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEngineContract;
import dev.provenant.log.LogEngines;
import dev.provenant.log.LogKey;
import dev.provenant.log.TreeHead;
import dev.provenant.log.store.pg.PostgresLogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same behavioural suite as the embedded store, on PostgreSQL, plus replicas. */
class PostgresLogStoreTest extends LogEngineContract {
  private static final String LOG_ID =
      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  private String db;

  @Override
  protected LogStore freshStore() throws Exception {
    PgTestEnv pg = PgTestEnv.require();
    db = pg.freshDatabase("contract");
    return PostgresLogStore.open(db, pg.user(), pg.password(), LOG_ID);
  }

  @Override
  protected LogStore reopenStore() throws Exception {
    PgTestEnv pg = PgTestEnv.require();
    return PostgresLogStore.open(db, pg.user(), pg.password(), LOG_ID);
  }

  @Test
  void replicas_followerForwardsAndTakesOverWhenSequencerStops() throws Exception {
    PgTestEnv pg = PgTestEnv.require();
    // 'log' (from the contract setup) holds the sequencer role; a second replica follows.
    LogEngine follower =
        LogEngines.open(
            PostgresLogStore.open(db, pg.user(), pg.password(), LOG_ID), ORIGIN, signer());
    try {
      List<CompletableFuture<AppendResult>> fs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        fs.add(follower.append(("via-follower-" + i).getBytes()));
        fs.add(log.append(("via-leader-" + i).getBytes()));
      }
      for (CompletableFuture<AppendResult> f : fs) {
        AppendResult r = f.get(30, TimeUnit.SECONDS);
        TreeHead h = r.head();
        InclusionProofs.verify(
            r.index(),
            h.size(),
            r.leafHash(),
            follower.inclusionProof(r.index(), h.size()),
            h.rootHash());
      }
      assertThat(log.latest().size()).isEqualTo(100);
      TreeHead before = log.latest();
      // The sequencer goes away; the follower takes the advisory lock and continues the tree.
      log.close();
      log = null;
      AppendResult after = follower.append("after-failover".getBytes()).get(30, TimeUnit.SECONDS);
      assertThat(after.index()).isEqualTo(100);
      TreeHead now = follower.latest();
      ConsistencyProofs.verify(
          before.size(),
          now.size(),
          before.rootHash(),
          now.rootHash(),
          follower.consistencyProof(before.size(), now.size()));
      // A database bound to another log key is refused.
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  PostgresLogStore.open(db, pg.user(), pg.password(), LogKey.generate().logIdHex()))
          .hasMessageContaining("holds the log");
    } finally {
      follower.close();
    }
  }
}
