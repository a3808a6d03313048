package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.pem.Pem;
import dev.provenant.core.trustroot.TrustedRoot;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log} commands read a log's PEM public key through core's PEM reader. */
class LogCommandTrustTest {

  @Test
  void readLogRoot_pemPublicKey_namesTheLogByUrl(@TempDir Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    PublicKey key = g.generateKeyPair().getPublic();
    Path pem = dir.resolve("log.pem");
    Files.writeString(pem, Pem.encode("PUBLIC KEY", key.getEncoded()));

    TrustedRoot root = LogCommand.readLogRoot(pem, URI.create("http://127.0.0.1:3000"));

    assertThat(root.tlogs()).hasSize(1);
    assertThat(root.tlogs().get(0).publicKey())
        .hasValueSatisfying(k -> assertThat(k.getEncoded()).isEqualTo(key.getEncoded()));
  }

  @Test
  void readLogRoot_pemWithoutPublicKey_isRefused(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("cert.pem");
    Files.writeString(pem, Pem.encode("CERTIFICATE", new byte[] {0x30, 0x00}));

    assertThatThrownBy(() -> LogCommand.readLogRoot(pem, URI.create("http://127.0.0.1:3000")))
        .isInstanceOf(LogCommand.Verdict.class);
  }
}
