package dev.provenant.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
  @TempDir Path dir;

  @Test
  void auths_base64UserPassword_andHubKey() throws Exception {
    String auth =
        Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8));
    Path f = dir.resolve("config.json");
    Files.writeString(
        f,
        "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
            + auth
            + "\"},"
            + "\"http://127.0.0.1:5000\":{\"username\":\"bob\",\"password\":\"pw\"}}}");
    DockerConfig c = DockerConfig.load(f);
    assertThat(c.lookup("docker.io")).contains(Credentials.basic("alice", "s3cr:et"));
    assertThat(c.lookup("127.0.0.1:5000")).contains(Credentials.basic("bob", "pw"));
    assertThat(c.lookup("ghcr.io")).isEmpty();
  }

  @Test
  void missingFile_isEmpty_butMalformedFileIsAnError() throws Exception {
    assertThat(DockerConfig.load(dir.resolve("none.json")).lookup("x.io"))
        .isEqualTo(Optional.empty());
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{not json");
    assertThatThrownBy(() -> DockerConfig.load(f))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.CREDENTIALS));
  }

  @Test
  void credHelper_isRunWithTheServerOnStdin() throws Exception {
    Path helper = dir.resolve("docker-credential-test");
    Files.writeString(
        helper,
        "#!/bin/sh\nread server\nif [ \"$1\" = get ] && [ \"$server\" = reg.example:5000 ]; then\n"
            + "  echo '{\"ServerURL\":\"reg.example:5000\",\"Username\":\"carol\",\"Secret\":\"from-helper\"}'\n"
            + "else\n  echo 'credentials not found in native keychain'; exit 1\nfi\n");
    Files.setPosixFilePermissions(
        helper, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
    Path f = dir.resolve("config.json");
    Files.writeString(
        f, "{\"credHelpers\":{\"reg.example:5000\":\"test\",\"other.example\":\"test\"}}");
    DockerConfig c = DockerConfig.load(f, dir);
    assertThat(c.lookup("reg.example:5000")).contains(Credentials.basic("carol", "from-helper"));
    assertThat(c.lookup("other.example")).isEmpty();
  }
}
