package dev.provenant.log;

import dev.provenant.core.note.NoteSigner;
import dev.provenant.log.store.LogStore;
import dev.provenant.log.store.file.FileLogStore;
import java.io.IOException;
import java.nio.file.Path;

/** Factories for {@link LogEngine}s. */
public final class LogEngines {
  /** Default largest batch a sequencer integrates at once. */
  public static final int DEFAULT_MAX_BATCH = 4096;

  private LogEngines() {}

  /**
   * A log over embedded files in {@code dir} (created if needed; crash recovery runs on open).
   *
   * @param origin checkpoint origin line, also the note key name of {@code signer}
   * @param signer signs one checkpoint per batch (see {@code dev.provenant.core.note.NoteSigners})
   * @throws LogException {@code STORAGE} if the directory is unusable or used by another process
   *     ({@code SIGNING} if {@code signer} cannot sign the first checkpoint)
   */
  public static LogEngine embedded(Path dir, String origin, NoteSigner signer) throws LogException {
    try {
      return open(FileLogStore.open(dir), origin, signer);
    } catch (IOException e) {
      throw new LogException(LogException.Reason.STORAGE, e.getMessage(), e);
    }
  }

  /**
   * A log over any {@link LogStore}; the engine takes ownership of the store.
   *
   * @throws LogException {@code STORAGE} if the store cannot be read ({@code SIGNING} if {@code
   *     signer} cannot sign the first checkpoint)
   */
  public static LogEngine open(LogStore store, String origin, NoteSigner signer)
      throws LogException {
    return new SequencedLogEngine(
        store, signer, origin, DEFAULT_MAX_BATCH, System::currentTimeMillis);
  }
}
