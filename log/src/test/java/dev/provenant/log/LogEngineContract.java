package dev.provenant.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.core.merkle.ConsistencyProofs;
import dev.provenant.core.merkle.InclusionProofs;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.core.note.Checkpoint;
import dev.provenant.core.note.NoteSigner;
import dev.provenant.core.note.NoteSigners;
import dev.provenant.core.note.NoteVerifier;
import dev.provenant.core.note.NoteVerifiers;
import dev.provenant.log.store.LogStore;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behavioural suite every storage backend must pass: subclasses say how to open a fresh store
 * and how to reopen the same one.
 */
public abstract class LogEngineContract {
  protected static final String ORIGIN = "log.test.example";
  private static KeyPair key;
  protected LogEngine log;

  /** A store over fresh, empty storage. */
  protected abstract LogStore freshStore() throws Exception;

  /** A store over the same storage as the last {@link #freshStore()} (after the engine closed). */
  protected abstract LogStore reopenStore() throws Exception;

  protected static synchronized KeyPair key() throws Exception {
    if (key == null) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      key = g.generateKeyPair();
    }
    return key;
  }

  protected static NoteSigner signer() throws Exception {
    return NoteSigners.ecdsa(ORIGIN, key().getPrivate(), key().getPublic());
  }

  protected static NoteVerifier verifier() throws Exception {
    return NoteVerifiers.ecdsa(ORIGIN, key().getPublic());
  }

  @BeforeEach
  void openLog() throws Exception {
    log = LogEngines.open(freshStore(), ORIGIN, signer());
  }

  @AfterEach
  void closeLog() {
    if (log != null) {
      log.close();
    }
  }

  private void reopen() throws Exception {
    log.close();
    log = LogEngines.open(reopenStore(), ORIGIN, signer());
  }

  static byte[] leaf(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void append_emptyLog_signedCheckpointOfEmptyTree() throws Exception {
    TreeHead h = log.latest();
    assertThat(h.size()).isZero();
    assertThat(h.rootHash()).isEqualTo(Rfc6962.emptyRoot());
    Checkpoint cp = Checkpoint.openSigned(h.signedCheckpoint(), List.of(verifier()), ORIGIN);
    assertThat(cp.size()).isZero();
  }

  @Test
  void append_oneLeaf_indexZeroProofAndCheckpointVerify() throws Exception {
    AppendResult r = log.append(leaf("hello")).get();
    assertThat(r.index()).isZero();
    assertThat(r.duplicate()).isFalse();
    assertThat(r.leafHash()).isEqualTo(Rfc6962.leafHash(leaf("hello")));
    Checkpoint cp = Checkpoint.openSigned(r.head().signedCheckpoint(), List.of(verifier()), ORIGIN);
    assertThat(cp.size()).isEqualTo(1);
    assertThat(cp.rootHash()).isEqualTo(r.leafHash());
    assertThat(log.entry(0).data()).isEqualTo(leaf("hello"));
    assertThat(log.entry(0).integratedTime()).isEqualTo(r.integratedTime());
  }

  @Test
  void append_concurrentClients_denseUniqueIndicesAndAllProofsVerify() throws Exception {
    int n = 1500;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<AppendResult>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      fs.add(pool.submit(() -> log.append(leaf("entry-" + k), List.of("k:" + (k % 7))).get()));
    }
    Set<Long> seen = new HashSet<>();
    List<AppendResult> results = new ArrayList<>();
    for (Future<AppendResult> f : fs) {
      AppendResult r = f.get();
      assertThat(seen.add(r.index())).as("index %d twice", r.index()).isTrue();
      results.add(r);
    }
    pool.shutdown();
    assertThat(seen).hasSize(n);
    assertThat(seen.stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(n - 1);
    TreeHead last = log.latest();
    assertThat(last.size()).isEqualTo(n);
    Set<Long> heads = new HashSet<>();
    for (AppendResult r : results) {
      // Inclusion in the batch head that acknowledged it, and in the final head.
      TreeHead h = r.head();
      InclusionProofs.verify(
          r.index(),
          h.size(),
          r.leafHash(),
          log.inclusionProof(r.index(), h.size()),
          Checkpoint.openSigned(h.signedCheckpoint(), List.of(verifier()), ORIGIN).rootHash());
      InclusionProofs.verify(
          r.index(),
          last.size(),
          r.leafHash(),
          log.inclusionProof(r.index(), last.size()),
          last.rootHash());
      if (heads.add(h.size())) {
        ConsistencyProofs.verify(
            h.size(),
            last.size(),
            h.rootHash(),
            last.rootHash(),
            log.consistencyProof(h.size(), last.size()));
      }
    }
    // Group commit: fewer checkpoints than entries.
    assertThat(heads.size()).isLessThan(n);
    assertThat(log.search("k:3", 1000))
        .hasSize((int) java.util.stream.IntStream.range(0, n).filter(i -> i % 7 == 3).count());
  }

  @Test
  void append_sameLeafTwice_returnsExistingIndex() throws Exception {
    AppendResult a = log.append(leaf("a")).get();
    log.append(leaf("b")).get();
    AppendResult again = log.append(leaf("a")).get();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.index()).isEqualTo(a.index());
    assertThat(again.integratedTime()).isEqualTo(a.integratedTime());
    assertThat(log.latest().size()).isEqualTo(2);
    // Two identical leaves in one batch.
    CompletableFuture<AppendResult> x = log.append(leaf("c"));
    CompletableFuture<AppendResult> y = log.append(leaf("c"));
    assertThat(x.get().index()).isEqualTo(y.get().index());
    assertThat(log.latest().size()).isEqualTo(3);
    assertThat(log.indexOf(Rfc6962.leafHash(leaf("c")))).hasValue(2);
    assertThat(log.indexOf(Rfc6962.leafHash(leaf("zzz")))).isEmpty();
  }

  @Test
  void reopen_afterAppends_sameTreeEntriesAndDedup() throws Exception {
    for (int i = 0; i < 300; i++) {
      log.append(leaf("r" + i), List.of("key" + (i % 3))).get();
    }
    TreeHead before = log.latest();
    reopen();
    TreeHead after = log.latest();
    assertThat(after.size()).isEqualTo(before.size());
    assertThat(after.rootHash()).isEqualTo(before.rootHash());
    assertThat(log.entry(123).data()).isEqualTo(leaf("r123"));
    assertThat(log.append(leaf("r7")).get().index()).isEqualTo(7);
    assertThat(log.search("key1", 1000)).hasSize(100);
    AppendResult more = log.append(leaf("new")).get();
    assertThat(more.index()).isEqualTo(300);
    ConsistencyProofs.verify(
        before.size(),
        301,
        before.rootHash(),
        log.latest().rootHash(),
        log.consistencyProof(before.size(), 301));
  }

  @Test
  void proofs_outOfRange_rejected() throws Exception {
    for (int i = 0; i < 5; i++) {
      log.append(leaf("p" + i)).get();
    }
    for (long[] c : new long[][] {{5, 5}, {-1, 5}, {0, 6}, {0, 0}, {3, 2}, {Long.MAX_VALUE, 5}}) {
      LogException e =
          catchThrowableOfType(LogException.class, () -> log.inclusionProof(c[0], c[1]));
      assertThat(e).as("%d/%d", c[0], c[1]).isNotNull();
      assertThat(e.reason()).isEqualTo(LogException.Reason.OUT_OF_RANGE);
    }
    for (long[] c : new long[][] {{3, 2}, {-1, 4}, {2, 6}, {0, Long.MAX_VALUE}}) {
      LogException e =
          catchThrowableOfType(LogException.class, () -> log.consistencyProof(c[0], c[1]));
      assertThat(e.reason()).isEqualTo(LogException.Reason.OUT_OF_RANGE);
    }
    assertThat(catchThrowableOfType(LogException.class, () -> log.entry(5)).reason())
        .isEqualTo(LogException.Reason.OUT_OF_RANGE);
    assertThat(log.consistencyProof(0, 5)).isEmpty();
    assertThat(log.consistencyProof(5, 5)).isEmpty();
    assertThat(log.rootHash(0)).isEqualTo(Rfc6962.emptyRoot());
  }

  @Test
  void append_oversizeLeaf_rejectedAndNothingWritten() throws Exception {
    java.util.concurrent.ExecutionException e =
        catchThrowableOfType(
            java.util.concurrent.ExecutionException.class,
            () -> log.append(new byte[LogEngine.MAX_LEAF_BYTES + 1]).get());
    assertThat(((LogException) e.getCause()).reason()).isEqualTo(LogException.Reason.TOO_LARGE);
    assertThat(log.latest().size()).isZero();
  }
}
