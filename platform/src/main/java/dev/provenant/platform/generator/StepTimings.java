package dev.provenant.platform.generator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock time per generation step, in microseconds, in the order the steps ran (for the
 * benchmark).
 */
public final class StepTimings {
  private final Map<String, Long> micros = new LinkedHashMap<>();

  /** Runs {@code step} and records its time under {@code name}. */
  public <T, E extends Exception> T time(String name, Step<T, E> step) throws E {
    long t0 = System.nanoTime();
    try {
      return step.run();
    } finally {
      micros.merge(name, (System.nanoTime() - t0) / 1000, Long::sum);
    }
  }

  /** Records a step timed elsewhere (the signing client's steps). */
  public void record(String name, long nanos) {
    micros.merge(name, nanos / 1000, Long::sum);
  }

  /** The recorded times, step name to microseconds. */
  public Map<String, Long> micros() {
    return Collections.unmodifiableMap(micros);
  }

  /** One timed step. */
  @FunctionalInterface
  public interface Step<T, E extends Exception> {
    /** Does the step's work. */
    T run() throws E;
  }
}
