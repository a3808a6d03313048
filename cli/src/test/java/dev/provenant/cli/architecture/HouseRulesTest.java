package dev.provenant.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.provenant.core.testing.Corpus;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The main code of every module keeps the house rules (ARCHITECTURE.md). */
class HouseRulesTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = HouseRules.mainClasses();
  }

  static Stream<ArchRule> rules() {
    return HouseRules.CLASS_RULES.stream();
  }

  @Test
  void mainClasses_coverEveryModule() {
    // A rule over an empty or partial import would pass for the wrong reason.
    for (String pkg :
        List.of(
            "dev.provenant.core",
            "dev.provenant.verify",
            "dev.provenant.sign",
            "dev.provenant.log",
            "dev.provenant.ca",
            "dev.provenant.ca.grpc",
            "dev.provenant.testkit",
            "dev.provenant.platform",
            "dev.provenant.cli")) {
      assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
          .as("main classes of %s imported", pkg)
          .isTrue();
    }
    assertThat(main.stream().noneMatch(c -> c.getPackageName().contains("archfixture")))
        .as("rule fixtures are test classes, not main classes")
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("rules")
  void mainClasses_keepRule(ArchRule rule) {
    rule.check(main);
  }

  @Test
  void wireFormatLiterals_liveOnlyInCore() throws Exception {
    var root = Corpus.repositoryRoot();
    assertThat(Files.isDirectory(root.resolve("core/src/main/java")))
        .as("repository root " + root)
        .isTrue();
    assertThat(HouseRules.misplacedWireFormatLiterals(root)).isEmpty();
  }
}
