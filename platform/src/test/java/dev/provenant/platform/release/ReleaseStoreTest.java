package dev.provenant.platform.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseStoreTest {
  @TempDir Path dir;

  private ReleaseManifest manifest(String build, List<ReleaseFile> files) {
    return new ReleaseManifest(
        "demo",
        "v1.0.0",
        build,
        "abc",
        Instant.parse("2026-12-01T00:00:00Z"),
        files,
        "sbom.cdx.json",
        "SHA256SUMS",
        "provenance.intoto.jsonl");
  }

  @Test
  void publish_makesEveryFileVisibleAtOnce() throws Exception {
    ReleaseStore s = ReleaseStore.open(dir);
    ReleaseStore.Staged st = s.stage("b1");
    ReleaseFile f = st.put("hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
    assertThat(f.sha256())
        .isEqualTo("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    st.put("provenance.intoto.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8));
    st.seal(manifest("b1", List.of(f)));
    assertThat(s.find("demo", "v1.0.0")).isEmpty();
    s.publish(st, "demo", "v1.0.0");
    assertThat(s.find("demo", "v1.0.0").orElseThrow().files()).containsExactly(f);
    assertThat(Files.readString(s.file("demo", "v1.0.0", "hello.txt").orElseThrow()))
        .isEqualTo("hello\n");
    assertThat(s.file("demo", "v1.0.0", "provenance.intoto.jsonl")).isPresent();
    assertThat(s.file("demo", "v1.0.0", "manifest.json"))
        .as("only listed files are served")
        .isEmpty();
  }

  @Test
  void publish_secondReleaseOfATag_refusedAndTheFirstKept() throws Exception {
    ReleaseStore s = ReleaseStore.open(dir);
    ReleaseStore.Staged a = s.stage("b1");
    ReleaseFile fa = a.put("x", new byte[] {1});
    a.seal(manifest("b1", List.of(fa)));
    s.publish(a, "demo", "v1.0.0");
    ReleaseStore.Staged b = s.stage("b2");
    b.seal(manifest("b2", List.of(b.put("x", new byte[] {2}))));
    assertThatThrownBy(() -> s.publish(b, "demo", "v1.0.0"))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(s.find("demo", "v1.0.0").orElseThrow().buildId()).isEqualTo("b1");
  }

  @Test
  void recover_publishesSealedReleasedStaging_deletesTheRest() throws Exception {
    ReleaseStore s = ReleaseStore.open(dir);
    ReleaseStore.Staged sealed = s.stage("b1");
    sealed.seal(manifest("b1", List.of(sealed.put("x", new byte[] {1}))));
    ReleaseStore.Staged half = s.stage("b2");
    half.put("y", new byte[] {2}); // crash before seal
    ReleaseStore.Staged notReleased = s.stage("b3");
    notReleased.seal(
        new ReleaseManifest(
            "other",
            "v2.0.0",
            "b3",
            "abc",
            Instant.now(),
            List.of(notReleased.put("z", new byte[] {3})),
            "s",
            "c",
            "p"));
    List<String> published = ReleaseStore.open(dir).recover(m -> m.buildId().equals("b1"));
    assertThat(published).containsExactly("b1");
    assertThat(s.find("demo", "v1.0.0")).isPresent();
    assertThat(s.find("other", "v2.0.0")).isEmpty();
    try (var st = Files.list(dir.resolve(".staging"))) {
      assertThat(st.toList()).isEmpty();
    }
  }

  @Test
  void recover_leavesStagingOfABuildInProgressElsewhere() throws Exception {
    ReleaseStore s = ReleaseStore.open(dir);
    ReleaseStore.Staged other = s.stage("b7");
    other.put("y", new byte[] {2}); // another runner process is copying files right now
    s.stage("b8").put("z", new byte[] {3}); // a dead runner's leftovers
    s.stage("b9", 2).put("w", new byte[] {4}); // attempt 2 of b9, in progress elsewhere
    assertThat(ReleaseStore.open(dir).recover(m -> false, id -> id.equals("b7") || id.equals("b9")))
        .isEmpty();
    try (var st = Files.list(dir.resolve(".staging"))) {
      assertThat(st.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("b7", "b9-attempt2");
    }
  }

  @Test
  void stage_twoAttemptsOfOneBuild_doNotDeleteEachOther() throws Exception {
    ReleaseStore s = ReleaseStore.open(dir);
    ReleaseStore.Staged retry = s.stage("b1", 2);
    retry.put("x", new byte[] {1});
    s.stage("b1", 1).put("x", new byte[] {9}); // the runner whose lease lapsed wakes up
    retry.seal(
        manifest(
            "b1",
            List.of(
                new ReleaseFile(
                    "x", "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a", 1))));
    s.publish(retry, "demo", "v1.0.0");
    assertThat(Files.readAllBytes(s.file("demo", "v1.0.0", "x").orElseThrow())).containsExactly(1);
  }

  @Test
  void put_unsafeName_refusedBeforeAnythingIsWritten() throws Exception {
    ReleaseStore s = ReleaseStore.open(dir);
    ReleaseStore.Staged st = s.stage("b1");
    for (String bad : List.of("../escape", "a/b", "..", ".hidden/x", "")) {
      assertThatThrownBy(() -> st.put(bad, new byte[] {1}))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Files.exists(dir.resolve("escape"))).isFalse();
    assertThatThrownBy(() -> s.find("../x", "v1")).isInstanceOf(IllegalArgumentException.class);
  }
}
