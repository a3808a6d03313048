package dev.provenant.cli.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.CapturedRun;
import dev.provenant.core.testing.Skip;
import dev.provenant.platform.client.PlatformClient;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.web.AdminCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Test helper: {@code provenant up} and {@code provenant runner} as real JVM processes (this test's
 * class path, {@code dev.provenant.cli.Main}), and a hosted sample project whose maintainer pushes
 * SSH-signed tags with the real git client.
 */
final class PlatformProcesses {
  private PlatformProcesses() {}

  /**
   * A verification command line ({@code command}, then the policy trusting {@code instance}'s
   * builder for {@code sourceUri} at {@code tag}, then {@code rest}).
   */
  static List<String> verifyCommand(
      List<String> command, Instance instance, String sourceUri, String tag, String... rest) {
    List<String> a = new ArrayList<>(command);
    a.addAll(
        List.of(
            "--source-uri",
            sourceUri,
            "--source-tag",
            tag,
            "--builder-id",
            instance.builderId(),
            "--trusted-root",
            instance.trustedRoot().toString(),
            "--builders",
            instance.builders().toString()));
    a.addAll(List.of(rest));
    return a;
  }

  /** Skips (fails in CI) without the tools a build needs, or when not root. */
  static void requireTools(Path tmp) throws Exception {
    for (String tool :
        List.of(
            "/usr/bin/bwrap",
            "/usr/bin/socat",
            "/usr/bin/git",
            "/usr/bin/ssh-keygen",
            "/usr/bin/setpriv")) {
      Skip.unless(Files.isExecutable(Path.of(tool)), tool + " (scripts/test.d installs it)");
    }
    Skip.unless(
        "0".equals(run(tmp, tmp, "id", "-u").trim()),
        "root (the runner mounts workspaces and cgroups)");
  }

  /** A {@code provenant} command in a JVM of its own; stdout and stderr go to {@code log}. */
  static Process provenant(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.provenant.cli.Main");
    cmd.addAll(List.of(args));
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Waits until {@code log} has a line containing {@code text} (after {@code from} bytes). */
  static void awaitLine(Process p, Path log, long from, String text, long timeoutMillis)
      throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(log)) {
        byte[] all = Files.readAllBytes(log);
        String since =
            new String(
                all,
                (int) Math.min(from, all.length),
                (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
        if (since.contains(text)) {
          return;
        }
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            "process exited " + p.exitValue() + " before '" + text + "': " + read(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + text + "' within " + timeoutMillis + " ms: " + read(log));
  }

  static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  static long size(Path f) throws IOException {
    return Files.exists(f) ? Files.size(f) : 0;
  }

  /** Sends SIGKILL and waits for the process to be gone. */
  static void kill9(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor();
  }

  /** Sends SIGTERM (a clean stop) and waits, then SIGKILL if it lingers. */
  static void stop(Process p) throws InterruptedException {
    if (p == null) {
      return;
    }
    p.destroy();
    if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  /** A finished in-process CLI run: its exit code, stdout and stderr. */
  record CliResult(int exit, String out, String err) {}

  /** Runs the CLI ({@code Main.run}) in this process, capturing stdout and stderr. */
  static CliResult cli(String... args) {
    CapturedRun r = CapturedRun.raw(args);
    return new CliResult(r.exit(), r.out(), r.err());
  }

  /** A finished command: its exit code and its output (stdout and stderr together). */
  record CommandResult(int exit, String out) {}

  /**
   * Runs {@code cmd} in {@code dir} with {@code home} as HOME and a maintainer's git identity (no
   * system git config, no prompts).
   */
  static CommandResult tryRun(Path home, Path dir, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_AUTHOR_NAME", "Alice Maintainer");
    env.put("GIT_AUTHOR_EMAIL", "alice@example.org");
    env.put("GIT_COMMITTER_NAME", "Alice Maintainer");
    env.put("GIT_COMMITTER_EMAIL", "alice@example.org");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new CommandResult(p.waitFor(), out);
  }

  /** {@link #tryRun}, failing with the command's output when it exits non-zero. */
  static String run(Path home, Path dir, String... cmd) throws IOException, InterruptedException {
    CommandResult r = tryRun(home, dir, cmd);
    if (r.exit() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.out());
    }
    return r.out();
  }

  /** A hosted project with one SSH maintainer key and a local clone to commit and tag in. */
  static final class Project {
    final String name;
    final Path home;
    final Path work;
    final Path key;
    final String pushUrl;
    final String sourceUri;
    final PlatformClient client;

    private Project(
        String name,
        Path home,
        Path work,
        Path key,
        String pushUrl,
        String sourceUri,
        PlatformClient client) {
      this.name = name;
      this.home = home;
      this.work = work;
      this.key = key;
      this.pushUrl = pushUrl;
      this.sourceUri = sourceUri;
      this.client = client;
    }

    /**
     * Creates project {@code name} on the instance of {@code instanceFile}; the clone under {@code
     * tmp}.
     */
    static Project create(Path tmp, Path instanceFile, String name) throws Exception {
      return create(tmp, instanceFile, name, null);
    }

    /**
     * As {@link #create(Path, Path, String)}, the platform pushing the project's images to {@code
     * imageRepository} ({@code REGISTRY/REPO}, or null).
     */
    static Project create(Path tmp, Path instanceFile, String name, String imageRepository)
        throws Exception {
      Instance instance = Instance.read(instanceFile);
      PlatformClient client =
          new PlatformClient(
              instance.web(), AdminCredential.read(instance.adminCredential()).token());
      Path key = tmp.resolve(name + "-maintainer");
      if (!Files.exists(key)) {
        sshKey(tmp, key);
      }
      JsonNode p =
          client.addProject(
              name,
              List.of(Files.readString(key.resolveSibling(key.getFileName() + ".pub"))),
              null,
              imageRepository);
      Path work = tmp.resolve(name);
      Files.createDirectories(work);
      run(tmp, work, "git", "init", "-q", "-b", "main");
      return new Project(
          name, tmp, work, key, p.path("pushUrl").asText(), p.path("sourceUri").asText(), client);
    }

    /**
     * Creates an ed25519 SSH key pair at {@code key} (and {@code key.pub}) under the maintainer's
     * name, with {@code home} as HOME.
     */
    static void sshKey(Path home, Path key) throws IOException, InterruptedException {
      run(
          home,
          home,
          "ssh-keygen",
          "-q",
          "-t",
          "ed25519",
          "-N",
          "",
          "-C",
          "alice@example.org",
          "-f",
          key.toString());
    }

    /** Writes {@code files} (path to content) into the clone, without committing them. */
    void write(Map<String, String> files) throws IOException {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path target = work.resolve(f.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, f.getValue());
      }
    }

    /**
     * Writes {@code files} (path to content), commits them, and tags the commit with a signed tag.
     */
    void commitAndTag(String tag, Map<String, String> files) throws Exception {
      write(files);
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", tag);
      signedTag(tag);
    }

    /**
     * Tags HEAD with an SSH-signed annotated tag by the maintainer's key; {@code extra} goes to
     * {@code git tag} before the message (e.g. {@code -f}).
     */
    void signedTag(String tag, String... extra) throws Exception {
      List<String> cmd =
          new ArrayList<>(
              List.of("-c", "gpg.format=ssh", "-c", "user.signingkey=" + key, "tag", "-s"));
      cmd.addAll(List.of(extra));
      cmd.addAll(List.of("-m", tag, tag));
      git(cmd.toArray(String[]::new));
    }

    void push(String... tags) throws Exception {
      List<String> cmd = new ArrayList<>(List.of("push", "-q", pushUrl, "main"));
      for (String t : tags) {
        cmd.add("refs/tags/" + t);
      }
      git(cmd.toArray(String[]::new));
    }

    String git(String... args) throws Exception {
      return run(home, work, gitCommand(args));
    }

    /** {@link #git}, returning a failing command's exit code and output instead of throwing. */
    CommandResult tryGit(String... args) throws Exception {
      return tryRun(home, work, gitCommand(args));
    }

    private static String[] gitCommand(String... args) {
      List<String> cmd = new ArrayList<>(List.of("git"));
      cmd.addAll(List.of(args));
      return cmd.toArray(String[]::new);
    }

    /**
     * The release answer of {@code tag} once {@code done} holds for it (or the deadline passes).
     */
    JsonNode await(String tag, Predicate<JsonNode> done, long timeoutMillis) throws Exception {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      JsonNode last = null;
      while (System.currentTimeMillis() < deadline) {
        try {
          last = client.release(name, tag);
          if (done.test(last)) {
            return last;
          }
        } catch (PlatformClient.PlatformException e) {
          if (e.status() != 404) {
            throw e;
          }
        } catch (IOException e) {
          // The instance is (re)starting.
        }
        Thread.sleep(100);
      }
      throw new AssertionError(
          "tag " + tag + " not done within " + timeoutMillis + " ms; last: " + last);
    }

    /** Waits for a final status: released, failed or refused. */
    JsonNode awaitFinal(String tag, long timeoutMillis) throws Exception {
      return await(
          tag,
          r -> List.of("released", "failed", "refused").contains(r.path("status").asText()),
          timeoutMillis);
    }
  }
}
