/**
 * The build sandbox (issue 9, items 4 and 5): {@link dev.provenant.platform.sandbox.Runner} runs
 * one build in a fresh, isolated, ephemeral environment; {@link
 * dev.provenant.platform.sandbox.BubblewrapRunner} is the shipped implementation; {@link
 * dev.provenant.platform.sandbox.Sboms} writes the CycloneDX 1.6 SBOM of what the build fetched.
 *
 * <p>Command the runner starts (as root), one process exec'ing into the next:
 *
 * <pre>
 * /bin/sh -c LAUNCHER  (joins the build's memory/pids/cpu cgroups, opens the seccomp program on fd 9)
 *  prlimit --fsize=N:N --core=0:0 --
 *  setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all --
 *  bwrap --die-with-parent --new-session --clearenv --unshare-all --unshare-user --disable-userns
 *        --cap-drop ALL --uid 65534 --gid 65534 --hostname provenant-build
 *        --ro-bind /usr /usr --symlink usr/bin /bin (and /sbin, /lib, /lib64 as on the host)
 *        --ro-bind TOOLCHAIN TOOLCHAIN ...   (/etc/alternatives, /etc/ssl/certs, /etc/java-*, ...)
 *        --proc /proc --dev /dev --size N --tmpfs /tmp
 *        --bind WORKSPACE /workspace --chdir /workspace
 *        [--bind EGRESS_SOCKET /run/provenant/egress.sock --setenv http_proxy http://127.0.0.1:3128 ...]
 *        --remount-ro /
 *        --setenv PATH ... --setenv HOME /workspace --setenv TMPDIR /tmp --setenv LANG C.UTF-8
 *        --seccomp 9 -- /bin/sh -c STEP_SCRIPT provenant-steps STEP...
 * </pre>
 *
 * <p>WORKSPACE is a tmpfs the runner mounts on the host (size N = the file-size limit, owned by
 * 65534) and fills with a copy of the source tree; after the build it collects the outputs,
 * unmounts and deletes it. Nothing else persists between builds.
 */
package dev.provenant.platform.sandbox;
