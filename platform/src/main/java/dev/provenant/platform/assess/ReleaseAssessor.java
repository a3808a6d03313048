package dev.provenant.platform.assess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.bundle.InclusionProof;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.platform.build.BuildRecord;
import dev.provenant.platform.build.BuildStatus;
import dev.provenant.platform.build.BuildStore;
import dev.provenant.platform.release.ReleaseFile;
import dev.provenant.platform.release.ReleaseManifest;
import dev.provenant.platform.release.ReleaseStore;
import dev.provenant.platform.source.TriggerJournal;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.TrustRoots;
import dev.provenant.verify.slsa.BuilderCertificate;
import dev.provenant.verify.slsa.BuildersFile;
import dev.provenant.verify.slsa.BuildersFileException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.ReleaseVerifier;
import dev.provenant.verify.slsa.ReleaseVerifier.FileResult;
import dev.provenant.verify.slsa.ReleaseVerifier.ReleaseFileDigest;
import dev.provenant.verify.slsa.ReleaseVerifier.ReleaseVerdict;
import dev.provenant.verify.slsa.SigstoreEvidences;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.TrustedBuilders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes a release's SLSA Build L3 assessment from what the platform stored: the release files as
 * they are on disk now, verified with Provenant's verifier ({@link ReleaseVerifier}: the same code
 * path as {@code verify-artifact}) against the instance's trusted root and builders file, and the
 * platform's records of the build (build record, trigger journal, the sandbox settings as applied,
 * which the signed provenance carries in {@code internalParameters}). Nothing is cached: a file
 * altered on disk turns the provenance rows to No on the next call.
 */
public final class ReleaseAssessor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUILD_CONFIG_PATH = ".provenant/build.yaml";

  /**
   * The instance's trust material and names.
   *
   * @param web the platform's base URL ({@code {web}})
   * @param trustedRoot the instance's trusted_root.json
   * @param builders the instance's builders file
   * @param builderId the builder id its releases carry ({@code {web}/generators/slsa3@vX.Y.Z})
   */
  public record Instance(String web, Path trustedRoot, Path builders, String builderId) {}

  private final ReleaseStore releases;
  private final BuildStore builds;
  private final TriggerJournal journal;
  private final Instance instance;

  public ReleaseAssessor(
      ReleaseStore releases, BuildStore builds, TriggerJournal journal, Instance instance) {
    this.releases = releases;
    this.builds = builds;
    this.journal = journal;
    this.instance = instance;
  }

  /** The assessment of a published release; empty when the tag has no release. */
  public Optional<Assessment> assess(String project, String tag) throws IOException {
    Optional<ReleaseManifest> found = releases.find(project, tag);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ReleaseManifest m = found.get();
    Optional<BuildRecord> build = builds.find(m.buildId());
    List<TriggerJournal.Entry> accepted =
        journal.decisions(project).stream()
            .filter(e -> e.tag().equals(tag) && e.kind().equals("accepted"))
            .toList();
    Path provenanceFile = releases.file(project, tag, m.provenance()).orElseThrow();
    Path filesDir = provenanceFile.getParent();

    // The files as they are on disk now, by the manifest's names, plus any file nobody listed.
    List<ReleaseFileDigest> onDisk = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    m.files().forEach(f -> names.add(f.name()));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(filesDir)) {
      List<String> more = new ArrayList<>();
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!n.equals(m.provenance())
            && !names.contains(n)
            && m.images().stream().noneMatch(i -> i.provenance().equals(n))) {
          more.add(n);
        }
      }
      more.stream().sorted().forEach(names::add);
    }
    for (String n : names) {
      Path p = filesDir.resolve(n);
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        onDisk.add(new ReleaseFileDigest(n, sha256(p)));
      }
    }

    // Provenance verification: Provenant's verifier on the stored files.
    ReleaseVerdict verdict = null;
    VerificationException failure = null;
    byte[] provenance = null;
    try {
      provenance = Files.readAllBytes(provenanceFile);
      verdict =
          ReleaseVerifier.verify(
              verifier(),
              provenance,
              onDisk,
              policy(project, tag),
              SlsaVerifier.TlogMode.IGNORE,
              new Checks(),
              w -> {});
      if (!verdict.passed()) {
        failure = verdict.failure();
      }
    } catch (NoSuchFileException e) {
      failure =
          new VerificationException(
              "provenance.file",
              Reason.NO_ATTESTATION,
              "the release's provenance file " + m.provenance() + " is not on disk");
    } catch (VerificationException e) {
      failure = e;
    }
    JsonNode statement = verdict == null ? null : JSON.readTree(verdict.provenance().statement());
    JsonNode predicate = statement == null ? JSON.missingNode() : statement.path("predicate");
    JsonNode sandbox = predicate.path("buildDefinition").path("internalParameters");
    if (sandbox.has("sandbox")) {
      sandbox = sandbox.get("sandbox");
    }
    BuilderCertificate cert = verdict == null ? null : certificate(provenance);
    // The log entry is shown (and checked again in the browser) even when verification failed.
    TlogEntry entry = provenance == null ? null : tlogEntry(provenance);

    ObjectNode details =
        details(
            m,
            build.orElse(null),
            accepted,
            onDisk,
            verdict,
            failure,
            predicate,
            sandbox,
            cert,
            entry);
    List<Requirement> rows = new ArrayList<>();
    String verified =
        verdict == null
            ? null
            : "the provenance ("
                + m.provenance()
                + ") verified with Provenant's "
                + "verifier against the instance's trusted_root.json and builders file";
    String whyNot = failure == null ? null : failure.verdictLine();
    // Images the release pushed: each one's own provenance, verified against the image digest.
    List<ImageEvidence.Result> images =
        ImageEvidence.verify(m, filesDir, this::verifier, policy(project, tag));
    if (!images.isEmpty()) {
      details.set("images", ImageEvidence.json(images));
    }
    String imageEvidence = ImageEvidence.evidence(images);
    boolean filesOk = verdict != null && failure == null && ImageEvidence.allPassed(images);
    if (verdict != null && failure == null && !filesOk) {
      whyNot = "an image's provenance did not verify" + imageEvidence;
    }

    // --- Build platform
    List<Requirement> platform = new ArrayList<>();
    platform.add(
        new Requirement(
            "platform.provenance-exists",
            "platform",
            "Provenance exists",
            true,
            filesOk,
            filesOk
                ? "every released file ("
                    + onDisk.size()
                    + ") is a subject of the verified provenance, by name and sha256; "
                    + verified
                    + imageEvidence
                : "No: " + whyNot));
    String log =
        entry == null
            ? ""
            : "; log entry "
                + entry.logIndex()
                + " ("
                + entry.kind()
                + ") integrated at "
                + Instant.ofEpochSecond(entry.integratedTime())
                + ", with its signed entry timestamp, inclusion proof and "
                + "checkpoint verified";
    platform.add(
        new Requirement(
            "platform.provenance-authentic",
            "platform",
            "Provenance is authentic",
            true,
            filesOk,
            filesOk
                ? "DSSE signature by the certificate of "
                    + cert.san()
                    + " issued by "
                    + cert.issuer()
                    + ", chained to the instance's CA"
                    + log
                    + "; the subjects match every stored file"
                    + imageEvidence
                : "No: " + whyNot));
    platform.add(unforgeable(verdict, cert, sandbox, whyNot));
    platform.add(hosted(build.orElse(null), verdict, cert, sandbox, whyNot));
    platform.add(isolated(verdict, sandbox, whyNot));
    boolean platformOk = platform.stream().allMatch(Requirement::met);

    // --- Producer
    rows.add(
        new Requirement(
            "producer.choose-platform",
            "producer",
            "Choose an appropriate build platform",
            true,
            verdict != null && platformOk,
            verdict == null
                ? "No: " + whyNot
                : "built by "
                    + verdict.provenance().builderId()
                    + ", a builder the instance's builders file trusts"
                    + (platformOk
                        ? ", which meets every build-platform requirement below"
                        : "; No: the build platform does not meet every requirement below")));
    rows.add(consistent(tag, build.orElse(null), accepted, predicate, verdict, whyNot));
    rows.add(
        new Requirement(
            "producer.distribute-provenance",
            "producer",
            "Distribute provenance",
            true,
            verdict != null,
            verdict != null
                ? m.provenance()
                    + " is published with the release at "
                    + instance.web()
                    + "/releases/"
                    + project
                    + "/"
                    + tag
                    + "/"
                    + m.provenance()
                    + " (a Sigstore bundle: the signed statement, the certificate "
                    + "and the log entry); "
                    + verified
                : "No: " + whyNot));
    rows.addAll(platform);
    // Beyond L3: the latest rebuild of this release, if one ran (evidence, not a requirement).
    Reproducibility rebuilt =
        Reproducibility.latest(builds.rebuilds().forRelease(project, tag), m.buildId());
    return Optional.of(new Assessment(project, tag, rows, details, rebuilt));
  }

  private Requirement consistent(
      String tag,
      BuildRecord b,
      List<TriggerJournal.Entry> accepted,
      JsonNode predicate,
      ReleaseVerdict verdict,
      String whyNot) {
    String title = "Follow a consistent build process";
    if (b == null) {
      return new Requirement(
          "producer.consistent-build",
          "producer",
          title,
          true,
          false,
          "No: the platform has no build record for this release");
    }
    if (b.status() != BuildStatus.RELEASED || b.signer() == null) {
      return new Requirement(
          "producer.consistent-build",
          "producer",
          title,
          true,
          false,
          "No: build "
              + b.id()
              + " is "
              + b.status().apiName()
              + (b.signer() == null ? " with no verified tag signer" : ""));
    }
    Optional<TriggerJournal.Entry> trigger =
        accepted.stream()
            .filter(e -> e.detail() != null && e.detail().endsWith(b.signer()))
            .findFirst();
    if (trigger.isEmpty()) {
      return new Requirement(
          "producer.consistent-build",
          "producer",
          title,
          true,
          false,
          "No: the trigger journal has no accepted trigger of " + tag + " signed by " + b.signer());
    }
    if (verdict == null) {
      return new Requirement(
          "producer.consistent-build", "producer", title, true, false, "No: " + whyNot);
    }
    JsonNode def = predicate.path("buildDefinition");
    String path = def.path("externalParameters").path("buildConfig").path("path").asText();
    String digest =
        def.path("externalParameters").path("buildConfig").path("digest").path("sha256").asText();
    boolean ok =
        path.equals(BUILD_CONFIG_PATH)
            && digest.matches("[0-9a-f]{64}")
            && def.path("buildType").asText().equals(BuildersFile.SANDBOX_BUILD_TYPE);
    return new Requirement(
        "producer.consistent-build",
        "producer",
        title,
        true,
        ok,
        (ok ? "" : "No: the provenance's build definition is not the platform's; ")
            + "signed tag "
            + tag
            + " accepted at "
            + trigger.get().at()
            + " (signer "
            + b.signer()
            + ", tag object "
            + trigger.get().refValue()
            + "); built from "
            + path
            + " sha256 "
            + digest
            + " (read from the verified provenance: the build record does not keep the digest) with build type "
            + def.path("buildType").asText());
  }

  private Requirement unforgeable(
      ReleaseVerdict verdict, BuilderCertificate cert, JsonNode sandbox, String whyNot) {
    String title = "Provenance is unforgeable";
    if (verdict == null) {
      return new Requirement(
          "platform.provenance-unforgeable", "platform", title, true, false, "No: " + whyNot);
    }
    List<String> problems = new ArrayList<>();
    if (!cert.san().equals(instance.builderId())) {
      problems.add(
          "the signing certificate names "
              + cert.san()
              + ", not the generator "
              + instance.builderId());
    }
    String network = sandbox.path("network").asText("");
    if (network.isEmpty()) {
      problems.add("the provenance does not record the sandbox's network");
    }
    String host = hostOf(instance.web());
    if (!host.isEmpty() && network.contains(host)) {
      problems.add(
          "the sandbox could reach the platform host " + host + " (network: " + network + ")");
    }
    if (sandbox.path("capabilities").size() != 0) {
      problems.add("the build kept capabilities " + sandbox.path("capabilities"));
    }
    for (JsonNode bind : sandbox.path("binds")) {
      if (bind.asText().contains("private")) {
        problems.add("the build saw " + bind.asText());
      }
    }
    boolean ok = problems.isEmpty();
    return new Requirement(
        "platform.provenance-unforgeable",
        "platform",
        title,
        true,
        ok,
        (ok ? "" : "No: " + String.join("; ", problems) + "; ")
            + "signed by the separate generator process with a short-lived certificate for "
            + cert.san()
            + " from the platform's workload token; the build held no signing access (sandbox network: "
            + network
            + ", capabilities: "
            + sandbox.path("capabilities")
            + ", binds: "
            + sandbox.path("binds")
            + "; settings as applied, read from the signed provenance's internalParameters)");
  }

  private Requirement hosted(
      BuildRecord b,
      ReleaseVerdict verdict,
      BuilderCertificate cert,
      JsonNode sandbox,
      String whyNot) {
    String title = "Hosted";
    if (verdict == null) {
      return new Requirement("platform.hosted", "platform", title, true, false, "No: " + whyNot);
    }
    if (b == null || b.runner() == null) {
      return new Requirement(
          "platform.hosted",
          "platform",
          title,
          true,
          false,
          "No: the platform has no record of the runner that built this release");
    }
    boolean issuerOk = cert.issuer().equals(instance.web());
    return new Requirement(
        "platform.hosted",
        "platform",
        title,
        true,
        issuerOk,
        (issuerOk
                ? ""
                : "No: the certificate's issuer " + cert.issuer() + " is not this platform; ")
            + "built by the platform's runner "
            + b.runner()
            + " (build "
            + b.id()
            + ", attempt "
            + b.attempt()
            + ") in "
            + sandbox.path("runner").asText("an unrecorded sandbox")
            + "; certificate issued on the "
            + "platform's workload token (issuer "
            + cert.issuer()
            + ")");
  }

  private Requirement isolated(ReleaseVerdict verdict, JsonNode sandbox, String whyNot) {
    String title = "Isolated";
    if (verdict == null) {
      return new Requirement("platform.isolated", "platform", title, true, false, "No: " + whyNot);
    }
    List<String> problems = new ArrayList<>();
    Set<String> ns = new LinkedHashSet<>();
    sandbox.path("namespaces").forEach(n -> ns.add(n.asText()));
    for (String need : List.of("user", "pid", "net", "ipc", "uts")) {
      if (ns.stream().noneMatch(n -> n.startsWith(need))) {
        problems.add("no " + need + " namespace of its own");
      }
    }
    if (!sandbox.path("noNewPrivs").asBoolean(false)) {
      problems.add("no_new_privs was not set");
    }
    if (sandbox.path("capabilities").size() != 0) {
      problems.add("capabilities kept: " + sandbox.path("capabilities"));
    }
    if (sandbox.path("seccompDenied").size() == 0) {
      problems.add("no seccomp filter recorded");
    }
    if (!sandbox.path("limits").isObject()) {
      problems.add("no resource limits recorded");
    }
    boolean ok = problems.isEmpty();
    return new Requirement(
        "platform.isolated",
        "platform",
        title,
        true,
        ok,
        (ok ? "" : "No: " + String.join("; ", problems) + "; ")
            + "ran in "
            + sandbox.path("runner").asText("?")
            + " with namespaces "
            + ns
            + ", no_new_privs "
            + sandbox.path("noNewPrivs").asBoolean(false)
            + ", seccomp denying "
            + sandbox.path("seccompDenied").size()
            + " system calls, limits "
            + sandbox.path("limits")
            + ", network "
            + sandbox.path("network").asText("?")
            + ", an ephemeral workspace (binds "
            + sandbox.path("binds")
            + "); settings as applied, read from the "
            + "signed provenance's internalParameters");
  }

  private ObjectNode details(
      ReleaseManifest m,
      BuildRecord b,
      List<TriggerJournal.Entry> accepted,
      List<ReleaseFileDigest> onDisk,
      ReleaseVerdict verdict,
      VerificationException failure,
      JsonNode predicate,
      JsonNode sandbox,
      BuilderCertificate cert,
      TlogEntry entry) {
    ObjectNode d = JSON.createObjectNode();
    d.put("buildId", m.buildId());
    d.put("commit", m.commit());
    d.put("publishedAt", m.publishedAt().toString());
    d.put("provenanceFile", m.provenance());
    d.put("sbomFile", m.sbom());
    d.put("checksumsFile", m.checksums());
    ObjectNode v = d.putObject("verification");
    v.put("passed", verdict != null && failure == null);
    if (failure != null) {
      v.put("check", failure.check());
      v.put("reason", failure.reason().name());
      v.put("detail", failure.verdictLine());
    }
    ArrayNode files = d.putArray("files");
    Map<String, FileResult> results = new java.util.HashMap<>();
    if (verdict != null) {
      verdict.files().forEach(f -> results.put(f.name(), f));
    }
    Set<String> listed = new LinkedHashSet<>();
    for (ReleaseFile f : m.files()) {
      listed.add(f.name());
      ObjectNode o =
          files.addObject().put("name", f.name()).put("sha256", f.sha256()).put("size", f.size());
      String actual =
          onDisk.stream()
              .filter(x -> x.name().equals(f.name()))
              .map(ReleaseFileDigest::sha256)
              .findFirst()
              .orElse(null);
      o.put("actualSha256", actual);
      FileResult r = results.get(f.name());
      o.put("status", r != null ? r.status().name() : actual == null ? "MISSING" : "UNVERIFIED");
      o.put(
          "reason",
          r != null
              ? r.reason()
              : actual == null ? "not on disk" : "the provenance did not verify");
    }
    for (ReleaseFileDigest f : onDisk) {
      if (!listed.contains(f.name())) {
        FileResult r = results.get(f.name());
        files
            .addObject()
            .put("name", f.name())
            .putNull("sha256")
            .put("size", -1)
            .put("actualSha256", f.sha256())
            .put("status", "EXTRA")
            .put("reason", r != null ? r.reason() : "not in the release manifest");
      }
    }
    if (b != null) {
      ObjectNode bo = d.putObject("build");
      bo.put("id", b.id());
      bo.put("status", b.status().apiName());
      bo.put("signer", b.signer());
      bo.put("runner", b.runner());
      bo.put("attempt", b.attempt());
      bo.put("tagObject", b.tagObject());
      ObjectNode ph = bo.putObject("phases");
      b.phases().forEach(ph::put);
    }
    if (!accepted.isEmpty()) {
      d.put("triggerAcceptedAt", accepted.get(0).at().toString());
      d.put("tagSigner", accepted.get(0).detail());
    }
    if (verdict != null) {
      ObjectNode p = d.putObject("provenance");
      JsonNode def = predicate.path("buildDefinition");
      p.put("builderId", predicate.path("runDetails").path("builder").path("id").asText());
      p.put("buildType", def.path("buildType").asText());
      p.put("source", def.path("externalParameters").path("source").path("uri").asText());
      p.put(
          "commit",
          def.path("externalParameters").path("source").path("digest").path("gitCommit").asText());
      p.put("certificateIssuer", cert == null ? null : cert.issuer());
      p.put("certificateIdentity", cert == null ? null : cert.san());
      p.put("sourceRef", cert == null ? null : cert.sourceRepositoryRef());
      p.put(
          "buildConfigPath",
          def.path("externalParameters").path("buildConfig").path("path").asText());
      p.put(
          "buildConfigSha256",
          def.path("externalParameters")
              .path("buildConfig")
              .path("digest")
              .path("sha256")
              .asText());
      p.set("resolvedDependencies", def.path("resolvedDependencies").deepCopy());
      JsonNode md = predicate.path("runDetails").path("metadata");
      p.put("invocationId", md.path("invocationId").asText());
      p.put("startedOn", md.path("startedOn").asText());
      p.put("finishedOn", md.path("finishedOn").asText());
      p.set("sandbox", sandbox.deepCopy());
      p.set("byproducts", predicate.path("runDetails").path("byproducts").deepCopy());
    }
    if (entry != null) {
      ObjectNode l = d.putObject("log");
      l.put("index", entry.logIndex());
      l.put("integratedTime", entry.integratedTime());
      l.put("integratedAt", Instant.ofEpochSecond(entry.integratedTime()).toString());
      l.put("kind", entry.kind() + " " + entry.version());
      l.put("logId", Base64s.encode(entry.logId()));
      l.put("canonicalizedBody", Base64s.encode(entry.canonicalizedBody()));
      entry.inclusionProof().ifPresent(ip -> inclusion(l, ip));
      logKey(l, entry);
    }
    return d;
  }

  private static void inclusion(ObjectNode l, InclusionProof ip) {
    ObjectNode o = l.putObject("inclusionProof");
    o.put("logIndex", ip.logIndex());
    o.put("treeSize", ip.treeSize());
    o.put("rootHash", Base64s.encode(ip.rootHash()));
    ArrayNode h = o.putArray("hashes");
    ip.hashes().forEach(x -> h.add(Base64s.encode(x)));
    o.put("checkpoint", ip.checkpoint());
  }

  /**
   * The log's public key (SPKI) from the trusted root, for the page's in-browser checkpoint check.
   */
  private void logKey(ObjectNode l, TlogEntry entry) {
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(instance.trustedRoot()));
      String id = Base64s.encode(entry.logId());
      for (JsonNode t : root.path("tlogs")) {
        if (t.path("logId").path("keyId").asText().equals(id)) {
          l.put("publicKey", t.path("publicKey").path("rawBytes").asText());
          l.put("keyDetails", t.path("publicKey").path("keyDetails").asText());
        }
      }
    } catch (IOException e) {
      // The server-side verification already used the root; the page then says the key is unknown.
    }
  }

  private SlsaVerifier verifier() throws VerificationException {
    byte[] buildersJson;
    try {
      buildersJson = Files.readAllBytes(instance.builders());
    } catch (IOException e) {
      throw new VerificationException(
          "builders.file", Reason.INPUT_UNREADABLE, "cannot read the builders file: " + e);
    }
    try {
      return SlsaVerifier.create(
          SigstoreEvidences.create(TrustRoots.fromFile(instance.trustedRoot())),
          null,
          TrustedBuilders.withConfigured(BuildersFile.parse(buildersJson)));
    } catch (BuildersFileException e) {
      throw new VerificationException(
          "builders.file",
          Reason.INPUT_MALFORMED,
          "builders file at " + e.path(),
          e.expected(),
          e.actual());
    }
  }

  private SlsaPolicy policy(String project, String tag) {
    String git = instance.web() + "/git/" + project;
    String sourceUri = git.replaceFirst("^[a-z]+://", "");
    return new SlsaPolicy(sourceUri, instance.builderId(), null, tag, null, Map.of(), false);
  }

  private static BuilderCertificate certificate(byte[] provenance) {
    try {
      X509Certificate leaf =
          Bundle.parse(provenance).verificationMaterial().leafCertificate().orElse(null);
      return leaf == null ? null : BuilderCertificate.of(leaf);
    } catch (BundleFormatException | VerificationException e) {
      return null; // verified above, so not reached
    }
  }

  private static TlogEntry tlogEntry(byte[] provenance) {
    try {
      List<TlogEntry> es = Bundle.parse(provenance).verificationMaterial().tlogEntries();
      return es.isEmpty() ? null : es.get(0);
    } catch (BundleFormatException e) {
      return null;
    }
  }

  private static String hostOf(String url) {
    String s = url.replaceFirst("^[a-z]+://", "");
    int slash = s.indexOf('/');
    return slash < 0 ? s : s.substring(0, slash);
  }

  static String sha256(Path p) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
