package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * in-toto Statement v0.1/v1: {@code Statement.parse} returns or throws {@code JsonFormatException}.
 */
class StatementFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(StatementFuzzTest.class, "statementParse", "statement");
  }

  @FuzzTest(maxDuration = "90s")
  void statementParse(byte[] data) {
    Targets.statement(data);
  }
}
