package dev.provenant.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The compiled program's shape; what it denies is checked for real in BubblewrapRunnerTest. */
class SeccompFilterTest {
  @Test
  void program_forHost_checksArchitectureFirstAndEndsWithDenyAndKill() throws Exception {
    SeccompFilter f = SeccompFilter.forHost();
    ByteBuffer p = ByteBuffer.wrap(f.program()).order(ByteOrder.nativeOrder());
    assertThat(p.remaining() % 8).isZero();
    int count = p.remaining() / 8;
    // arch load, arch check, nr load, [x32 check], one jump per denied call, 8 socket/allow, 2
    // returns
    int x32 = f.architecture().equals("x86_64") ? 1 : 0;
    assertThat(count).isEqualTo(3 + x32 + SeccompFilter.DENIED.size() + 8 + 2);
    assertThat(count).isLessThanOrEqualTo(255); // every jump to the shared returns stays in range
    assertThat(p.getShort(0)).isEqualTo((short) 0x20);
    assertThat(p.getInt(4)).as("seccomp_data.arch offset").isEqualTo(4);
    assertThat(p.getShort(8)).isEqualTo((short) 0x15);
    assertThat(p.getInt((count - 2) * 8 + 4)).as("deny = ERRNO(EPERM)").isEqualTo(0x00050001);
    assertThat(p.getInt((count - 1) * 8 + 4))
        .as("foreign arch = KILL_PROCESS")
        .isEqualTo(0x80000000);
    // arch mismatch jumps to the last instruction
    assertThat(Byte.toUnsignedInt(p.get(8 + 3))).isEqualTo(count - 1 - 1 - 1);
  }
}
