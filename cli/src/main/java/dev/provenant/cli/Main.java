package dev.provenant.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code provenant} command line. Each subcommand is registered here and lives in its own class. */
@Command(
    name = "provenant",
    mixinStandardHelpOptions = true,
    version = "provenant 0.1.0",
    description = "Self-hostable SLSA Build L3 supply chain: verify, log, sign.")public final class Main {
  /**
   * Every subcommand, in help order. Registered lazily: picocli introspects each registered
   * command class by reflection, and doing that for all of them on every start cost more CPU than
   * a verification, so a run registers only the command it was asked for.
   */
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("verify-bundle", VerifyBundleCommand.class);
    COMMANDS.put("verify-artifact", VerifyArtifactCommand.class);
    COMMANDS.put("verify-image", VerifyImageCommand.class);
    COMMANDS.put("verify-npm-package", VerifyNpmPackageCommand.class);
    COMMANDS.put("verify-github-attestation", VerifyGithubAttestationCommand.class);
    COMMANDS.put("verify-vsa", VerifyVsaCommand.class);
    COMMANDS.put("digest", DigestCommand.class);
    COMMANDS.put("sign-bundle", SignBundleCommand.class);
    COMMANDS.put("log", LogCommand.class);
    COMMANDS.put("ca", CaCommand.class);
    COMMANDS.put("oidc", OidcCommand.class);
  }

  private Main() {}

  /** Runs the CLI and returns the exit code without exiting (for tests). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    Class<?> only = args.length > 0 ? COMMANDS.get(args[0]) : null;
    if (only != null) {
      cl.addSubcommand(args[0], only);
    } else {
      COMMANDS.forEach(cl::addSubcommand);
    }
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
