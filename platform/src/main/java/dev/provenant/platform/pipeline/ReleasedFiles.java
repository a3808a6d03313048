package dev.provenant.platform.pipeline;

import dev.provenant.core.intoto.Subject;
import dev.provenant.platform.generator.GeneratorProcess;
import dev.provenant.platform.sandbox.SandboxResult;
import dev.provenant.platform.sandbox.Sboms;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a build's collected outputs release: each output under its plain name, the SBOM of what the
 * egress proxy served, and the checksum list — with the sha256 of each, the provenance's subjects.
 * The one home of this mapping: a release ({@link BuildPipeline}) and a rebuild (which compares its
 * subjects with the release's) both take their subjects from here.
 *
 * @param outputs the collected outputs by release name (sorted)
 * @param sbom the SBOM's bytes ({@link BuildPipeline#SBOM})
 * @param checksums the checksum list's bytes ({@link BuildPipeline#CHECKSUMS})
 * @param digests every released name (outputs, SBOM, checksum list, in that order) to its sha256
 */
public record ReleasedFiles(
    Map<String, SandboxResult.Output> outputs,
    byte[] sbom,
    byte[] checksums,
    Map<String, String> digests) {

  /** Two outputs, or an output and a file the platform adds, share a release name. */
  public static final class NameClashException extends Exception {
    private static final long serialVersionUID = 1L;

    NameClashException(String name) {
      super("two outputs, or an output and a platform file, share the release name " + name);
    }
  }

  /**
   * Maps a successful sandbox result to the files a release of {@code project} {@code tag} holds.
   *
   * @throws NameClashException when two outputs (or an output and the SBOM, the checksum list or
   *     the provenance file) would be released under one name
   */
  public static ReleasedFiles of(String project, String tag, SandboxResult result)
      throws NameClashException {
    Map<String, SandboxResult.Output> byName = new TreeMap<>();
    for (SandboxResult.Output o : result.outputs()) {
      String name = o.name().substring(o.name().lastIndexOf('/') + 1);
      if (name.equals(BuildPipeline.SBOM)
          || name.equals(BuildPipeline.CHECKSUMS)
          || name.equals(GeneratorProcess.PROVENANCE_FILE)
          || name.equals(BuildPipeline.IMAGE_PROVENANCE)
          || byName.putIfAbsent(name, o) != null) {
        throw new NameClashException(name);
      }
    }
    byte[] sbom = Sboms.toJson(project, tag, result.fetched());
    Map<String, String> digests = new LinkedHashMap<>();
    byName.forEach((n, o) -> digests.put(n, o.sha256()));
    digests.put(BuildPipeline.SBOM, BuildPipeline.sha256(sbom));
    StringBuilder sums = new StringBuilder();
    digests.forEach((n, d) -> sums.append(d).append("  ").append(n).append('\n'));
    byte[] checksums = sums.toString().getBytes(StandardCharsets.UTF_8);
    digests.put(BuildPipeline.CHECKSUMS, BuildPipeline.sha256(checksums));
    return new ReleasedFiles(
        java.util.Collections.unmodifiableMap(byName),
        sbom,
        checksums,
        java.util.Collections.unmodifiableMap(digests));
  }

  /** The provenance's subjects: every released file by name and sha256. */
  public List<Subject> subjects() {
    List<Subject> subjects = new ArrayList<>();
    digests.forEach((n, d) -> subjects.add(new Subject(n, Map.of("sha256", d))));
    return subjects;
  }
}
