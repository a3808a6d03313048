package dev.provenant.platform.source;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real git, gpg and ssh-keygen command-line tools in an isolated environment (its own HOME
 * and GNUPGHOME, no system config, no credential prompts), as a maintainer would.
 */
final class GitCli {
  final Path home;

  record Result(int exit, String out) {}

  GitCli(Path home) {
    this.home = home;
  }

  /**
   * Skips when a tool is missing on a developer machine; fails under CI=true
   * (scripts/test.d/15-git.sh installs them).
   */
  static void requireTools() {
    for (String tool : List.of("git", "gpg", "ssh-keygen")) {
      boolean found = false;
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (Files.isExecutable(Path.of(dir, tool))) {
          found = true;
        }
      }
      dev.provenant.core.testing.Skip.unless(
          found, tool + " is not installed (scripts/test.d/15-git.sh install provides it)");
    }
  }

  Result tryRun(Path dir, Map<String, String> extraEnv, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    String path = env.getOrDefault("PATH", "/usr/bin:/bin");
    env.clear();
    env.put("PATH", path);
    env.put("HOME", home.toString());
    env.put("LANG", "C");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GNUPGHOME", home.resolve("gnupg").toString());
    env.put("GIT_AUTHOR_NAME", "Alice Maintainer");
    env.put("GIT_AUTHOR_EMAIL", "alice@example.org");
    env.put("GIT_COMMITTER_NAME", "Alice Maintainer");
    env.put("GIT_COMMITTER_EMAIL", "alice@example.org");
    env.putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", cmd));
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  String run(Path dir, Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    Result r = tryRun(dir, env, cmd);
    if (r.exit() != 0) {
      fail(String.join(" ", cmd) + " exited " + r.exit() + ":\n" + r.out());
    }
    return r.out();
  }

  String run(Path dir, String... cmd) throws IOException, InterruptedException {
    return run(dir, Map.of(), cmd);
  }

  /** An OpenPGP key made by gpg in its own home; signs git tags through that home. */
  record GpgKey(Path gnupgHome, String fingerprint, String armoredPublicKey) {
    Map<String, String> env() {
      return Map.of("GNUPGHOME", gnupgHome.toString());
    }
  }

  GpgKey newGpgKey(Path gnupgHome, String uid, String algo)
      throws IOException, InterruptedException {
    Files.createDirectories(gnupgHome);
    Files.setPosixFilePermissions(
        gnupgHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = Map.of("GNUPGHOME", gnupgHome.toString());
    run(
        home,
        env,
        "gpg",
        "--batch",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--quick-gen-key",
        uid,
        algo,
        "sign",
        "never");
    String colons = run(home, env, "gpg", "--batch", "--with-colons", "--list-keys");
    String fpr = null;
    for (String line : colons.split("\n")) {
      if (line.startsWith("fpr:") && fpr == null) {
        fpr = line.split(":")[9];
      }
    }
    String armored = run(home, env, "gpg", "--batch", "--armor", "--export", fpr);
    return new GpgKey(gnupgHome, fpr, armored);
  }

  /** An ed25519 SSH key made by ssh-keygen. */
  record SshKey(Path privateKey, String publicKeyLine, String fingerprint) {}

  SshKey newSshKey(Path file, String comment) throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    run(home, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString());
    String pub = Files.readString(Path.of(file + ".pub"));
    // ssh-keygen -lf prints "256 SHA256:... comment (ED25519)": its own fingerprint, to compare
    // with ours.
    String fp = run(home, "ssh-keygen", "-lf", file + ".pub").split(" ")[1];
    return new SshKey(file, pub, fp);
  }

  /** Kills the gpg-agents started for these homes. */
  void killAgents(List<Path> gnupgHomes) {
    for (Path h : gnupgHomes) {
      try {
        tryRun(home, Map.of("GNUPGHOME", h.toString()), "gpgconf", "--kill", "gpg-agent");
      } catch (IOException | InterruptedException e) {
        // best effort: the agent exits on its own once its home is deleted
      }
    }
  }

  /** Deletes a directory tree made outside JUnit's @TempDir (short paths for gpg-agent sockets). */
  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a leftover temp directory is harmless
    }
  }

  static List<String> args(String... a) {
    return new ArrayList<>(List.of(a));
  }

  static Map<String, String> env(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new HashMap<>(a);
    m.putAll(b);
    return m;
  }
}
