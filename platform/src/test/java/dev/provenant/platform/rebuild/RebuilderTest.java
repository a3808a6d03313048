package dev.provenant.platform.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.build.RebuildRecord.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuilderTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void compare_namesMatchedDifferentMissingAndExtra_withBothDigests() {
    Map<String, String> rebuilt = new LinkedHashMap<>();
    rebuilt.put("same.txt", A);
    rebuilt.put("stamp.txt", B);
    rebuilt.put("stray.txt", A);
    List<RebuildRecord.Subject> c =
        Rebuilder.compare(
            List.of(
                new RebuildRecord.Expected("same.txt", A),
                new RebuildRecord.Expected("stamp.txt", A),
                new RebuildRecord.Expected("gone.txt", B)),
            rebuilt);
    assertThat(c)
        .containsExactly(
            new RebuildRecord.Subject("same.txt", Outcome.MATCHED, A, A),
            new RebuildRecord.Subject("stamp.txt", Outcome.DIFFERENT, A, B),
            new RebuildRecord.Subject("gone.txt", Outcome.MISSING, B, null),
            new RebuildRecord.Subject("stray.txt", Outcome.EXTRA, null, A));
  }

  @TempDir Path tmp;

  @Test
  void tagProblem_tagAtTheReleasedCommit_none_movedOrDeleted_namesExpectedAndActual()
      throws Exception {
    PersonIdent alice = new PersonIdent("Alice", "alice@example.org");
    try (Git git = Git.init().setDirectory(tmp.toFile()).setInitialBranch("main").call()) {
      Files.writeString(tmp.resolve("VERSION"), "1.0.0\n");
      git.add().addFilepattern("VERSION").call();
      String released =
          git.commit().setMessage("1.0.0").setAuthor(alice).setCommitter(alice).call().name();
      git.tag().setName("v1.0.0").setMessage("v1.0.0").setTagger(alice).setAnnotated(true).call();
      Repository repo = git.getRepository();
      assertThat(Rebuilder.tagProblem(repo, "v1.0.0", released)).isEmpty();

      String moved =
          git.commit()
              .setMessage("later")
              .setAllowEmpty(true)
              .setAuthor(alice)
              .setCommitter(alice)
              .call()
              .name();
      git.tag().setName("v1.0.0").setMessage("moved").setTagger(alice).setForceUpdate(true).call();
      assertThat(Rebuilder.tagProblem(repo, "v1.0.0", released))
          .hasValueSatisfying(p -> assertThat(p).contains("expected " + released, "got " + moved));

      git.tagDelete().setTags("v1.0.0").call();
      assertThat(Rebuilder.tagProblem(repo, "v1.0.0", released))
          .hasValueSatisfying(p -> assertThat(p).contains("no longer exists"));
    }
  }
}
