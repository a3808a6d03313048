package dev.provenant.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutTest {
  @TempDir Path tmp;

  @Test
  void export_writesTreeWithExecBitsAndSymlinks_withoutGitDir() throws Exception {
    GitCli.requireTools();
    GitCli cli = new GitCli(tmp.resolve("home"));
    Files.createDirectories(cli.home);
    Path work = tmp.resolve("work");
    Files.createDirectories(work.resolve("src/sub"));
    Files.writeString(work.resolve("src/sub/a.txt"), "a\n");
    Files.writeString(work.resolve("build.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        work.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(work.resolve("link"), Path.of("src/sub/a.txt"));
    Files.createSymbolicLink(work.resolve("outside"), Path.of("/etc/passwd"));
    cli.run(work, "git", "init", "-q");
    cli.run(work, "git", "add", "-A");
    cli.run(work, "git", "commit", "-q", "-m", "c");
    String head = cli.run(work, "git", "rev-parse", "HEAD").strip();
    Path out = tmp.resolve("out");

    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(work.resolve(".git").toFile()).build()) {
      Checkout.export(repo, ObjectId.fromString(head), out);
      assertThatThrownBy(() -> Checkout.export(repo, ObjectId.fromString(head), out))
          .isInstanceOf(FileAlreadyExistsException.class);
    }

    assertThat(Files.readString(out.resolve("src/sub/a.txt"))).isEqualTo("a\n");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("build.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.resolve("src/sub/a.txt"))))
        .isEqualTo("rw-r--r--");
    assertThat(Files.isSymbolicLink(out.resolve("link"))).isTrue();
    assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("src/sub/a.txt"));
    assertThat(Files.readSymbolicLink(out.resolve("outside"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(Files.exists(out.resolve(".git"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
