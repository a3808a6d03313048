package dev.provenant.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.provenant.ca.archfixture.CaUsesDevIssuer;
import dev.provenant.cli.archfixture.CliVerifiesSignatures;
import dev.provenant.core.archfixture.CoreOpensJdbc;
import dev.provenant.platform.archfixture.PlatformChecksProofs;
import dev.provenant.platform.archfixture.PlatformVerifiesSignatures;
import dev.provenant.sign.archfixture.SignReadsLogEntries;
import dev.provenant.sign.archfixture.SignStartsJetty;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each house rule fails when broken: the rule is evaluated against a fixture class (in this test
 * tree only) or a source file that breaks it, and must report that class or file.
 */
class HouseRulesViolationTest {

  private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported);
  }

  private static void assertViolates(ArchRule rule, Class<?> offender, Class<?>... alsoImported) {
    Class<?>[] all = new Class<?>[alsoImported.length + 1];
    all[0] = offender;
    System.arraycopy(alsoImported, 0, all, 1, alsoImported.length);
    EvaluationResult result = evaluate(rule, all);
    assertThat(result.hasViolation())
        .as("%s breaks %s", offender.getSimpleName(), rule.getDescription())
        .isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains(offender.getName()));
  }

  @Test
  void librariesHoldNoServers_signUsingJetty_fails() {
    assertViolates(HouseRules.LIBRARIES_HOLD_NO_SERVERS, SignStartsJetty.class);
  }

  @Test
  void librariesHoldNoServers_coreUsingJdbc_fails() {
    assertViolates(HouseRules.LIBRARIES_HOLD_NO_SERVERS, CoreOpensJdbc.class);
  }

  @Test
  void moduleDirection_signUsingLog_fails() {
    assertViolates(
        HouseRules.MODULE_DIRECTION, SignReadsLogEntries.class, dev.provenant.log.LogEntry.class);
  }

  @Test
  void moduleDirection_caUsingTestkit_fails() {
    assertViolates(
        HouseRules.MODULE_DIRECTION,
        CaUsesDevIssuer.class,
        dev.provenant.testkit.oidc.DevOidcServer.class);
  }

  @Test
  void platformHoldsNoVerification_merkleProofs_fails() {
    assertViolates(HouseRules.PLATFORM_HOLDS_NO_VERIFICATION, PlatformChecksProofs.class);
  }

  @Test
  void platformHoldsNoVerification_jcaSignature_fails() {
    assertViolates(HouseRules.PLATFORM_HOLDS_NO_VERIFICATION, PlatformVerifiesSignatures.class);
  }

  @Test
  void cliCallsLibraryApis_jcaSignature_fails() {
    assertViolates(HouseRules.CLI_CALLS_LIBRARY_APIS, CliVerifiesSignatures.class);
  }

  @Test
  void wireFormatLiterals_outsideCore_areReported(@TempDir Path root) throws Exception {
    write(
        root,
        "core/src/main/java/dev/provenant/core/pem/Ok.java",
        "class Ok { String b = \"-----BEGIN CERTIFICATE-----\"; String o = \"1.3.6.1.4.1.57264.1.8\"; }");
    write(
        root,
        "verify/src/main/java/dev/provenant/verify/Bad.java",
        "class Bad {\n  // a comment may cite 1.3.6.1.4.1.57264.1.12 and -----BEGIN CERTIFICATE-----\n"
            + "  String pem = \"-----BEGIN PUBLIC KEY-----\";\n"
            + "  String oid = \"\"\"\n    1.3.6.1.4.1.57264.1.9\"\"\";\n}");
    write(
        root,
        "platform/src/main/java/dev/provenant/platform/source/Tags.java",
        "class Tags { String ssh = \"-----BEGIN SSH SIGNATURE-----\"; }");
    write(
        root,
        "log/src/main/java/dev/provenant/log/Armor.java",
        "class Armor { String ssh = \"-----BEGIN SSH SIGNATURE-----\"; }");

    assertThat(HouseRules.misplacedWireFormatLiterals(root))
        .extracting(m -> m.file().toString() + ":" + m.line())
        .containsExactly(
            "log/src/main/java/dev/provenant/log/Armor.java:1",
            "platform/src/main/java/dev/provenant/platform/source/Tags.java:1",
            "verify/src/main/java/dev/provenant/verify/Bad.java:3",
            "verify/src/main/java/dev/provenant/verify/Bad.java:4");
  }

  private static void write(Path root, String relative, String text) throws Exception {
    Path f = root.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }
}
