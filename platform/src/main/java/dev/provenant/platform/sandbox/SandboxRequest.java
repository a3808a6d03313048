package dev.provenant.platform.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One build to run.
 *
 * @param buildId platform identifier of the build; names its workspace, cgroups and output folder
 *     ({@code [A-Za-z0-9._-]{1,64}})
 * @param sourceTree the checked-out tree at the tagged commit; read only, the runner copies it into
 *     the fresh workspace
 * @param steps shell lines run in order with {@code /bin/sh -c} in the workspace; the first one
 *     that exits non-zero ends the build
 * @param outputPatterns globs relative to the workspace ({@link
 *     java.nio.file.FileSystem#getPathMatcher} glob syntax) naming the files to release; each must
 *     match at least one regular file
 * @param limits limits asked for; the runner lowers its own (operator) limits to these
 * @param networkAllowList hosts the build may fetch from through the egress proxy; empty means no
 *     network at all
 * @param logFile host file that receives the build's stdout and stderr (capped by the file-size
 *     limit)
 */
public record SandboxRequest(
    String buildId,
    Path sourceTree,
    List<String> steps,
    List<String> outputPatterns,
    Limits limits,
    List<String> networkAllowList,
    Path logFile) {
  private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

  /** Validates the fields and copies the lists. */
  public SandboxRequest {
    Objects.requireNonNull(buildId, "buildId");
    if (!BUILD_ID.matcher(buildId).matches() || buildId.startsWith(".")) {
      throw new IllegalArgumentException(
          "buildId must match [A-Za-z0-9._-]{1,64}, got '" + buildId + "'");
    }
    Objects.requireNonNull(sourceTree, "sourceTree");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps must not be empty");
    }
    outputPatterns = List.copyOf(outputPatterns);
    for (String p : outputPatterns) {
      if (p.isEmpty()
          || p.startsWith("/")
          || p.equals("..")
          || p.startsWith("../")
          || p.contains("/../")) {
        throw new IllegalArgumentException(
            "output pattern must be relative to the workspace, got '" + p + "'");
      }
    }
    Objects.requireNonNull(limits, "limits");
    networkAllowList = List.copyOf(networkAllowList);
    for (String h : networkAllowList) {
      if (!HOST.matcher(h).matches()) {
        throw new IllegalArgumentException(
            "allow-listed host must be host or host:port, got '" + h + "'");
      }
    }
    Objects.requireNonNull(logFile, "logFile");
  }
}
