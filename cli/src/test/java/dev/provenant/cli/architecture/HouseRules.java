package dev.provenant.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The house rules ARCHITECTURE.md names, as code: ArchUnit rules over the main classes of every
 * module, and a scan of main sources for wire-format literals. The cli module's tests see every
 * module's classes, so the rules live here; {@link HouseRulesTest} applies them to the real code
 * and {@link HouseRulesViolationTest} shows each one failing on a class or file that breaks it.
 */
final class HouseRules {
  private HouseRules() {}

  /** Servers, databases and RPC frameworks: the libraries below log must not reach them. */
  private static final String[] SERVER_AND_DATABASE_PACKAGES = {
    "org.eclipse.jetty..",
    "jakarta.servlet..",
    "java.sql..",
    "javax.sql..",
    "org.postgresql..",
    "com.zaxxer..",
    "io.grpc.."
  };

  /** core, verify and sign hold no server, database or RPC code (they ship inside every client). */
  static final ArchRule LIBRARIES_HOLD_NO_SERVERS =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.provenant.core..", "dev.provenant.verify..", "dev.provenant.sign..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SERVER_AND_DATABASE_PACKAGES)
          .because("core, verify and sign hold no servers or databases (ARCHITECTURE.md)");

  /**
   * One way only, at class level (the enforcer checks the same at artifact level): a module uses
   * only the modules before it. ca-grpc's classes live under dev.provenant.ca.grpc, so the ca layer
   * leaves that package out.
   */
  static final ArchRule MODULE_DIRECTION =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("core")
          .definedBy("dev.provenant.core..")
          .layer("verify")
          .definedBy("dev.provenant.verify..")
          .layer("sign")
          .definedBy("dev.provenant.sign..")
          .layer("oci")
          .definedBy("dev.provenant.oci..")
          .layer("log")
          .definedBy("dev.provenant.log..")
          .layer("ca")
          .definedBy(inPackageButNot("dev.provenant.ca", "dev.provenant.ca.grpc"))
          .layer("ca-grpc")
          .definedBy("dev.provenant.ca.grpc..")
          .layer("testkit")
          .definedBy("dev.provenant.testkit..")
          .layer("platform")
          .definedBy("dev.provenant.platform..")
          .layer("cli")
          .definedBy("dev.provenant.cli..")
          .whereLayer("core")
          .mayNotAccessAnyLayer()
          .whereLayer("verify")
          .mayOnlyAccessLayers("core")
          .whereLayer("sign")
          .mayOnlyAccessLayers("core")
          .whereLayer("oci")
          .mayOnlyAccessLayers("core", "sign")
          .whereLayer("log")
          .mayOnlyAccessLayers("core", "verify", "sign")
          .whereLayer("ca")
          .mayOnlyAccessLayers("core", "verify", "sign", "log")
          .whereLayer("ca-grpc")
          .mayOnlyAccessLayers("core", "verify", "sign", "log", "ca")
          .whereLayer("testkit")
          .mayOnlyAccessLayers("core", "verify", "sign", "log", "ca", "ca-grpc")
          .whereLayer("platform")
          .mayOnlyAccessLayers("core", "verify", "sign", "oci", "log", "ca", "ca-grpc")
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .because("modules depend one way only (ARCHITECTURE.md)");

  /**
   * The platform runs builds and signs their provenance; checking Sigstore material is verify's
   * job. So the platform does not use core's proof, checkpoint and SCT checks or verify signatures
   * with the JCA itself (its tag gate checks git's SSH/OpenPGP tag signatures through BouncyCastle
   * in platform.source, which is the platform's own trigger, not artifact verification).
   */
  static final ArchRule PLATFORM_HOLDS_NO_VERIFICATION =
      noClasses()
          .that()
          .resideInAPackage("dev.provenant.platform..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.provenant.core.merkle..", "dev.provenant.core.note..", "dev.provenant.core.ct..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.security.Signature")
          .because(
              "the platform calls verify for verification and holds none itself (ARCHITECTURE.md)");

  /**
   * The CLI parses options and prints verdicts; it calls the library modules' APIs for the work. So
   * it does no signature crypto, runs no server and opens no database itself.
   */
  static final ArchRule CLI_CALLS_LIBRARY_APIS =
      noClasses()
          .that()
          .resideInAPackage("dev.provenant.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              concat(SERVER_AND_DATABASE_PACKAGES, "org.bouncycastle..", "javax.crypto.."))
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.security.Signature")
          .because(
              "the CLI calls the library APIs and holds no crypto, server or database code (ARCHITECTURE.md)");

  /** Every house rule that {@link #mainClasses} must satisfy. */
  static final List<ArchRule> CLASS_RULES =
      List.of(
          LIBRARIES_HOLD_NO_SERVERS,
          MODULE_DIRECTION,
          PLATFORM_HOLDS_NO_VERIFICATION,
          CLI_CALLS_LIBRARY_APIS);

  /** The main classes of every module: no test classes, no test-jars, no rule fixtures. */
  static JavaClasses mainClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.provenant");
  }

  private static DescribedPredicate<JavaClass> inPackageButNot(String pkg, String excluded) {
    return DescribedPredicate.describe(
        "in " + pkg + ".. but not " + excluded + "..",
        c -> inPackage(c.getPackageName(), pkg) && !inPackage(c.getPackageName(), excluded));
  }

  private static boolean inPackage(String name, String pkg) {
    return name.equals(pkg) || name.startsWith(pkg + ".");
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  // ---- wire-format literals -------------------------------------------------------------------

  /** The Fulcio OID arc (1.3.6.1.4.1.57264): only core.fulcio names it. */
  static final String FULCIO_ARC = "1.3.6.1.4.1.57264";

  /** A PEM encapsulation boundary (RFC 7468): only core.pem writes and reads them. */
  static final String PEM_BEGIN = "-----BEGIN ";

  /** One string literal in main code that names a wire format outside its home. */
  record MisplacedLiteral(Path file, int line, String literal) {
    @Override
    public String toString() {
      return file + ":" + line + " " + literal;
    }
  }

  /**
   * Every string literal in the main sources of the modules below {@code root} (other than core)
   * that holds a PEM BEGIN line or the Fulcio OID arc. Comments are not literals: prose may cite an
   * OID. Armor boundaries of git's signature formats live in core too ({@code core.pem.Armor}).
   */
  static List<MisplacedLiteral> misplacedWireFormatLiterals(Path root) throws IOException {
    List<MisplacedLiteral> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.sorted().toList()) {
        Path main = module.resolve("src/main/java");
        String name = module.getFileName().toString();
        if (name.equals("core") || !Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
            for (JavaLiterals.Literal lit : JavaLiterals.strings(Files.readString(f))) {
              if (misplaced(name, lit.text())) {
                out.add(new MisplacedLiteral(root.relativize(f), lit.line(), lit.text()));
              }
            }
          }
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
    }
    return out;
  }

  private static boolean misplaced(String module, String literal) {
    return literal.contains(FULCIO_ARC) || literal.contains(PEM_BEGIN);
  }
}
