package dev.provenant.core.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeyFilesTest {
  @TempDir Path dir;

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void write_newKey_ownerOnlyAndReadsBack() throws Exception {
    KeyPair kp = ec();
    Path f = dir.resolve("sub/log-key.pem");
    PrivateKeyFiles.write(f, kp.getPrivate(), false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(f, StandardCharsets.US_ASCII))
        .isEqualTo(Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()));
    assertThat(PrivateKeyFiles.read(f).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    assertThat(names()).containsExactly("sub");
  }

  @Test
  void write_existingFileWithoutReplace_throwsAndLeavesItUntouched() throws Exception {
    Path f = dir.resolve("root.key");
    Files.writeString(f, "original");
    assertThatThrownBy(() -> PrivateKeyFiles.write(f, ec().getPrivate(), false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(f)).isEqualTo("original");
    assertThat(names()).containsExactly("root.key"); // no temporary file left behind
  }

  @Test
  void writeSecret_replacingWorldReadableFile_resultIsOwnerOnly() throws Exception {
    Path f = dir.resolve("oidc-keys.json");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    PrivateKeyFiles.writeSecret(f, "new".getBytes(StandardCharsets.UTF_8), true);
    assertThat(Files.readString(f)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(names()).containsExactly("oidc-keys.json");
  }

  @Test
  void writeSecret_moveFails_noPartialOrTemporaryFile() throws Exception {
    // A non-empty directory under the target name: the final rename fails after the write.
    Path f = dir.resolve("tsa.key");
    Files.createDirectories(f.resolve("occupied"));
    assertThatThrownBy(
            () -> PrivateKeyFiles.writeSecret(f, "secret".getBytes(StandardCharsets.UTF_8), true))
        .isInstanceOf(IOException.class);
    assertThat(names()).containsExactly("tsa.key");
    assertThat(Files.isDirectory(f)).isTrue();
  }

  @Test
  void writeSecret_fileSystemRoot_isATypedErrorNotANullPointer() {
    // The root has no parent directory to write the temporary file in (NullAway found this).
    Path root = dir.getRoot();
    assertThatThrownBy(
            () ->
                PrivateKeyFiles.writeSecret(root, "secret".getBytes(StandardCharsets.UTF_8), true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a file path");
  }

  @Test
  void fromPem_notAPrivateKey_throws() {
    assertThatThrownBy(
            () -> PrivateKeyFiles.fromPem(Pem.encode("PUBLIC KEY", new byte[] {1, 2, 3})))
        .isInstanceOf(PemFormatException.class);
    assertThatThrownBy(
            () -> PrivateKeyFiles.fromPem(Pem.encode("PRIVATE KEY", new byte[] {1, 2, 3})))
        .isInstanceOf(java.security.GeneralSecurityException.class);
  }
}
