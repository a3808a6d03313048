package dev.provenant.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code provenant} command line. Each subcommand is registered here and lives in its own
 * class.
 */
@Command(
    name = "provenant",
    mixinStandardHelpOptions = true,
    version = Main.VERSION,
    description = "Self-hostable SLSA Build L3 supply chain: verify, log, sign.")
public final class Main {
  /**
   * Every subcommand, in help order. Registered lazily: picocli introspects each registered command
   * class by reflection, and doing that for all of them on every start cost more CPU than a
   * verification, so a run registers only the command it was asked for.
   */
  static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  /** What {@code --version} prints. */
  static final String VERSION = "provenant 0.1.0";

  static {
    COMMANDS.put("verify-bundle", VerifyBundleCommand.class);
    COMMANDS.put("verify-artifact", VerifyArtifactCommand.class);
    COMMANDS.put("verify-release", VerifyReleaseCommand.class);
    COMMANDS.put("verify-image", VerifyImageCommand.class);
    COMMANDS.put("verify-npm-package", VerifyNpmPackageCommand.class);
    COMMANDS.put("verify-github-attestation", VerifyGithubAttestationCommand.class);
    COMMANDS.put("verify-vsa", VerifyVsaCommand.class);
    COMMANDS.put("digest", DigestCommand.class);
    COMMANDS.put("verify-attestation", VerifyAttestationCommand.class);
    COMMANDS.put("attest", AttestCommand.class);
    COMMANDS.put("sign-bundle", SignBundleCommand.class);
    COMMANDS.put("log", LogCommand.class);
    COMMANDS.put("ca", CaCommand.class);
    COMMANDS.put("oidc", OidcCommand.class);
    COMMANDS.put("up", UpCommand.class);
    COMMANDS.put("runner", RunnerCommand.class);
    COMMANDS.put("project", ProjectCommand.class);
    COMMANDS.put("release", ReleaseCommand.class);
    COMMANDS.put("assess", AssessCommand.class);
  }

  private Main() {}

  /** Runs the CLI and returns the exit code without exiting (for tests). */
  public static int run(String... args) {
    StartupTrace.mark("main");
    Callable<Integer> fast = fastPath(args);
    return fast != null ? callDirectly(fast) : runPicocli(args);
  }

  /**
   * The commands a short run is measured on (bench/cold-start): a plain command line for one of
   * them is read by {@link FastArgs} through a binder the build generates from the same annotations
   * picocli reads, without building picocli's model. Their options are declared once, as
   * {@code @Option} fields; adding a command here is the one edit that puts it on the fast path.
   */
  static final Set<String> FAST =
      Set.of(
          "verify-bundle",
          "verify-artifact",
          "verify-image",
          "verify-npm-package",
          "verify-github-attestation",
          "verify-vsa",
          "digest");

  /**
   * The commands the verification jar ({@code cli/target/provenant-verification.jar}, built beside
   * the full jar by cli/pom.xml) holds, and the {@code ./provenant} launcher runs from it: the
   * verification commands, which need no platform, log or CA classes, so the verifier's runtime
   * holds no server, git, SBOM or database library (its start-up is a few milliseconds faster at
   * most: BENCHMARKS.md, cold start). The launcher lists the same names (its {@code
   * is_verification}); {@code VerificationJarIT} checks both lists agree and runs every one of them
   * through that jar. A command that needs classes outside it (it pushes, serves or builds) stays
   * off this list.
   */
  static final Set<String> VERIFICATION =
      Set.of(
          "verify-bundle",
          "verify-artifact",
          "verify-release",
          "verify-image",
          "verify-npm-package",
          "verify-github-attestation",
          "verify-vsa",
          "digest",
          "verify-attestation");

  /** The verification jar's {@code Implementation-Title} (cli/pom.xml). */
  static final String VERIFICATION_JAR_TITLE = "provenant-verification";

  /**
   * Whether this run's classes come from the verification jar, which picocli's path must not ask
   * for commands it does not hold (their classes' dependencies are not in it).
   */
  static boolean inVerificationJar() {
    Package p = Main.class.getPackage();
    return p != null && VERIFICATION_JAR_TITLE.equals(p.getImplementationTitle());
  }

  /** The commands this jar holds, in help order. */
  static Map<String, Class<?>> commands() {
    if (!inVerificationJar()) {
      return COMMANDS;
    }
    Map<String, Class<?>> held = new LinkedHashMap<>();
    COMMANDS.forEach(
        (name, type) -> {
          if (VERIFICATION.contains(name)) {
            held.put(name, type);
          }
        });
    return held;
  }

  /**
   * The command, ready to call, when a command line is plain enough to read without picocli ({@link
   * FastArgs}); null otherwise. Starting picocli cost more CPU than the verification itself
   * (BENCHMARKS.md, cold start).
   */
  static Callable<Integer> fastPath(String... args) {
    if (args.length == 0) {
      return null;
    }
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Picocli would first load every subcommand class to build the whole command tree.
      return () -> {
        System.out.println(VERSION);
        return ExitCode.VERIFIED.code();
      };
    }
    if (!FAST.contains(args[0])) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Callable<Integer> command = (Callable<Integer>) FastArgs.bind(args);
    return command;
  }

  /**
   * Calls a command as picocli's execute would, with the same handler for unexpected exceptions.
   */
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
    Map<String, Class<?>> commands = commands();
    if (args.length > 0 && !args[0].startsWith("-") && !commands.containsKey(args[0])) {
      // Picocli would print the top-level help for "nosuch --help" and exit 0.
      System.err.println(
          "FAILED: usage: unknown command '"
              + args[0]
              + "' (commands: "
              + String.join(", ", commands.keySet())
              + (commands.size() < COMMANDS.size()
                  ? "; this is the verification jar: ./provenant runs the others from provenant.jar"
                  : "")
              + ")");
      return ExitCode.USAGE.code();
    }
    CommandLine cl = new CommandLine(new Main());
    // An argument starting with '@' is a value, as in slsa-verifier and cosign: npm scoped package
    // names start with it, and picocli would otherwise read a file of that name as arguments.
    cl.setExpandAtFiles(false);
    Class<?> only = args.length > 0 ? commands.get(args[0]) : null;
    if (only != null) {
      cl.addSubcommand(args[0], only);
    } else {
      commands.forEach(cl::addSubcommand);
    }
    // Usage errors map to exit 2, the documented class for bad invocations.
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          System.err.println("FAILED: usage: " + ex.getMessage());
          return ExitCode.USAGE.code();
        });
    cl.setExecutionExceptionHandler((ex, c, p) -> internalError(ex));
    return cl.execute(args);
  }

  public static void main(String[] args) {
    int code = run(args);
    StartupTrace.mark("exit " + code);
    System.exit(code);
  }
}
