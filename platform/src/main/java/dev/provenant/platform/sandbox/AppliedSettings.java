package dev.provenant.platform.sandbox;

import java.util.List;

/**
 * The isolation a build actually ran under, recorded for the provenance's {@code
 * internalParameters} and for the platform's self-assessment.
 *
 * @param runner implementation and version, e.g. {@code bubblewrap 0.8.0}
 * @param namespaces namespaces the build got of its own
 * @param uid user id inside and outside the sandbox
 * @param gid group id inside and outside the sandbox
 * @param capabilities capabilities kept (always empty)
 * @param noNewPrivs whether PR_SET_NO_NEW_PRIVS was set
 * @param seccompArchitecture the architecture the filter was built for
 * @param seccompDenied system calls that fail with EPERM
 * @param socketFamilies address families {@code socket(2)} accepts (others fail with EAFNOSUPPORT)
 * @param limits the effective limits
 * @param binds the file system the build saw, one entry per mount ("ro /usr", "rw /workspace", ...)
 * @param network "none" or "egress-proxy" plus the allow-listed hosts
 * @param argv the bubblewrap command line, for reproducing the setup
 */
public record AppliedSettings(
    String runner,
    List<String> namespaces,
    int uid,
    int gid,
    List<String> capabilities,
    boolean noNewPrivs,
    String seccompArchitecture,
    List<String> seccompDenied,
    List<String> socketFamilies,
    Limits limits,
    List<String> binds,
    String network,
    List<String> argv) {

  /** Copies the lists. */
  public AppliedSettings {
    namespaces = List.copyOf(namespaces);
    capabilities = List.copyOf(capabilities);
    seccompDenied = List.copyOf(seccompDenied);
    socketFamilies = List.copyOf(socketFamilies);
    binds = List.copyOf(binds);
    argv = List.copyOf(argv);
  }

  /**
   * The settings as the provenance's {@code internalParameters.sandbox} and the assessment show
   * them.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var o = json.createObjectNode();
    o.put("runner", runner);
    namespaces.forEach(o.putArray("namespaces")::add);
    o.put("uid", uid);
    o.put("gid", gid);
    capabilities.forEach(o.putArray("capabilities")::add);
    o.put("noNewPrivs", noNewPrivs);
    o.put("seccompArchitecture", seccompArchitecture);
    seccompDenied.forEach(o.putArray("seccompDenied")::add);
    socketFamilies.forEach(o.putArray("socketFamilies")::add);
    var l = o.putObject("limits");
    l.put("memoryBytes", limits.memoryBytes());
    l.put("pids", limits.pids());
    l.put("cpuMillis", limits.cpuMillis());
    l.put("timeoutSeconds", limits.timeout().toSeconds());
    l.put("fileSizeBytes", limits.fileSizeBytes());
    binds.forEach(o.putArray("binds")::add);
    o.put("network", network);
    return o;
  }
}
