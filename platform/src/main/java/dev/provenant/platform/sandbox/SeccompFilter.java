package dev.provenant.platform.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seccomp deny-list compiled to a classic-BPF program, the format {@code bwrap --seccomp FD}
 * loads with {@code prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)}. Written here rather than with
 * libseccomp so that installing the platform needs no native build step.
 *
 * <p>Program: a foreign architecture (i386 or x32 system calls on x86_64, compat calls on aarch64)
 * kills the process, because their numbers differ and a deny-list keyed by the native numbers would
 * not hold; each denied system call returns EPERM; {@code socket(2)} is allowed only for AF_UNIX,
 * AF_INET and AF_INET6 and otherwise returns EAFNOSUPPORT (no netlink, packet, vsock, bluetooth ...
 * sockets); everything else is allowed.
 *
 * <p>Security guarantees: the filter is inherited by every descendant and cannot be removed; it
 * complements, not replaces, the dropped capabilities and no-new-privs.
 */
public final class SeccompFilter {
  // struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }
  private static final int OFFSET_NR = 0;
  private static final int OFFSET_ARCH = 4;
  private static final int OFFSET_ARG0_LOW = 16; // little-endian on both supported architectures

  private static final short LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
  private static final short JEQ_K = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
  private static final short JGE_K = 0x35; // BPF_JMP | BPF_JGE | BPF_K
  private static final short RET_K = 0x06; // BPF_RET | BPF_K

  private static final int RET_KILL_PROCESS = 0x80000000;
  private static final int RET_ERRNO = 0x00050000;
  private static final int RET_ALLOW = 0x7fff0000;
  private static final int EPERM = 1;
  private static final int EAFNOSUPPORT = 97;

  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;

  /** The system calls denied, in the order they appear in the filter. */
  public static final List<String> DENIED =
      List.of(
          "ptrace",
          "process_vm_readv",
          "process_vm_writev",
          "pidfd_getfd",
          "bpf",
          "perf_event_open",
          "userfaultfd",
          "io_uring_setup",
          "io_uring_enter",
          "io_uring_register",
          "keyctl",
          "add_key",
          "request_key",
          "unshare",
          "setns",
          "mount",
          "umount2",
          "pivot_root",
          "chroot",
          "mount_setattr",
          "move_mount",
          "open_tree",
          "fsopen",
          "fsconfig",
          "fsmount",
          "fspick",
          "open_by_handle_at",
          "name_to_handle_at",
          "kexec_load",
          "kexec_file_load",
          "init_module",
          "finit_module",
          "delete_module",
          "swapon",
          "swapoff",
          "reboot",
          "acct",
          "quotactl",
          "syslog",
          "lookup_dcookie",
          "settimeofday",
          "clock_settime",
          "clock_adjtime",
          "adjtimex",
          "vhangup");

  /** Address families socket(2) accepts. */
  public static final List<String> SOCKET_FAMILIES = List.of("AF_UNIX", "AF_INET", "AF_INET6");

  private final Arch arch;

  private SeccompFilter(Arch arch) {
    this.arch = arch;
  }

  /**
   * The filter for the architecture this JVM runs on.
   *
   * @throws SandboxException UNSUPPORTED_ARCHITECTURE on anything but x86_64 and aarch64
   */
  public static SeccompFilter forHost() throws SandboxException {
    String osArch = System.getProperty("os.arch");
    for (Arch a : Arch.values()) {
      if (a.javaNames.contains(osArch)) {
        return new SeccompFilter(a);
      }
    }
    throw new SandboxException(
        SandboxException.Reason.UNSUPPORTED_ARCHITECTURE,
        "expected x86_64 or aarch64, got os.arch=" + osArch);
  }

  /** The architecture name, e.g. {@code x86_64}. */
  public String architecture() {
    return arch.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The compiled program: {@code struct sock_filter} entries in native byte order. */
  public byte[] program() {
    List<int[]> insns = new ArrayList<>(); // {code, jt, jf, k}
    // Jump targets are filled in once the positions of the shared return instructions are known.
    insns.add(new int[] {LD_W_ABS, 0, 0, OFFSET_ARCH});
    int archCheck = insns.size();
    insns.add(new int[] {JEQ_K, 0, -1, arch.auditArch}); // jf -> kill
    insns.add(new int[] {LD_W_ABS, 0, 0, OFFSET_NR});
    List<Integer> toDeny = new ArrayList<>();
    if (arch.x32Bit != 0) {
      toDeny.add(insns.size());
      insns.add(new int[] {JGE_K, -1, 0, arch.x32Bit}); // x32 ABI numbers -> deny
    }
    for (String name : DENIED) {
      Integer nr = arch.numbers.get(name);
      if (nr == null) {
        throw new IllegalStateException("no syscall number for " + name + " on " + arch); // bug
      }
      toDeny.add(insns.size());
      insns.add(new int[] {JEQ_K, -1, 0, nr});
    }
    int socketCheck = insns.size();
    insns.add(new int[] {JEQ_K, 1, 0, arch.numbers.get("socket")});
    insns.add(new int[] {RET_K, 0, 0, RET_ALLOW});
    insns.add(new int[] {LD_W_ABS, 0, 0, OFFSET_ARG0_LOW});
    insns.add(new int[] {JEQ_K, 3, 0, AF_UNIX});
    insns.add(new int[] {JEQ_K, 2, 0, AF_INET});
    insns.add(new int[] {JEQ_K, 1, 0, AF_INET6});
    insns.add(new int[] {RET_K, 0, 0, RET_ERRNO | EAFNOSUPPORT});
    insns.add(new int[] {RET_K, 0, 0, RET_ALLOW});
    int deny = insns.size();
    insns.add(new int[] {RET_K, 0, 0, RET_ERRNO | EPERM});
    int kill = insns.size();
    insns.add(new int[] {RET_K, 0, 0, RET_KILL_PROCESS});
    assert socketCheck > 0;

    insns.get(archCheck)[2] = jump(archCheck, kill);
    for (int at : toDeny) {
      insns.get(at)[1] = jump(at, deny);
    }
    ByteBuffer buf = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.nativeOrder());
    for (int[] i : insns) {
      buf.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(buf.array());
    return out.toByteArray();
  }

  private static int jump(int from, int to) {
    int offset = to - from - 1;
    if (offset < 0 || offset > 255) {
      throw new IllegalStateException("BPF jump out of range: " + offset); // bug: list too long
    }
    return offset;
  }

  private enum Arch {
    // Numbers: x86_64 from asm/unistd_64.h, aarch64 from asm-generic/unistd.h.
    X86_64(
        List.of("amd64", "x86_64"),
        0xC000003E,
        0x40000000,
        new Object[] {
          "ptrace",
          101,
          "process_vm_readv",
          310,
          "process_vm_writev",
          311,
          "pidfd_getfd",
          438,
          "bpf",
          321,
          "perf_event_open",
          298,
          "userfaultfd",
          323,
          "io_uring_setup",
          425,
          "io_uring_enter",
          426,
          "io_uring_register",
          427,
          "keyctl",
          250,
          "add_key",
          248,
          "request_key",
          249,
          "unshare",
          272,
          "setns",
          308,
          "mount",
          165,
          "umount2",
          166,
          "pivot_root",
          155,
          "chroot",
          161,
          "mount_setattr",
          442,
          "move_mount",
          429,
          "open_tree",
          428,
          "fsopen",
          430,
          "fsconfig",
          431,
          "fsmount",
          432,
          "fspick",
          433,
          "open_by_handle_at",
          304,
          "name_to_handle_at",
          303,
          "kexec_load",
          246,
          "kexec_file_load",
          320,
          "init_module",
          175,
          "finit_module",
          313,
          "delete_module",
          176,
          "swapon",
          167,
          "swapoff",
          168,
          "reboot",
          169,
          "acct",
          163,
          "quotactl",
          179,
          "syslog",
          103,
          "lookup_dcookie",
          212,
          "settimeofday",
          164,
          "clock_settime",
          227,
          "clock_adjtime",
          305,
          "adjtimex",
          159,
          "vhangup",
          153,
          "socket",
          41
        }),
    AARCH64(
        List.of("aarch64", "arm64"),
        0xC00000B7,
        0,
        new Object[] {
          "ptrace",
          117,
          "process_vm_readv",
          270,
          "process_vm_writev",
          271,
          "pidfd_getfd",
          438,
          "bpf",
          280,
          "perf_event_open",
          241,
          "userfaultfd",
          282,
          "io_uring_setup",
          425,
          "io_uring_enter",
          426,
          "io_uring_register",
          427,
          "keyctl",
          219,
          "add_key",
          217,
          "request_key",
          218,
          "unshare",
          97,
          "setns",
          268,
          "mount",
          40,
          "umount2",
          39,
          "pivot_root",
          41,
          "chroot",
          51,
          "mount_setattr",
          442,
          "move_mount",
          429,
          "open_tree",
          428,
          "fsopen",
          430,
          "fsconfig",
          431,
          "fsmount",
          432,
          "fspick",
          433,
          "open_by_handle_at",
          265,
          "name_to_handle_at",
          264,
          "kexec_load",
          104,
          "kexec_file_load",
          294,
          "init_module",
          105,
          "finit_module",
          273,
          "delete_module",
          106,
          "swapon",
          224,
          "swapoff",
          225,
          "reboot",
          142,
          "acct",
          89,
          "quotactl",
          60,
          "syslog",
          116,
          "lookup_dcookie",
          18,
          "settimeofday",
          170,
          "clock_settime",
          112,
          "clock_adjtime",
          266,
          "adjtimex",
          171,
          "vhangup",
          58,
          "socket",
          198
        });

    final List<String> javaNames;
    final int auditArch;
    final int x32Bit;
    final Map<String, Integer> numbers = new LinkedHashMap<>();

    Arch(List<String> javaNames, int auditArch, int x32Bit, Object[] pairs) {
      this.javaNames = javaNames;
      this.auditArch = auditArch;
      this.x32Bit = x32Bit;
      for (int i = 0; i < pairs.length; i += 2) {
        numbers.put((String) pairs[i], (Integer) pairs[i + 1]);
      }
    }
  }
}
