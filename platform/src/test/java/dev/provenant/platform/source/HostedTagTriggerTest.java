package dev.provenant.platform.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over loopback: JGit serving smart HTTP in Jetty, the real git CLI pushing tags signed
 * by real gpg and ssh-keygen keys, the trigger rule deciding.
 */
class HostedTagTriggerTest {
  static final String BUILD_YAML = "steps:\n  - run: make dist\noutputs:\n  - dist/*.tar.gz\n";

  @TempDir static Path tmp;
  static GitCli cli;
  static Server server;
  static String base;
  static ProjectStore store;
  static TriggerJournal journal;
  static GitHosting hosting;
  static final Map<String, String> released = new ConcurrentHashMap<>();
  static final List<TriggerDecision.Accepted> accepted = new CopyOnWriteArrayList<>();
  static GitCli.SshKey aliceSsh;
  static GitCli.SshKey mallorySsh;
  static GitCli.GpgKey aliceGpg;
  static GitCli.GpgKey malloryGpg;
  static final AtomicInteger counter = new AtomicInteger();

  @BeforeAll
  static void startPlatform() throws Exception {
    GitCli.requireTools();
    // short paths: gpg-agent's socket path must fit in sun_path
    Path home = Files.createTempDirectory("pvh");
    cli = new GitCli(home);
    Path data = tmp.resolve("data");
    store = ProjectStore.open(data);
    journal = new TriggerJournal(data);
    ReleasedTags releasedTags =
        (project, tag) -> Optional.ofNullable(released.get(project + "/" + tag));
    TriggerDispatcher dispatcher =
        new TriggerDispatcher(new TagTrigger(releasedTags), journal, accepted::add);
    hosting = new GitHosting(data, store, releasedTags, dispatcher);
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(hosting.handler());
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();

    aliceSsh = cli.newSshKey(home.resolve("ssh/alice"), "alice@example.org");
    mallorySsh = cli.newSshKey(home.resolve("ssh/mallory"), "alice@example.org");
    aliceGpg = cli.newGpgKey(home.resolve("ga"), "Alice Maintainer <alice@example.org>", "ed25519");
    // Mallory claims Alice's name and address; only the key decides.
    malloryGpg =
        cli.newGpgKey(home.resolve("gm"), "Alice Maintainer <alice@example.org>", "rsa3072");
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (cli != null && aliceGpg != null) {
      cli.killAgents(List.of(aliceGpg.gnupgHome(), malloryGpg.gnupgHome()));
    }
    if (cli != null) {
      GitCli.deleteTree(cli.home);
    }
  }

  /** A hosted project with Alice's SSH and OpenPGP keys, and a local clone with one commit. */
  record Fixture(String name, String token, Path work) {
    String url() {
      return base + "/git/" + name;
    }

    String pushUrl(String secret) {
      return base.replace("http://", "http://maintainer:" + secret + "@") + "/git/" + name;
    }
  }

  static Fixture newProject(String buildYaml) throws Exception {
    String name = "p" + counter.incrementAndGet();
    ProjectStore.Created created = store.create(name, null);
    store.addMaintainer(name, KeyKind.SSH, aliceSsh.publicKeyLine());
    store.addMaintainer(name, KeyKind.OPENPGP, aliceGpg.armoredPublicKey());
    Path work = tmp.resolve("work-" + name);
    Files.createDirectories(work);
    cli.run(work, "git", "init", "-q", "-b", "main");
    Files.writeString(work.resolve("README"), "hello\n");
    if (buildYaml != null) {
      Files.createDirectories(work.resolve(".provenant"));
      Files.writeString(work.resolve(".provenant/build.yaml"), buildYaml);
    }
    cli.run(work, "git", "add", "-A");
    cli.run(work, "git", "commit", "-q", "-m", "initial");
    Fixture f = new Fixture(name, created.pushToken(), work);
    cli.run(work, "git", "remote", "add", "origin", f.pushUrl(f.token()));
    cli.run(work, "git", "push", "-q", "origin", "main");
    return f;
  }

  static void sshTag(Fixture f, GitCli.SshKey key, String tag) throws Exception {
    cli.run(
        f.work(),
        "git",
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + key.privateKey(),
        "tag",
        "-s",
        "-m",
        "release " + tag,
        tag);
  }

  static void gpgTag(Fixture f, GitCli.GpgKey key, String tag) throws Exception {
    cli.run(
        f.work(),
        key.env(),
        "git",
        "-c",
        "user.signingkey=" + key.fingerprint(),
        "tag",
        "-s",
        "-m",
        "release " + tag,
        tag);
  }

  static GitCli.Result push(Fixture f, String... refs) throws Exception {
    String[] cmd = new String[3 + refs.length];
    cmd[0] = "git";
    cmd[1] = "push";
    cmd[2] = "origin";
    System.arraycopy(refs, 0, cmd, 3, refs.length);
    return cli.tryRun(f.work(), Map.of(), cmd);
  }

  static TriggerJournal.Entry lastDecision(Fixture f, String tag) throws Exception {
    List<TriggerJournal.Entry> entries =
        journal.decisions(f.name()).stream().filter(e -> e.tag().equals(tag)).toList();
    assertThat(entries).as("decisions for %s %s", f.name(), tag).isNotEmpty();
    return entries.get(entries.size() - 1);
  }

  static TriggerDecision.Accepted acceptedFor(Fixture f, String tag) {
    return accepted.stream()
        .filter(a -> a.project().equals(f.name()) && a.tag().equals(tag))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no accepted trigger for " + f.name() + " " + tag));
  }

  static String serverRef(Fixture f, String ref) throws Exception {
    try (Repository repo = hosting.openRepository(store.get(f.name()))) {
      Ref r = repo.exactRef(ref);
      return r == null ? null : r.getObjectId().name();
    }
  }

  static String rev(Fixture f, String spec) throws Exception {
    return cli.run(f.work(), "git", "rev-parse", spec).strip();
  }

  @Test
  void sshSignedSemverTag_isAccepted_withVerifiedKeyFingerprint() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    sshTag(f, aliceSsh, "v1.0.0");
    GitCli.Result r = push(f, "v1.0.0");

    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("provenant: release v1.0.0 accepted");
    TriggerDecision.Accepted a = acceptedFor(f, "v1.0.0");
    assertThat(a.keyKind()).isEqualTo(KeyKind.SSH);
    assertThat(a.signerFingerprint()).isEqualTo(aliceSsh.fingerprint());
    assertThat(a.commitSha()).isEqualTo(rev(f, "v1.0.0^{commit}"));
    assertThat(a.tagObjectSha()).isEqualTo(rev(f, "v1.0.0"));
    assertThat(a.projectId()).isEqualTo(store.get(f.name()).id());
    assertThat(a.buildDefinition().path()).isEqualTo(".provenant/build.yaml");
    assertThat(a.buildDefinition().sha256())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(BUILD_YAML.getBytes(StandardCharsets.UTF_8))));
    assertThat(a.buildDefinition().steps()).containsExactly(new BuildDefinition.Step("make dist"));
    assertThat(lastDecision(f, "v1.0.0").kind()).isEqualTo("accepted");
  }

  @Test
  void openPgpSignedSemverTag_isAccepted_withPrimaryKeyFingerprint() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    gpgTag(f, aliceGpg, "v0.1.0-rc.1");
    GitCli.Result r = push(f, "v0.1.0-rc.1");

    assertThat(r.exit()).as(r.out()).isZero();
    TriggerDecision.Accepted a = acceptedFor(f, "v0.1.0-rc.1");
    assertThat(a.keyKind()).isEqualTo(KeyKind.OPENPGP);
    assertThat(a.signerFingerprint()).isEqualTo(aliceGpg.fingerprint());
    assertThat(a.commitSha()).isEqualTo(rev(f, "v0.1.0-rc.1^{commit}"));
  }

  @Test
  void unsignedAnnotatedTag_isRefused_unsigned() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    cli.run(f.work(), "git", "tag", "-a", "-m", "release", "v1.0.0");
    GitCli.Result r = push(f, "v1.0.0");

    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(lastDecision(f, "v1.0.0").reason()).isEqualTo("UNSIGNED");
    assertThat(r.out()).contains("refused v1.0.0: UNSIGNED");
    assertThat(accepted).noneMatch(a -> a.project().equals(f.name()));
  }

  @Test
  void lightweightTag_isRefused_lightweight() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    cli.run(f.work(), "git", "tag", "v1.0.0");
    push(f, "v1.0.0");

    assertThat(lastDecision(f, "v1.0.0").reason()).isEqualTo("LIGHTWEIGHT_TAG");
    assertThat(accepted).noneMatch(a -> a.project().equals(f.name()));
  }

  @Test
  void tagSignedByUnlistedKeysClaimingMaintainersName_isRefused_unknownKey() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    gpgTag(f, malloryGpg, "v1.0.0");
    sshTag(f, mallorySsh, "v1.0.1");
    push(f, "v1.0.0", "v1.0.1");

    assertThat(lastDecision(f, "v1.0.0").reason()).isEqualTo("UNKNOWN_KEY");
    assertThat(lastDecision(f, "v1.0.1").reason()).isEqualTo("UNKNOWN_KEY");
    assertThat(lastDecision(f, "v1.0.1").detail()).contains(mallorySsh.fingerprint());
    assertThat(accepted).noneMatch(a -> a.project().equals(f.name()));
  }

  @Test
  void tamperedSignedTags_areRefused_badSignature() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    sshTag(f, aliceSsh, "v1.0.0");
    gpgTag(f, aliceGpg, "v1.0.1");
    for (String tag : List.of("v1.0.0", "v1.0.1")) {
      // Same signature block, different message: what a man in the middle would push.
      String raw = cli.run(f.work(), "git", "cat-file", "tag", tag);
      String forged = raw.replace("release " + tag, "forged " + tag);
      Path file = f.work().resolve(".git/forged");
      Files.writeString(file, forged);
      String id =
          cli.run(f.work(), "git", "hash-object", "-t", "tag", "-w", file.toString()).strip();
      cli.run(f.work(), "git", "update-ref", "refs/tags/" + tag, id);
    }
    push(f, "v1.0.0", "v1.0.1");

    assertThat(lastDecision(f, "v1.0.0").reason()).isEqualTo("BAD_SIGNATURE");
    assertThat(lastDecision(f, "v1.0.1").reason()).isEqualTo("BAD_SIGNATURE");
    assertThat(accepted).noneMatch(a -> a.project().equals(f.name()));
  }

  @Test
  void signedTagReplayedUnderAnotherName_isRefused_tagNameMismatch() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    sshTag(f, aliceSsh, "v1.0.0");
    cli.run(f.work(), "git", "update-ref", "refs/tags/v9.0.0", rev(f, "v1.0.0"));
    push(f, "v9.0.0");

    assertThat(lastDecision(f, "v9.0.0").reason()).isEqualTo("TAG_NAME_MISMATCH");
  }

  @Test
  void nonSemverNames_areRefused_notSemver() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    for (String tag : List.of("v1.0", "1.0.0", "v01.0.0", "v1.0.0+build.5", "release-1")) {
      sshTag(f, aliceSsh, tag);
    }
    push(f, "--tags");

    for (String tag : List.of("v1.0", "1.0.0", "v01.0.0", "v1.0.0+build.5", "release-1")) {
      assertThat(lastDecision(f, tag).reason()).as(tag).isEqualTo("NOT_SEMVER");
    }
    assertThat(accepted).noneMatch(a -> a.project().equals(f.name()));
  }

  @Test
  void releasedTag_movedOrDeleted_pushIsRefused() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    sshTag(f, aliceSsh, "v1.0.0");
    assertThat(push(f, "v1.0.0").exit()).isZero();
    TriggerDecision.Accepted a = acceptedFor(f, "v1.0.0");
    released.put(f.name() + "/v1.0.0", a.tagObjectSha());

    Files.writeString(f.work().resolve("README"), "changed\n");
    cli.run(f.work(), "git", "commit", "-q", "-am", "change");
    cli.run(
        f.work(),
        "git",
        "-c",
        "gpg.format=ssh",
        "-c",
        "user.signingkey=" + aliceSsh.privateKey(),
        "tag",
        "-f",
        "-s",
        "-m",
        "moved",
        "v1.0.0");
    GitCli.Result moved = push(f, "-f", "v1.0.0");
    GitCli.Result deleted = push(f, ":refs/tags/v1.0.0");

    assertThat(moved.exit()).as(moved.out()).isNotZero();
    assertThat(moved.out()).contains("released tags are immutable");
    assertThat(deleted.exit()).as(deleted.out()).isNotZero();
    assertThat(serverRef(f, "refs/tags/v1.0.0")).isEqualTo(a.tagObjectSha());
    assertThat(lastDecision(f, "v1.0.0").reason()).isEqualTo("TAG_MOVED");
    assertThat(accepted.stream().filter(x -> x.project().equals(f.name()))).hasSize(1);
  }

  @Test
  void pushWithoutOrWithWrongCredential_isRefused_fetchIsAnonymous() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    sshTag(f, aliceSsh, "v1.0.0");
    cli.run(f.work(), "git", "remote", "set-url", "origin", f.url());
    GitCli.Result none = push(f, "v1.0.0");
    cli.run(f.work(), "git", "remote", "set-url", "origin", f.pushUrl("pvt_wrong"));
    GitCli.Result wrong = push(f, "v1.0.0");
    String rotatedAway = f.token();
    store.rotatePushCredential(f.name());
    cli.run(f.work(), "git", "remote", "set-url", "origin", f.pushUrl(rotatedAway));
    GitCli.Result old = push(f, "v1.0.0");

    assertThat(none.exit()).as(none.out()).isNotZero();
    assertThat(wrong.exit()).as(wrong.out()).isNotZero();
    assertThat(old.exit()).as(old.out()).isNotZero();
    assertThat(serverRef(f, "refs/tags/v1.0.0")).isNull();
    assertThat(journal.decisions(f.name())).isEmpty();
    Path clone = tmp.resolve("clone-" + f.name());
    cli.run(tmp, "git", "clone", "-q", f.url(), clone.toString());
    assertThat(Files.readString(clone.resolve("README"))).isEqualTo("hello\n");
  }

  @Test
  void missingBuildDefinition_isRefused_noBuildDefinition() throws Exception {
    Fixture f = newProject(null);
    sshTag(f, aliceSsh, "v1.0.0");
    push(f, "v1.0.0");

    assertThat(lastDecision(f, "v1.0.0").reason()).isEqualTo("NO_BUILD_DEFINITION");
  }

  @Test
  void malformedBuildDefinition_isRefused_badBuildDefinition_namingTheKey() throws Exception {
    Fixture f = newProject(BUILD_YAML + "secrets:\n  - TOKEN\n");
    sshTag(f, aliceSsh, "v1.0.0");
    push(f, "v1.0.0");

    TriggerJournal.Entry e = lastDecision(f, "v1.0.0");
    assertThat(e.reason()).isEqualTo("BAD_BUILD_DEFINITION");
    assertThat(e.detail()).contains("UNKNOWN_KEY").contains("secrets");
  }

  @Test
  void removedMaintainer_nextTagIsRefused_unknownKey() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    sshTag(f, aliceSsh, "v1.0.0");
    push(f, "v1.0.0");
    assertThat(lastDecision(f, "v1.0.0").kind()).isEqualTo("accepted");

    store.removeMaintainer(f.name(), aliceSsh.fingerprint());
    sshTag(f, aliceSsh, "v1.0.1");
    push(f, "v1.0.1");

    assertThat(lastDecision(f, "v1.0.1").reason()).isEqualTo("UNKNOWN_KEY");
  }

  @Test
  void watchedRemote_newSignedTagIsTriggered_movedReleasedTagRaisesAlertAndIsIgnored()
      throws Exception {
    Fixture upstream = newProject(BUILD_YAML);
    String name = "w" + counter.incrementAndGet();
    store.create(name, upstream.url());
    store.addMaintainer(name, KeyKind.OPENPGP, aliceGpg.armoredPublicKey());
    Project mirror = store.get(name);
    RemoteWatcher watcher =
        new RemoteWatcher(
            hosting,
            (project, tag) -> Optional.ofNullable(released.get(project + "/" + tag)),
            journal,
            new TriggerDispatcher(
                new TagTrigger((p, t) -> Optional.ofNullable(released.get(p + "/" + t))),
                journal,
                accepted::add));

    gpgTag(upstream, aliceGpg, "v2.0.0");
    cli.run(upstream.work(), "git", "tag", "v2.0.1");
    assertThat(push(upstream, "v2.0.0", "v2.0.1").exit()).isZero();
    RemoteWatcher.PollResult first = watcher.poll(mirror);
    RemoteWatcher.PollResult again = watcher.poll(mirror);

    assertThat(first.decisions()).hasSize(2);
    TriggerDecision.Accepted a = acceptedFor(new Fixture(name, null, null), "v2.0.0");
    assertThat(a.signerFingerprint()).isEqualTo(aliceGpg.fingerprint());
    assertThat(a.commitSha()).isEqualTo(rev(upstream, "v2.0.0^{commit}"));
    assertThat(lastDecision(new Fixture(name, null, null), "v2.0.1").reason())
        .isEqualTo("LIGHTWEIGHT_TAG");
    assertThat(again.decisions()).isEmpty();

    // Released here; upstream (another project) moves the tag: the mirror keeps the released one.
    released.put(name + "/v2.0.0", a.tagObjectSha());
    Files.writeString(upstream.work().resolve("README"), "moved\n");
    cli.run(upstream.work(), "git", "commit", "-q", "-am", "move");
    cli.run(
        upstream.work(),
        aliceGpg.env(),
        "git",
        "-c",
        "user.signingkey=" + aliceGpg.fingerprint(),
        "tag",
        "-f",
        "-s",
        "-m",
        "moved",
        "v2.0.0");
    assertThat(push(upstream, "-f", "v2.0.0").exit()).isZero();
    RemoteWatcher.PollResult afterMove = watcher.poll(mirror);

    assertThat(afterMove.decisions()).isEmpty();
    assertThat(afterMove.alerts())
        .singleElement()
        .satisfies(
            al -> {
              assertThat(al.tag()).isEqualTo("v2.0.0");
              assertThat(al.releasedTagObject()).isEqualTo(a.tagObjectSha());
            });
    assertThat(journal.alerts())
        .anyMatch(e -> e.project().equals(name) && e.tag().equals("v2.0.0"));
    try (Repository repo = hosting.openRepository(mirror)) {
      assertThat(repo.exactRef("refs/tags/v2.0.0").getObjectId().name())
          .isEqualTo(a.tagObjectSha());
    }
    assertThat(accepted.stream().filter(x -> x.project().equals(name))).hasSize(1);

    // The mirror is read-only over HTTP.
    cli.run(
        upstream.work(),
        "git",
        "remote",
        "add",
        "mirror",
        base.replace("http://", "http://x:" + upstream.token() + "@") + "/git/" + name);
    assertThat(cli.tryRun(upstream.work(), Map.of(), "git", "push", "mirror", "main").exit())
        .isNotZero();
  }

  @Test
  void http_onlySmartProtocolForExistingProjects_isServed() throws Exception {
    Fixture f = newProject(BUILD_YAML);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.function.Function<String, Integer> status =
        path -> {
          try {
            return http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };

    assertThat(status.apply("/git/" + f.name() + "/info/refs?service=git-upload-pack"))
        .isEqualTo(200);
    assertThat(status.apply("/git/" + f.name() + ".git/info/refs?service=git-upload-pack"))
        .isEqualTo(200);
    assertThat(status.apply("/git/" + f.name() + "/info/refs?service=git-receive-pack"))
        .isEqualTo(401);
    assertThat(status.apply("/git/" + f.name() + "/info/refs")).isEqualTo(403);
    assertThat(status.apply("/git/" + f.name() + "/HEAD")).isEqualTo(404);
    assertThat(status.apply("/git/nosuchproject/info/refs?service=git-upload-pack")).isEqualTo(404);
    assertThat(
            status.apply(
                "/git/..%2Fprojects%2F" + f.name() + ".json/info/refs?service=git-upload-pack"))
        .isIn(400, 404);
  }
}
