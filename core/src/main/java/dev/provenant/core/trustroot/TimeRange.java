package dev.provenant.core.trustroot;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A closed validity interval {@code [start, end]}; {@code end} null means open-ended.
 *
 * <p>SPEC: protobuf-specs sigstore_common.proto TimeRange — the interval is closed: a time equal to
 * {@code end} is inside (sigstore-conformance trust-root-*-validity-end-inclusive).
 *
 * @param start the first instant of validity (required)
 * @param end the last instant of validity, or null
 */
public record TimeRange(Instant start, @Nullable Instant end) {
  /** Validates. */
  public TimeRange {
    Objects.requireNonNull(start, "start");
    if (end != null && end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " before start " + start);
    }
  }

  /** True when {@code t} lies in the closed interval. */
  public boolean contains(Instant t) {
    return !t.isBefore(start) && (end == null || !t.isAfter(end));
  }

  @Override
  public String toString() {
    return "[" + start + ", " + (end == null ? "open" : end.toString()) + "]";
  }
}
