package dev.provenant.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.verify.Outcome;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import java.io.PrintStream;
import java.util.Map;

/**
 * Verdict output shared by the SLSA commands: one line on stderr ({@code PASSED: ...} or {@code
 * FAILED: <check>: <REASON>: <detail>: expected X, got Y}), an exit code per failure class, and
 * with {@code --format json} a JSON report on stdout listing every check that ran and the verified
 * facts.
 */
final class SlsaOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SlsaOutput() {}

  /** The documented exit code of a failure reason. */
  static int exitCode(Reason r) {
    return exitCode(r.outcome());
  }

  static int exitCode(Outcome o) {
    return Verdicts.exitCode(o);
  }

  /** Prints a failure and returns its exit code. */
  static int fail(VerificationException e, Checks checks, boolean json, Map<String, Object> facts) {
    checks.fail(e);
    System.err.println("FAILED: " + e.verdictLine());
    if (json) {
      ObjectNode report = report(false, checks, facts);
      ObjectNode f = report.putObject("failure");
      f.put("check", e.check());
      f.put("reason", e.reason().name());
      f.put("detail", e.getMessage());
      f.put("expected", e.expected());
      f.put("actual", e.actual());
      print(System.out, report);
    }
    return exitCode(e.reason());
  }

  /** Prints success. */
  static int pass(String what, Checks checks, boolean json, Map<String, Object> facts) {
    System.err.println("PASSED: " + what);
    if (json) {
      print(System.out, report(true, checks, facts));
    }
    return ExitCode.VERIFIED.code();
  }

  static ObjectNode report(boolean verified, Checks checks, Map<String, Object> facts) {
    ObjectNode r = JSON.createObjectNode();
    r.put("verified", verified);
    ObjectNode f = r.putObject("facts");
    facts.forEach((k, v) -> f.set(k, JSON.valueToTree(v)));
    ArrayNode a = r.putArray("checks");
    for (Checks.Check c : checks.list()) {
      ObjectNode o = a.addObject();
      o.put("check", c.name());
      o.put(
          "result",
          c.reason() == null ? "pass" : c.reason().equals("SKIPPED") ? "skipped" : "fail");
      o.put("expected", c.expected());
      o.put("actual", c.actual());
      if (c.reason() != null && !c.reason().equals("SKIPPED")) {
        o.put("reason", c.reason());
      }
    }
    return r;
  }

  private static void print(PrintStream out, ObjectNode n) {
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("report does not serialize", e);
    }
  }
}
