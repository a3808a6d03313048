package dev.provenant.platform.pipeline;

import dev.provenant.core.intoto.Subject;
import dev.provenant.platform.build.BuildRecord;
import dev.provenant.platform.build.BuildStatus;
import dev.provenant.platform.build.BuildStore;
import dev.provenant.platform.generator.GenerationRequest;
import dev.provenant.platform.generator.GeneratorException;
import dev.provenant.platform.generator.GeneratorProcess;
import dev.provenant.platform.generator.ProvenanceGenerator;
import dev.provenant.platform.image.ImageOutputs;
import dev.provenant.platform.image.ImagePublisher;
import dev.provenant.platform.image.ImageReleaseException;
import dev.provenant.platform.image.OciImage;
import dev.provenant.platform.oidc.BuildFacts;
import dev.provenant.platform.oidc.BuildRecords;
import dev.provenant.platform.oidc.PlatformIdentity;
import dev.provenant.platform.release.ReleaseFile;
import dev.provenant.platform.release.ReleaseImage;
import dev.provenant.platform.release.ReleaseManifest;
import dev.provenant.platform.release.ReleaseStore;
import dev.provenant.platform.sandbox.Limits;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * One claimed build, from the tagged commit to a published release: checkout, sandboxed build,
 * output collection and SBOM (the platform hashes, not the build), provenance from the separate
 * generator, and the atomic release. Each phase's time goes into the build record.
 *
 * <p>The generator asks the workload issuer for a token naming this build; the issuer asks {@link
 * #awaitingProvenance()}, which answers only for builds this pipeline is generating provenance for
 * at that moment, with the facts from the platform's own record.
 */
public final class BuildPipeline {
  public static final String SBOM = "sbom.cdx.json";
  public static final String CHECKSUMS = "SHA256SUMS";

  /** The release file holding the provenance of the image the release pushed. */
  public static final String IMAGE_PROVENANCE = "image.provenance.intoto.jsonl";

  private static final java.util.regex.Pattern OCI_TAG =
      java.util.regex.Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  /**
   * Phase a build record carries while its runner waits for provenance, valued with the attempt
   * number (then the workload issuer of another process sharing the store may mint its token); the
   * next record update drops it.
   */
  public static final String AWAITING_PROVENANCE = "awaitingProvenance";

  private final ProjectStore projects;
  private final GitHosting hosting;
  private final Runner runner;
  private final Path generatorSocket;
  private final BuildStore builds;
  private final ReleaseStore releases;
  private final PlatformIdentity identity;
  private final Path workDir;
  private final Path logDir;
  private final Clock clock;
  private final ImagePublisher images;
  private final Map<String, BuildFacts> awaiting = new ConcurrentHashMap<>();

  /**
   * @param workDir scratch space for checkouts and collected outputs (inside the platform's data
   *     directory, never visible to a sandbox)
   * @param logDir where each build's log is kept ({@code BUILD.log})
   * @param images pushes a build's image to its project's repository and attaches its provenance,
   *     with the platform's registry credentials; null when this platform releases no images
   */
  public BuildPipeline(
      ProjectStore projects,
      GitHosting hosting,
      Runner runner,
      Path generatorSocket,
      BuildStore builds,
      ReleaseStore releases,
      PlatformIdentity identity,
      Path workDir,
      Path logDir,
      Clock clock,
      ImagePublisher images) {
    this.images = images;
    this.projects = projects;
    this.hosting = hosting;
    this.runner = runner;
    this.generatorSocket = generatorSocket;
    this.builds = builds;
    this.releases = releases;
    this.identity = identity;
    this.workDir = workDir;
    this.logDir = logDir;
    this.clock = clock;
  }

  /**
   * The workload issuer's view: builds waiting for provenance right now — in this process, or in a
   * runner process sharing the build store, whose record then carries the {@link
   * #AWAITING_PROVENANCE} phase while it is building. The facts of another process's build are read
   * here from the platform's own records (project, hosted repository, build definition at the
   * recorded commit), never from the runner's request.
   */
  public BuildRecords awaitingProvenance() {
    return (buildId, attempt) -> {
      BuildFacts local = awaiting.get(buildId);
      if (local != null) {
        return Optional.of(local).filter(f -> f.attempt() == attempt);
      }
      try {
        Optional<BuildRecord> r =
            builds
                .find(buildId)
                .filter(
                    b ->
                        b.attempt() == attempt
                            && b.status() == BuildStatus.BUILDING
                            && Long.valueOf(attempt).equals(b.phases().get(AWAITING_PROVENANCE)));
        if (r.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(facts(r.get()));
      } catch (IOException
          | ProjectStoreException
          | BuildDefinitionException
          | RuntimeException e) {
        return Optional.empty();
      }
    };
  }

  private BuildFacts facts(BuildRecord b)
      throws IOException, ProjectStoreException, BuildDefinitionException {
    Project project = projects.get(b.project());
    try (Repository repo = hosting.openRepository(project)) {
      BuildDefinition def = BuildDefinition.read(repo, ObjectId.fromString(b.commit()));
      return new BuildFacts(
          project.name(),
          project.id(),
          b.tag(),
          b.commit(),
          def.path(),
          def.sha256(),
          b.id(),
          b.attempt());
    }
  }

  /** Runs a build this runner claimed, to a release or a recorded failure. Never throws. */
  public BuildRecord run(BuildRecord claimed) {
    Phases phases = new Phases(clock);
    BuildRecord current = claimed;
    Path scratch = workDir.resolve(claimed.id() + "-" + claimed.attempt());
    try {
      current = release(claimed, phases, scratch);
      return current;
    } catch (BuildFailure f) {
      return fail(current.withPhases(phases.millis()), f.text());
    } catch (IOException | RuntimeException e) {
      return fail(current.withPhases(phases.millis()), "INTERNAL: " + e);
    } finally {
      awaiting.remove(claimed.id());
      try {
        dev.provenant.platform.FileTrees.deleteTree(scratch);
        // The release store holds its own copies now (or the attempt failed): the runner's
        // collected outputs are not kept, so the data directory does not grow by every build.
        runner.discardOutputs(sandboxId(claimed));
      } catch (IOException | IllegalArgumentException e) {
        // Scratch and outputs live in the data directory; what is left costs only disk.
      }
    }
  }

  /** The sandbox's id for an attempt: each attempt gets its own workspace and output folder. */
  private static String sandboxId(BuildRecord b) {
    return b.attempt() == 1 ? b.id() : b.id() + "-attempt" + b.attempt();
  }

  private BuildRecord fail(BuildRecord r, String reason) {
    try {
      builds.markFailed(r, reason);
      Optional<BuildRecord> now = builds.find(r.id());
      if (now.isPresent()
          && now.get().attempt() == r.attempt()
          && java.util.Objects.equals(now.get().runner(), r.runner())) {
        return now.get();
      }
      // The build is no longer this runner's (its lease lapsed; another attempt holds or released
      // it): the store kept the other attempt's state; this attempt's end is reported, not
      // recorded.
      return r.withStatus(
          BuildStatus.FAILED,
          reason + " (not recorded: attempt " + r.attempt() + " no longer holds the build)",
          clock.instant());
    } catch (IOException e) {
      return r;
    }
  }

  private BuildRecord release(BuildRecord b, Phases phases, Path scratch)
      throws BuildFailure, IOException {
    Instant startedOn = clock.instant();
    Project project;
    try {
      project = projects.get(b.project());
    } catch (ProjectStoreException e) {
      throw new BuildFailure(BuildFailure.Reason.PROJECT_GONE, e.getMessage(), e);
    }

    // Checkout: the tagged commit's tree into a fresh directory, and the build definition from it.
    Path source = scratch.resolve("source");
    BuildDefinition def;
    try (Repository repo = hosting.openRepository(project)) {
      ObjectId commit = ObjectId.fromString(b.commit());
      def = BuildDefinition.read(repo, commit);
      Files.createDirectories(scratch);
      Checkout.export(repo, commit, source);
    } catch (BuildDefinitionException e) {
      throw new BuildFailure(BuildFailure.Reason.BAD_BUILD_DEFINITION, e.getMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new BuildFailure(BuildFailure.Reason.CHECKOUT_FAILED, e.getMessage(), e);
    }
    phases.end("checkout");

    // Build, in the sandbox.
    Files.createDirectories(logDir);
    Path log = logDir.resolve(b.id() + ".log");
    List<String> steps = def.steps().stream().map(BuildDefinition.Step::run).toList();
    SandboxResult result;
    long runStart = clock.millis();
    try {
      // One sandbox per attempt: a retry after a crash must not meet the workspace, cgroups or
      // output folder the interrupted attempt left behind.
      String sandboxId = sandboxId(b);
      result =
          runner.run(
              new SandboxRequest(
                  sandboxId,
                  source,
                  steps,
                  ImageOutputs.patterns(def),
                  requested(def.limits()),
                  def.network(),
                  log));
    } catch (SandboxException e) {
      throw new BuildFailure(BuildFailure.Reason.SANDBOX_UNAVAILABLE, e.getMessage(), e);
    }
    SandboxResult.Timings t = result.timings();
    phases.put("sandboxStart", t.sandboxStart().toMillis());
    phases.put("build", t.build().toMillis());
    phases.put("collect", t.collect().toMillis());
    // The runner's clean-up (unmounting and deleting the workspace, removing the cgroups) comes
    // after
    // the times it reports; without this phase it would count nowhere.
    phases.put(
        "sandboxStop",
        Math.max(
            0,
            clock.millis()
                - runStart
                - t.sandboxStart().plus(t.build()).plus(t.collect()).toMillis()));
    phases.restart();
    if (result.status() == SandboxResult.Status.OUTPUT_REJECTED) {
      throw new BuildFailure(BuildFailure.Reason.OUTPUT_REJECTED, result.reason());
    }
    if (result.status() != SandboxResult.Status.SUCCEEDED) {
      throw new BuildFailure(
          BuildFailure.Reason.BUILD_FAILED, result.status() + ": " + result.reason());
    }
    Instant finishedOn = clock.instant();

    // Released files: the outputs under their plain names, the SBOM, the checksum list.
    ReleasedFiles released;
    try {
      released = ReleasedFiles.of(project.name(), b.tag(), ImageOutputs.withoutImages(result, def));
    } catch (ReleasedFiles.NameClashException e) {
      throw new BuildFailure(BuildFailure.Reason.OUTPUT_REJECTED, e.getMessage());
    }
    Map<String, SandboxResult.Output> byName = released.outputs();
    byte[] sbom = released.sbom();
    byte[] checksums = released.checksums();
    List<Subject> subjects = released.subjects();
    phases.end("sbom");

    // The image, if the build declares one: checked and pushed by the platform, by digest.
    ImagePublisher.Pushed image = pushImage(project, def, result.outputs(), scratch);
    if (image != null) {
      phases.end("imagePush");
    }

    // Provenance, from the separate generator. The issuer mints a token for this build only while
    // it is listed here, with the facts of the platform's record.
    BuildFacts facts =
        new BuildFacts(
            project.name(),
            project.id(),
            b.tag(),
            b.commit(),
            def.path(),
            def.sha256(),
            b.id(),
            b.attempt());
    List<GenerationRequest.Resource> fetched = new ArrayList<>();
    for (SandboxResult.Fetched f : result.fetched()) {
      if (!f.sha256().isEmpty()) {
        fetched.add(new GenerationRequest.Resource(f.url(), f.sha256()));
      }
    }
    List<GenerationRequest.Resource> byproducts =
        List.of(new GenerationRequest.Resource("build.log", sha256(log)));
    GenerationRequest request =
        new GenerationRequest(
            b.id(),
            b.attempt(),
            subjects,
            project.name(),
            identity.gitUri(project.name()),
            b.tag(),
            b.commit(),
            def.path(),
            def.sha256(),
            startedOn,
            finishedOn,
            result.settings().toJson(),
            fetched,
            byproducts);
    ProvenanceGenerator.Result provenance;
    ProvenanceGenerator.Result imageProvenance = null;
    awaiting.put(b.id(), facts);
    Map<String, Long> marked = new LinkedHashMap<>(phases.millis());
    marked.put(AWAITING_PROVENANCE, (long) b.attempt());
    builds.update(b.withPhases(marked));
    long generateStart = clock.millis();
    try {
      provenance = GeneratorProcess.generate(generatorSocket, request);
      if (image != null) {
        // The image's own provenance, as generator_container_slsa3 writes it: one subject, the
        // repository with the pushed digest. The files' provenance keeps exactly the files.
        imageProvenance =
            GeneratorProcess.generate(
                generatorSocket, request.withSubjects(List.of(image.subject())));
      }
    } catch (GeneratorException e) {
      throw new BuildFailure(BuildFailure.Reason.PROVENANCE_FAILED, e.getMessage(), e);
    } finally {
      awaiting.remove(b.id());
    }
    long generateMillis = clock.millis() - generateStart;
    provenance
        .timingsMicros()
        .forEach(
            (k, v) -> {
              if (!k.equals("total")) {
                phases.put(k, v / 1000);
              }
            });
    // The exchange with the generator process around its own steps (socket, request and answer).
    Long generatorTotal = provenance.timingsMicros().get("total");
    if (generatorTotal != null) {
      phases.put("generatorIpc", Math.max(0, generateMillis - generatorTotal / 1000));
    }
    phases.restart();

    // The image's provenance goes to the registry before anything is released: a release never
    // names an image whose attestation is missing.
    byte[] imageBundle = null;
    if (image != null) {
      imageBundle = (imageProvenance.bundle().strip() + "\n").getBytes(StandardCharsets.UTF_8);
      attachImage(image, imageBundle, b.tag());
      phases.end("imageAttach");
    }

    // Release: stage every file, seal, mark released (the commit point), publish by one rename.
    ReleaseStore.Staged staged = releases.stage(b.id(), b.attempt());
    List<ReleaseFile> files = new ArrayList<>();
    for (Map.Entry<String, SandboxResult.Output> e : byName.entrySet()) {
      try (InputStream in = Files.newInputStream(e.getValue().storedCopy())) {
        files.add(requireDigest(staged.put(e.getKey(), in), e.getValue().sha256()));
      }
    }
    files.add(staged.put(SBOM, sbom));
    files.add(staged.put(CHECKSUMS, checksums));
    staged.put(
        GeneratorProcess.PROVENANCE_FILE,
        (provenance.bundle().strip() + "\n").getBytes(StandardCharsets.UTF_8));
    List<ReleaseImage> releasedImages = new ArrayList<>();
    if (image != null) {
      staged.put(IMAGE_PROVENANCE, imageBundle);
      OciImage c = image.content();
      releasedImages.add(
          new ReleaseImage(
              image.repository(), c.digest(), c.mediaType(), c.platforms(), IMAGE_PROVENANCE));
    }
    staged.seal(
        new ReleaseManifest(
            project.name(),
            b.tag(),
            b.id(),
            b.commit(),
            clock.instant(),
            files,
            SBOM,
            CHECKSUMS,
            GeneratorProcess.PROVENANCE_FILE,
            releasedImages));
    // Ended before the record is written, so the released record carries it (a released record is
    // final); marking released (one record write) and publishing (one rename) follow.
    phases.end("store");
    BuildRecord withPhases = b.withPhases(phases.millis());
    try {
      // markReleased writes the whole record, phases included: no separate update (one fsync less).
      builds.markReleased(withPhases);
    } catch (BuildStore.AlreadyReleasedException e) {
      staged.discard();
      throw new BuildFailure(BuildFailure.Reason.ALREADY_RELEASED, e.getMessage());
    } catch (IOException e) {
      // Not this runner's build any more (its lease lapsed and another attempt holds it), or the
      // store is unreachable: not released, so the staged files go.
      staged.discard();
      throw e;
    }
    releases.publish(staged, project.name(), b.tag());
    BuildRecord done = builds.find(b.id()).orElse(withPhases);
    return done;
  }

  /**
   * Reads the declared image from the collected outputs and pushes it to the project's repository;
   * null when the build declares none.
   */
  private ImagePublisher.Pushed pushImage(
      Project project, BuildDefinition def, List<SandboxResult.Output> outputs, Path scratch)
      throws BuildFailure, IOException {
    if (def.images().isEmpty()) {
      return null;
    }
    if (images == null) {
      throw new BuildFailure(
          BuildFailure.Reason.IMAGE_REJECTED, "this platform is not configured to release images");
    }
    if (project.imageRepository() == null) {
      throw new BuildFailure(
          BuildFailure.Reason.IMAGE_REJECTED,
          ImageReleaseException.Reason.NO_REPOSITORY
              + ": the build declares an image, but project "
              + project.name()
              + " has no image repository (an admin sets it: project add --image-repository)");
    }
    try {
      OciImage img = ImageOutputs.read(def.images().get(0), outputs, scratch);
      return images.push(project.imageRepository(), img);
    } catch (ImageReleaseException e) {
      BuildFailure.Reason r =
          e.reason() == ImageReleaseException.Reason.PUSH_FAILED
              ? BuildFailure.Reason.IMAGE_PUSH_FAILED
              : BuildFailure.Reason.IMAGE_REJECTED;
      throw new BuildFailure(r, e.reason() + ": " + e.getMessage(), e);
    }
  }

  /** Attaches the image's provenance in the registry, then sets the release tag on the image. */
  private void attachImage(ImagePublisher.Pushed image, byte[] bundle, String tag)
      throws BuildFailure {
    try {
      images.attach(image, bundle);
    } catch (ImageReleaseException e) {
      throw new BuildFailure(
          BuildFailure.Reason.IMAGE_ATTACH_FAILED, e.reason() + ": " + e.getMessage(), e);
    }
    if (!OCI_TAG.matcher(tag).matches()) {
      return; // e.g. semver build metadata ('+'): no tag can carry it; the digest names the image
    }
    try {
      images.tag(image, tag);
    } catch (ImageReleaseException e) {
      throw new BuildFailure(
          BuildFailure.Reason.IMAGE_PUSH_FAILED, e.reason() + ": " + e.getMessage(), e);
    }
  }

  private static ReleaseFile requireDigest(ReleaseFile stored, String collected)
      throws BuildFailure {
    if (!stored.sha256().equals(collected)) {
      throw new BuildFailure(
          BuildFailure.Reason.STORE_FAILED,
          stored.name()
              + " changed between collection and release: "
              + "expected sha256 "
              + collected
              + ", got "
              + stored.sha256());
    }
    return stored;
  }

  /**
   * The limits a build definition asks for; the runner lowers the operator's limits to them (a
   * rebuild asks for the same).
   */
  public static Limits requested(BuildDefinition.Limits l) {
    Limits d = Limits.DEFAULTS;
    return new Limits(
        l.memoryBytes() != null ? l.memoryBytes() : d.memoryBytes(),
        d.pids(),
        l.cpus() != null ? l.cpus() * 1000 : d.cpuMillis(),
        l.timeout() != null ? l.timeout() : d.timeout(),
        d.fileSizeBytes());
  }

  static String sha256(byte[] b) {
    return HexFormat.of().formatHex(digest().digest(b));
  }

  static String sha256(Path f) throws IOException {
    MessageDigest md = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Wall-clock milliseconds per phase. */
  private static final class Phases {
    private final Clock clock;
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long start;

    Phases(Clock clock) {
      this.clock = clock;
      this.start = clock.millis();
    }

    void end(String phase) {
      long now = clock.millis();
      millis.merge(phase, now - start, Long::sum);
      start = now;
    }

    void put(String phase, long ms) {
      millis.put(phase, ms);
    }

    void restart() {
      start = clock.millis();
    }

    Map<String, Long> millis() {
      return millis;
    }
  }
}
