package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provenant digest}: crane-style {@code sha256:<hex>} lines, and typed failures. */
class DigestCliTest {
  @TempDir Path tmp;

  @Test
  void digest_oneFile_printsSha256OfItsBytes() throws IOException {
    Path f = tmp.resolve("abc.txt");
    Files.writeString(f, "abc", StandardCharsets.US_ASCII);
    BadInputCliTest.Result r = BadInputCliTest.run(List.of("digest", f.toString()));
    assertThat(r.exit()).isZero();
    // FIPS 180-2 test vector for "abc".
    assertThat(r.out().strip())
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void digest_twoFiles_namesEachLine() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Files.write(a, new byte[0]);
    Files.write(b, "abc".getBytes(StandardCharsets.US_ASCII));
    BadInputCliTest.Result r = BadInputCliTest.run(List.of("digest", a.toString(), b.toString()));
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  " + a,
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  " + b);
  }

  @Test
  void digest_missingFileOrDirectory_exit2WithFailedLine() {
    for (Path p : List.of(tmp.resolve("absent"), tmp)) {
      BadInputCliTest.Result r = BadInputCliTest.run(List.of("digest", p.toString()));
      assertThat(r.exit()).as(p.toString()).isEqualTo(ExitCode.USAGE.code());
      assertThat(r.err()).startsWith("FAILED: input:");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void digest_noFile_usageErrorFromPicocli() {
    BadInputCliTest.Result r = BadInputCliTest.run(List.of("digest"));
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).startsWith("FAILED: usage:");
  }
}
