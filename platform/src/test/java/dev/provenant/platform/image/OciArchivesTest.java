package dev.provenant.platform.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.core.testing.Corpus;
import dev.provenant.platform.image.ImageReleaseException.Reason;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image archives written by GNU tar (the layout of testdata/platform/mkimage.sh) and by hand. */
class OciArchivesTest {
  @TempDir Path work;

  @BeforeEach
  void layout() throws Exception {
    Files.writeString(work.resolve("VERSION"), "9.9.9\n");
    sh("sh", Corpus.repositoryRoot().resolve("testdata/platform/mkimage.sh").toString());
  }

  private void sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  private Map<String, Path> directory() throws Exception {
    Path layout = work.resolve("out/image");
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(layout)) {
      s.filter(Files::isRegularFile).forEach(f -> files.put(layout.relativize(f).toString(), f));
    }
    return files;
  }

  private Reason refusal(Path archive) {
    return catchThrowableOfType(
            ImageReleaseException.class,
            () -> OciArchives.unpack(archive, work.resolve("unpacked"), "out/image.tar"))
        .reason();
  }

  @Test
  void unpack_gnuTarOfALayout_readsAsTheSameImage() throws Exception {
    sh("tar", "-cf", "out/image.tar", "-C", "out/image", ".");

    Map<String, Path> files =
        OciArchives.unpack(work.resolve("out/image.tar"), work.resolve("unpacked"), "x");

    assertThat(files).containsKeys("oci-layout", "index.json");
    assertThat(OciLayoutReader.read(files, "out/image.tar").digest())
        .isEqualTo(OciLayoutReader.read(directory(), "out/image").digest());
    // Unpacked under numbered names only.
    files.values().forEach(p -> assertThat(p.getParent()).isEqualTo(work.resolve("unpacked")));
  }

  @Test
  void unpack_symbolicLinkEntry_isRefused() throws Exception {
    Files.createSymbolicLink(work.resolve("out/image/blobs/sha256/passwd"), Path.of("/etc/passwd"));
    sh("tar", "-cf", "out/image.tar", "-C", "out/image", ".");

    assertThat(refusal(work.resolve("out/image.tar"))).isEqualTo(Reason.ARCHIVE_REFUSED);
  }

  @Test
  void unpack_entryClimbingOut_isRefused() throws Exception {
    Path archive = work.resolve("evil.tar");
    byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
    try (OutputStream os = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
      TarArchiveEntry e = new TarArchiveEntry("../../index.json", true);
      e.setSize(b.length);
      tar.putArchiveEntry(e);
      tar.write(b);
      tar.closeArchiveEntry();
    }

    assertThat(refusal(archive)).isEqualTo(Reason.ARCHIVE_REFUSED);
    assertThat(work.getParent().resolve("index.json")).doesNotExist();
  }

  @Test
  void unpack_notATar_isRefused() throws Exception {
    Path junk = work.resolve("junk.tar");
    Files.writeString(junk, "this is not a tar archive, only some text ".repeat(40));

    assertThat(refusal(junk)).isEqualTo(Reason.ARCHIVE_REFUSED);
  }
}
