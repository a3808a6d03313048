package dev.provenant.cli;

import dev.provenant.platform.up.Instance;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The arguments of a command about one release of a running platform: {@code NAME TAG --instance
 * FILE} (a picocli mixin), and the instance file they name.
 */
final class ReleaseOnInstance {
  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", paramLabel = "TAG")
  String tag;

  @Option(
      names = "--instance",
      required = true,
      paramLabel = "FILE",
      description = "instance.json written by `provenant up`.")
  Path instance;

  /** The instance file `up` wrote. */
  Instance read() throws IOException {
    return Instance.read(instance);
  }
}
