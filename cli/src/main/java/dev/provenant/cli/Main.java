package dev.provenant.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.provenant.core.trace.StartupTrace;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code provenant} command line. Each subcommand is registered here and lives in its own class. */
@Command(
    name = "provenant",
    mixinStandardHelpOptions = true,
    version = Main.VERSION,
    description = "Self-hostable SLSA Build L3 supply chain: verify, log, sign.")public final class Main {
  /**
   * Every subcommand, in help order. Registered lazily: picocli introspects each registered
   * command class by reflection, and doing that for all of them on every start cost more CPU than
   * a verification, so a run registers only the command it was asked for.
   */
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  /** What {@code --version} prints. */
  static final String VERSION = "provenant 0.1.0";

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
    COMMANDS.put("up", UpCommand.class);
    COMMANDS.put("project", ProjectCommand.class);
    COMMANDS.put("release", ReleaseCommand.class);
  }

  private Main() {}

  /** Runs the CLI and returns the exit code without exiting (for tests). */
  public static int run(String... args) {
    StartupTrace.mark("main");
    Callable<Integer> fast = fastPath(args);
    return fast != null ? callDirectly(fast) : runPicocli(args);
  }

  /**
   * The command, ready to call, when a verification command line is plain enough to read without
   * picocli ({@link FastArgs}); null otherwise. Starting picocli cost more CPU than the
   * verification itself (BENCHMARKS.md, cold start).
   */
  static Callable<Integer> fastPath(String... args) {
    if (args.length == 0) {
      return null;
    }
    switch (args[0]) {
      case "--version":
      case "-V":
        // Picocli would first load every subcommand class to build the whole command tree.
        return args.length == 1 ? () -> {
          System.out.println(VERSION);
          return ExitCode.VERIFIED.code();
        } : null;
      case "verify-bundle":
        return VerifyBundleCommand.fromArgs(args);
      case "verify-artifact":
        return VerifyArtifactCommand.fromArgs(args);
      case "digest":
        return DigestCommand.fromArgs(args);
      case "verify-image":
        return VerifyImageCommand.fromArgs(args);
      case "verify-npm-package":
        return VerifyNpmPackageCommand.fromArgs(args);
      case "verify-github-attestation":
        return VerifyGithubAttestationCommand.fromArgs(args);
      case "verify-vsa":
        return VerifyVsaCommand.fromArgs(args);
      default:
        return null;
    }
  }

  /** Calls a command as picocli's execute would, with the same handler for unexpected exceptions. */
  private static int callDirectly(Callable<Integer> command) {
    Integer code;
    try {
      code = command.call();
    } catch (Exception ex) {
      return internalError(ex);
    }
    return code == null ? ExitCode.VERIFIED.code() : code;
  }

  private static int internalError(Exception ex) {
    System.err.println("FAILED: internal: " + ex);
    return ExitCode.USAGE.code();
  }

  private static int runPicocli(String... args) {
    CommandLine cl = new CommandLine(new Main());
    // An argument starting with '@' is a value, as in slsa-verifier and cosign: npm scoped package
    // names start with it, and picocli would otherwise read a file of that name as arguments.
    cl.setExpandAtFiles(false);
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
        (ex, c, p) -> internalError(ex));
    return cl.execute(args);
  }

  public static void main(String[] args) {
    int code = run(args);
    StartupTrace.mark("exit " + code);
    System.exit(code);
  }
}
