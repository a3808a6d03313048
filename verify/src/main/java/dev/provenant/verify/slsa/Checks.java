package dev.provenant.verify.slsa;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks a verification ran, in order, each with what it expected and found; the source of
 * {@code --format json} output. Not thread-safe: one per verification.
 */
public final class Checks {
  /**
   * One check.
   *
   * @param name the check name, e.g. {@code provenance.source}
   * @param passed whether it passed
   * @param expected what it wanted, or null
   * @param actual what it found, or null
   * @param reason the failure reason name, or null when passed
   */
  public record Check(String name, boolean passed, String expected, String actual, String reason) {}

  private final List<Check> checks = new ArrayList<>();

  /** Records a passed check. */
  public void pass(String name, String expected, String actual) {
    checks.add(new Check(name, true, expected, actual, null));
  }

  /** Records a failed check. */
  public void fail(dev.provenant.verify.VerificationException e) {
    checks.add(new Check(e.check(), false, e.expected(), e.actual(), e.reason().name()));
  }

  /** Records a check another layer ran; {@code failure} is null when it passed. */
  public void add(String name, boolean passed, String expected, String actual, String failure) {
    checks.add(new Check(name, passed, expected, actual, passed ? null : failure));
  }

  /** Records a check that was deliberately not run (e.g. {@code --insecure-ignore-tlog}). */
  public void skipped(String name, String why) {
    checks.add(new Check(name, false, null, why, "SKIPPED"));
  }

  /** The checks so far. */
  public List<Check> list() {
    return List.copyOf(checks);
  }
}
