package dev.provenant.verify.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.digest.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up overlap helpers change no result: a prefetched artifact digest is the digest read
 * directly, a read error is the same error, and the crypto warm-up really runs the ECDSA path (its
 * fixed signatures verify, so the work it does is the work verification needs).
 */
class StartupOverlapTest {
  @TempDir Path tmp;

  @Test
  void prefetchSha256_file_givesTheDirectDigest() throws IOException {
    byte[] content = new byte[3 * (1 << 16) + 17];
    new Random(7).nextBytes(content);
    Path f = tmp.resolve("artifact.bin");
    Files.write(f, content);
    ArtifactInput in = ArtifactInput.ofFile(f).prefetchSha256();
    assertThat(in.fileSha256()).isEqualTo(Sha256.hash(content));
    assertThat(in.fileSha256()).isEqualTo(ArtifactInput.ofFile(f).fileSha256());
  }

  @Test
  void prefetchSha256_missingFile_throwsTheDirectReadError() {
    Path f = tmp.resolve("absent.bin");
    assertThatThrownBy(() -> ArtifactInput.ofFile(f).prefetchSha256().fileSha256())
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(f.toString());
    assertThatThrownBy(() -> ArtifactInput.ofFile(f).fileSha256())
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(f.toString());
  }

  @Test
  void prefetchSha256_digestInput_hasNoEffect() {
    ArtifactInput in = ArtifactInput.ofSha256("sha256:" + "ab".repeat(32));
    assertThat(in.prefetchSha256()).isSameAs(in);
    assertThat(in.bytes()).hasSize(32);
  }

  @Test
  void warmUp_fixedSignatures_verify() {
    assertThat(CryptoWarmUp.run()).isTrue();
  }
}
