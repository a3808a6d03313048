package dev.provenant.platform.rebuild;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.platform.FileTrees;
import dev.provenant.platform.build.RebuildRecord;
import dev.provenant.platform.build.RebuildStore;
import dev.provenant.platform.image.ImageOutputs;
import dev.provenant.platform.pipeline.BuildPipeline;
import dev.provenant.platform.pipeline.ReleasedFiles;
import dev.provenant.platform.sandbox.Runner;
import dev.provenant.platform.sandbox.SandboxException;
import dev.provenant.platform.sandbox.SandboxRequest;
import dev.provenant.platform.sandbox.SandboxResult;
import dev.provenant.platform.source.BuildDefinition;
import dev.provenant.platform.source.BuildDefinitionException;
import dev.provenant.platform.source.Checkout;
import dev.provenant.platform.source.GitHosting;
import dev.provenant.platform.source.Project;
import dev.provenant.platform.source.ProjectStore;
import dev.provenant.platform.source.ProjectStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Runs one claimed rebuild: the released commit (refused when the tag no longer points there) is
 * checked out into a fresh directory, its build definition runs in a new sandbox of the same runner
 * with the limits a release asks for, the outputs are collected by the runner and mapped to release
 * names, SBOM and checksum list by {@link ReleasedFiles}, as for the release; then each released
 * subject is compared with the rebuilt one. No generator, no release store.
 */
public final class Rebuilder {
  private final ProjectStore projects;
  private final GitHosting hosting;
  private final Runner runner;
  private final RebuildStore store;
  private final Path workDir;
  private final Path logDir;
  private final Clock clock;

  /**
   * @param workDir scratch space for checkouts (inside the platform's data directory)
   * @param logDir where each rebuild's log is kept ({@code ID.log})
   */
  public Rebuilder(
      ProjectStore projects,
      GitHosting hosting,
      Runner runner,
      RebuildStore store,
      Path workDir,
      Path logDir,
      Clock clock) {
    this.projects = projects;
    this.hosting = hosting;
    this.runner = runner;
    this.store = store;
    this.workDir = workDir;
    this.logDir = logDir;
    this.clock = clock;
  }

  /** A failure that ends the rebuild with nothing to compare. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    final RebuildRecord.Failure failure;

    Stop(RebuildRecord.Failure failure, String detail) {
      super(detail);
      this.failure = failure;
    }
  }

  /** The sandbox's id of a rebuild: its own workspace, cgroups and output folder. */
  static String sandboxId(RebuildRecord r) {
    return "rebuild-" + r.id();
  }

  /** Where the log of rebuild {@code id} is kept. */
  public Path logOf(String id) {
    return logDir.resolve(id + ".log");
  }

  /**
   * Runs a rebuild this runner claimed to its final record, which it writes to the store (unless
   * the runner no longer holds it). Never throws.
   */
  public RebuildRecord run(RebuildRecord claimed) {
    Map<String, Long> phases = new LinkedHashMap<>();
    ObjectNode settings = null;
    Path scratch = workDir.resolve(sandboxId(claimed));
    long start = clock.millis();
    RebuildRecord done;
    try {
      Project project;
      try {
        project = projects.get(claimed.project());
      } catch (ProjectStoreException e) {
        throw new Stop(RebuildRecord.Failure.SOURCE_GONE, e.getMessage());
      }
      Path source = scratch.resolve("source");
      BuildDefinition def;
      try (Repository repo = hosting.openRepository(project)) {
        Optional<String> moved = tagProblem(repo, claimed.tag(), claimed.commit());
        if (moved.isPresent()) {
          throw new Stop(RebuildRecord.Failure.TAG_MOVED, moved.get());
        }
        ObjectId commit = ObjectId.fromString(claimed.commit());
        def = BuildDefinition.read(repo, commit);
        Files.createDirectories(scratch);
        Checkout.export(repo, commit, source);
      } catch (BuildDefinitionException e) {
        throw new Stop(RebuildRecord.Failure.BAD_BUILD_DEFINITION, e.getMessage());
      } catch (IOException | IllegalArgumentException e) {
        throw new Stop(RebuildRecord.Failure.CHECKOUT_FAILED, e.getMessage());
      }
      phases.put("checkout", clock.millis() - start);

      Files.createDirectories(logDir);
      SandboxResult result;
      try {
        result =
            runner.run(
                new SandboxRequest(
                    sandboxId(claimed),
                    source,
                    def.steps().stream().map(BuildDefinition.Step::run).toList(),
                    ImageOutputs.patterns(def),
                    BuildPipeline.requested(def.limits()),
                    def.network(),
                    logOf(claimed.id())));
      } catch (SandboxException e) {
        throw new Stop(RebuildRecord.Failure.SANDBOX_UNAVAILABLE, e.getMessage());
      }
      settings = result.settings().toJson();
      SandboxResult.Timings t = result.timings();
      phases.put("sandboxStart", t.sandboxStart().toMillis());
      phases.put("build", t.build().toMillis());
      phases.put("collect", t.collect().toMillis());
      if (result.status() == SandboxResult.Status.OUTPUT_REJECTED) {
        throw new Stop(RebuildRecord.Failure.OUTPUT_REJECTED, result.reason());
      }
      if (result.status() != SandboxResult.Status.SUCCEEDED) {
        throw new Stop(
            RebuildRecord.Failure.BUILD_FAILED, result.status() + ": " + result.reason());
      }
      long compareStart = clock.millis();
      ReleasedFiles rebuilt;
      try {
        // The image's files are compared as files only through the release's file subjects; the
        // image itself is not rebuilt into a registry.
        rebuilt =
            ReleasedFiles.of(
                claimed.project(), claimed.tag(), ImageOutputs.withoutImages(result, def));
      } catch (ReleasedFiles.NameClashException e) {
        throw new Stop(RebuildRecord.Failure.OUTPUT_REJECTED, e.getMessage());
      }
      List<RebuildRecord.Subject> compared = compare(claimed.expected(), rebuilt.digests());
      phases.put("compare", clock.millis() - compareStart);
      phases.put("total", clock.millis() - start);
      done = claimed.finished(compared, settings, phases, clock.instant());
    } catch (Stop s) {
      phases.put("total", clock.millis() - start);
      done = claimed.failed(s.failure, s.getMessage(), settings, phases, clock.instant());
    } catch (IOException | RuntimeException e) {
      phases.put("total", clock.millis() - start);
      done =
          claimed.failed(
              RebuildRecord.Failure.INTERNAL, e.toString(), settings, phases, clock.instant());
    } finally {
      try {
        FileTrees.deleteTree(scratch);
        runner.discardOutputs(sandboxId(claimed));
      } catch (IOException | IllegalArgumentException e) {
        // Scratch and outputs live in the data directory; what is left costs only disk.
      }
    }
    try {
      if (!store.finish(done)) {
        return done.failed(
            RebuildRecord.Failure.RUNNER_STOPPED,
            "not recorded: runner " + done.runner() + " no longer holds rebuild " + done.id(),
            done.sandbox(),
            done.phases(),
            clock.instant());
      }
    } catch (IOException e) {
      return done;
    }
    return done;
  }

  /**
   * Each released subject against the rebuilt digests (MATCHED, DIFFERENT, MISSING), then each
   * rebuilt file the release does not have (EXTRA).
   */
  static List<RebuildRecord.Subject> compare(
      List<RebuildRecord.Expected> expected, Map<String, String> rebuilt) {
    List<RebuildRecord.Subject> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (RebuildRecord.Expected e : expected) {
      names.add(e.name());
      String actual = rebuilt.get(e.name());
      RebuildRecord.Outcome o =
          actual == null
              ? RebuildRecord.Outcome.MISSING
              : actual.equals(e.sha256())
                  ? RebuildRecord.Outcome.MATCHED
                  : RebuildRecord.Outcome.DIFFERENT;
      out.add(new RebuildRecord.Subject(e.name(), o, e.sha256(), actual));
    }
    rebuilt.forEach(
        (n, d) -> {
          if (!names.contains(n)) {
            out.add(new RebuildRecord.Subject(n, RebuildRecord.Outcome.EXTRA, null, d));
          }
        });
    return out;
  }

  /**
   * Why {@code tag} does not name {@code commit} in {@code repo} any more (moved or deleted), or
   * empty when it still does.
   */
  public static Optional<String> tagProblem(Repository repo, String tag, String commit)
      throws IOException {
    Ref ref = repo.exactRef(Constants.R_TAGS + tag);
    if (ref == null) {
      return Optional.of("tag " + tag + " no longer exists: expected it at commit " + commit);
    }
    String now;
    try (RevWalk walk = new RevWalk(repo)) {
      now = walk.parseCommit(ref.getObjectId()).name();
    }
    if (!now.equals(commit)) {
      return Optional.of(
          "tag "
              + tag
              + " no longer points at the released commit: expected "
              + commit
              + ", got "
              + now);
    }
    return Optional.empty();
  }
}
