package dev.provenant.platform.sandbox;

/**
 * Runs one build in a fresh, isolated, ephemeral environment and hands back what the platform (not
 * the build) observed: the status, the collected and hashed outputs, the fetched resources and the
 * isolation settings that were applied.
 *
 * <p>Contract: every call gets a new workspace holding only a copy of {@link
 * SandboxRequest#sourceTree()}; nothing a build writes survives the call except the collected
 * outputs, which are copied outside the workspace before it is destroyed. A build that fails, times
 * out or hits a limit is a {@link SandboxResult} with the matching {@link SandboxResult.Status},
 * not an exception: exceptions are for a platform that cannot run builds at all.
 */
public interface Runner {

  /**
   * Runs the steps of {@code request} in a new sandbox, then collects its declared outputs.
   *
   * @param request what to build and under which limits
   * @return the outcome of the build, including failures of the build itself
   * @throws SandboxException if the platform could not set up or tear down the sandbox (missing
   *     bubblewrap, no cgroups, a bind that would expose the data directory, I/O on the host side)
   */
  SandboxResult run(SandboxRequest request) throws SandboxException;

  /**
   * Deletes the outputs collected for build {@code buildId} (the {@link SandboxRequest#buildId()}
   * of a finished run), once the platform has released or rejected them. Nothing of a build is kept
   * by the runner after that.
   */
  void discardOutputs(String buildId) throws java.io.IOException;
}
