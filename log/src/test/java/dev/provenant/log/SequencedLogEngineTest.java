package dev.provenant.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteSigner;
import dev.provenant.core.note.NoteSigners;
import dev.provenant.core.testing.PgTestEnv;
import dev.provenant.log.store.LogStore;
import dev.provenant.log.store.pg.PostgresLogStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure paths of the sequencer: a failing signer, and promotion of a busy follower. */
class SequencedLogEngineTest {
  private static final String ORIGIN = "log.test.example";
  private static final String LOG_ID =
      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @TempDir Path dir;

  private static NoteSigner realSigner() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair k = g.generateKeyPair();
    return NoteSigners.ecdsa(ORIGIN, k.getPrivate(), k.getPublic());
  }

  /** Signs the first {@code good} notes, then fails as a lost HSM or revoked key would. */
  private static NoteSigner failingAfter(int good) throws Exception {
    NoteSigner real = realSigner();
    AtomicInteger left = new AtomicInteger(good);
    return new NoteSigner() {
      @Override
      public String name() {
        return real.name();
      }

      @Override
      public byte[] keyHint() {
        return real.keyHint();
      }

      @Override
      public byte[] sign(byte[] text) throws NoteException {
        if (left.getAndDecrement() <= 0) {
          throw new NoteException(NoteException.Reason.KEY_INVALID, "signing key unavailable");
        }
        return real.sign(text);
      }
    };
  }

  @Test
  void open_signerFails_reasonIsSigningNotStorage() throws Exception {
    LogException e =
        catchThrowableOfType(
            LogException.class, () -> LogEngines.embedded(dir, ORIGIN, failingAfter(0)));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(LogException.Reason.SIGNING);
    assertThat(e.getCause()).isInstanceOf(NoteException.class);
  }

  @Test
  void append_signerFailsAfterOpen_futureFailsWithSigning() throws Exception {
    try (LogEngine log = LogEngines.embedded(dir, ORIGIN, failingAfter(1))) {
      ExecutionException e =
          catchThrowableOfType(
              ExecutionException.class,
              () -> log.append("leaf".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS));
      assertThat(e).isNotNull();
      assertThat(e.getCause()).isInstanceOf(LogException.class);
      assertThat(((LogException) e.getCause()).reason()).isEqualTo(LogException.Reason.SIGNING);
      // Nothing was written under an unsigned head.
      assertThat(log.latest().size()).isZero();
    }
  }

  @Test
  void promotion_moreForwardedAppendsThanQueueCapacity_everyAppendCompletes() throws Exception {
    PgTestEnv pg = PgTestEnv.require();
    String db = pg.freshDatabase("promote");
    NoteSigner signer = realSigner();
    // Another replica holds the sequencer role but never integrates: appends to the follower are
    // forwarded and wait.
    LogStore holder = PostgresLogStore.open(db, pg.user(), pg.password(), LOG_ID);
    assertThat(holder.tryAcquireSequencer()).isTrue();
    int forwardedCount = 3;
    // A queue of one slot: on promotion the forwarded appends outnumber it.
    try (holder;
        SequencedLogEngine follower =
            new SequencedLogEngine(
                PostgresLogStore.open(db, pg.user(), pg.password(), LOG_ID),
                signer,
                ORIGIN,
                LogEngines.DEFAULT_MAX_BATCH,
                System::currentTimeMillis,
                1)) {
      assertThat(follower.isLeader()).isFalse();
      List<CompletableFuture<AppendResult>> fs = new ArrayList<>();
      for (int i = 0; i < forwardedCount; i++) {
        fs.add(follower.append(("forwarded-" + i).getBytes(StandardCharsets.UTF_8)));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (holder.pollPending(10).size() < forwardedCount) {
        assertThat(System.nanoTime()).as("follower forwards its appends").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(fs).noneMatch(CompletableFuture::isDone);

      holder.close(); // the sequencer goes away; the follower takes over

      Set<Long> indices = new HashSet<>();
      for (CompletableFuture<AppendResult> f : fs) {
        AppendResult r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.duplicate()).isFalse();
        indices.add(r.index());
      }
      assertThat(indices).containsExactlyInAnyOrder(0L, 1L, 2L);
      assertThat(follower.isLeader()).isTrue();
      assertThat(follower.latest().size()).isEqualTo(forwardedCount);
    }
  }
}
