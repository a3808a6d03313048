package dev.provenant.log.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.log.AppendResult;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEngineContract;
import dev.provenant.log.LogEngines;
import dev.provenant.log.store.file.FileLogStore;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogStoreTest extends LogEngineContract {
  @TempDir Path dir;

  @Override
  protected LogStore freshStore() throws Exception {
    return FileLogStore.open(dir);
  }

  @Override
  protected LogStore reopenStore() throws Exception {
    return FileLogStore.open(dir);
  }

  /** End of the last complete record (magic, length, body, CRC) in a zero-padded journal. */
  static long logicalEnd(Path journal) throws Exception {
    byte[] b = Files.readAllBytes(journal);
    long off = 0;
    while (off + 8 <= b.length) {
      java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b, (int) off, 8);
      if (h.getInt() != 0x504c4f47) {
        break;
      }
      off += 8 + h.getInt() + 4;
    }
    return off;
  }

  @Test
  void open_secondProcessOnSameDirectory_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileLogStore.open(dir))
        .hasMessageContaining("in use");
  }

  @Test
  void recover_tornAndCorruptJournalTail_cutBackToLastCompleteRecord() throws Exception {
    for (int i = 0; i < 50; i++) {
      log.append(("t" + i).getBytes()).get();
    }
    byte[] root50 = log.latest().rootHash();
    log.close();
    log = null;
    Path journal = dir.resolve("journal.log");
    // The journal is preallocated with zeros: find the end of the last record.
    long good = logicalEnd(journal);
    // A torn record right after it: the header claims more bytes than were written.
    try (FileChannel c = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      c.write(
          java.nio.ByteBuffer.wrap(new byte[] {0x50, 0x4c, 0x4f, 0x47, 0, 0, 1, 0, 1, 2, 3}), good);
    }
    // Derived files pretend to be ahead (written but never flushed before a crash).
    Files.writeString(dir.resolve("derived.state"), "0 0 0\n");
    LogEngine reopened = LogEngines.open(FileLogStore.open(dir), ORIGIN, signer());
    try {
      assertThat(reopened.latest().size()).isEqualTo(50);
      assertThat(reopened.latest().rootHash()).isEqualTo(root50);
      assertThat(Files.size(journal)).isEqualTo(good);
      AppendResult r = reopened.append("after".getBytes()).get();
      assertThat(r.index()).isEqualTo(50);
    } finally {
      reopened.close();
    }
    // A flipped byte inside the last record: CRC fails, that record is dropped.
    long end = logicalEnd(journal);
    try (FileChannel c = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      c.write(java.nio.ByteBuffer.wrap(new byte[] {'X'}), end - 6);
    }
    Files.writeString(dir.resolve("derived.state"), "0 0 0\n");
    LogEngine again = LogEngines.open(FileLogStore.open(dir), ORIGIN, signer());
    try {
      assertThat(again.latest().size()).isEqualTo(50);
      assertThat(again.latest().rootHash()).isEqualTo(root50);
    } finally {
      again.close();
    }
  }
}
