package dev.provenant.platform.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Operator settings of the {@link BubblewrapRunner}.
 *
 * @param bwrap the bubblewrap executable
 * @param setpriv util-linux setpriv, used to drop to {@code uid} before bubblewrap starts
 *     (bubblewrap started as root would map the sandbox to host root)
 * @param prlimit util-linux prlimit, used to set RLIMIT_FSIZE and RLIMIT_CORE
 * @param socat socat, run inside the sandbox to bridge its loopback to the egress proxy's UNIX
 *     socket (only for builds with an allow-list); must lie under a path the sandbox sees
 * @param workRoot host folder for the per-build workspaces; must be traversable by {@code uid} and
 *     outside every protected folder
 * @param outputRoot host folder receiving {@code <buildId>/<output name>} copies
 * @param protectedDirs folders (the platform's data directory, its keys) that no bind may expose
 * @param toolchains extra read-only binds (host path = sandbox path) besides {@code /usr}: JDKs
 *     outside /usr, certificates, {@code /etc/alternatives}; paths that do not exist are skipped
 * @param operatorLimits the platform's limits; a request can only lower them
 * @param uid the unprivileged user the build runs as (65534, nobody)
 * @param gid its group (65534, nogroup)
 */
public record BubblewrapConfig(
    Path bwrap,
    Path setpriv,
    Path prlimit,
    Path socat,
    Path workRoot,
    Path outputRoot,
    List<Path> protectedDirs,
    List<Path> toolchains,
    Limits operatorLimits,
    int uid,
    int gid) {

  /** Copies the lists and checks the ids. */
  public BubblewrapConfig {
    Objects.requireNonNull(bwrap, "bwrap");
    Objects.requireNonNull(setpriv, "setpriv");
    Objects.requireNonNull(prlimit, "prlimit");
    Objects.requireNonNull(socat, "socat");
    Objects.requireNonNull(workRoot, "workRoot");
    Objects.requireNonNull(outputRoot, "outputRoot");
    protectedDirs = List.copyOf(protectedDirs);
    toolchains = List.copyOf(toolchains);
    Objects.requireNonNull(operatorLimits, "operatorLimits");
    if (uid <= 0 || gid <= 0) {
      throw new IllegalArgumentException("builds must not run as root: uid=" + uid + " gid=" + gid);
    }
  }

  /**
   * Debian defaults: tools in /usr/bin, uid/gid 65534, platform default limits, and as toolchains
   * the certificates, {@code /etc/alternatives}, the {@code /etc/java-*} configuration the Debian
   * JDKs link to, and this JVM's home if it lies outside /usr.
   *
   * @param workRoot where workspaces are created
   * @param outputRoot where collected outputs are stored
   * @param dataDir the platform's data directory, never visible to a build
   */
  public static BubblewrapConfig defaults(Path workRoot, Path outputRoot, Path dataDir) {
    List<Path> toolchains = new ArrayList<>();
    for (String p :
        List.of(
            "/etc/alternatives",
            "/etc/ssl/certs",
            "/etc/ca-certificates",
            "/usr/share/ca-certificates")) {
      toolchains.add(Path.of(p));
    }
    try (var s = Files.newDirectoryStream(Path.of("/etc"), "java-*")) {
      s.forEach(toolchains::add);
    } catch (java.io.IOException | java.nio.file.DirectoryIteratorException e) {
      // no Debian JDK configuration: nothing to bind
    }
    Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
    if (!javaHome.startsWith("/usr")) {
      toolchains.add(javaHome);
    }
    return new BubblewrapConfig(
        Path.of("/usr/bin/bwrap"),
        Path.of("/usr/bin/setpriv"),
        Path.of("/usr/bin/prlimit"),
        Path.of("/usr/bin/socat"),
        workRoot,
        outputRoot,
        List.of(dataDir),
        toolchains,
        Limits.DEFAULTS,
        65534,
        65534);
  }

  /** The same settings with other operator limits. */
  public BubblewrapConfig withOperatorLimits(Limits limits) {
    return new BubblewrapConfig(
        bwrap,
        setpriv,
        prlimit,
        socat,
        workRoot,
        outputRoot,
        protectedDirs,
        toolchains,
        limits,
        uid,
        gid);
  }
}
