package dev.provenant.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code provenant} command line. Each subcommand is registered here and lives in its own class. */
@Command(
    name = "provenant",
    mixinStandardHelpOptions = true,
    version = "provenant 0.1.0",
    description = "Self-hostable SLSA Build L3 supply chain: verify, log, sign.",
    subcommands = {
      DigestCommand.class,
      VerifyBundleCommand.class,
      OidcCommand.class,
      CaCommand.class,
      SignBundleCommand.class,
      VerifyArtifactCommand.class,
      VerifyGithubAttestationCommand.class,
      VerifyNpmPackageCommand.class,
      VerifyImageCommand.class,
      VerifyVsaCommand.class,
      LogCommand.class,
    })
public final class Main {
  private Main() {}

  /** Runs the CLI and returns the exit code without exiting (for tests). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    // Usage errors map to exit 2, the documented class for bad invocations.
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          System.err.println("FAILED: usage: " + ex.getMessage());
          return ExitCode.USAGE.code();
        });
    cl.setExecutionExceptionHandler(
        (ex, c, p) -> {
          System.err.println("FAILED: internal: " + ex);
          return ExitCode.USAGE.code();
        });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
