package dev.provenant.ca.ct;

import dev.provenant.ca.cert.Signer;
import dev.provenant.core.note.KeyHints;
import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteSigner;
import dev.provenant.core.note.NoteSigners;
import dev.provenant.log.AppendResult;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEngines;
import dev.provenant.log.LogException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CT log's Merkle core: Provenant's transparency-log engine ({@code dev.provenant.log}) over
 * embedded files, holding RFC 6962 {@code MerkleTreeLeaf} structures. The engine batches concurrent
 * appends into one fsync, so issuance throughput does not pay one disk flush per certificate. Its
 * checkpoints are signed with the CT log key.
 */
public final class EngineLeafStore implements LeafStore, AutoCloseable {
  private final LogEngine engine;

  private EngineLeafStore(LogEngine engine) {
    this.engine = engine;
  }

  /**
   * Opens (or creates) the CT log in {@code dir}.
   *
   * @param origin the checkpoint origin, e.g. {@code provenant.local/ct}
   * @param ctKey the CT log key (ECDSA P-256), which also signs the checkpoints
   * @throws IOException if the engine cannot open its storage
   */
  public static EngineLeafStore open(Path dir, String origin, Signer ctKey) throws IOException {
    NoteSigner ns =
        NoteSigners.of(
            origin,
            KeyHints.pkix(ctKey.publicKey().getEncoded()),
            text -> signCheckpoint(ctKey, text));
    try {
      return new EngineLeafStore(LogEngines.embedded(dir, origin, ns));
    } catch (LogException e) {
      throw new IOException("cannot open the CT log in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] signCheckpoint(Signer ctKey, byte[] text) throws NoteException {
    try {
      return ctKey.sign(text);
    } catch (GeneralSecurityException e) {
      throw new NoteException(
          NoteException.Reason.KEY_INVALID, "CT key failed to sign the checkpoint", e);
    }
  }

  /** The engine, for proofs and tree heads. */
  public LogEngine engine() {
    return engine;
  }

  @Override
  public long append(byte[] leaf) throws IOException {
    try {
      AppendResult r = engine.append(leaf).get(30, TimeUnit.SECONDS);
      return r.index();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the CT log integrated the leaf", e);
    } catch (ExecutionException e) {
      throw new IOException("CT log append failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("CT log did not integrate the leaf within 30 s", e);
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
