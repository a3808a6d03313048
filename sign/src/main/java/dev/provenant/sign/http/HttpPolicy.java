package dev.provenant.sign.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The one policy every Provenant HTTP client follows: how long to wait, how far to follow
 * redirects, how much to read, and how often to try again.
 *
 * @param connectTimeout time to open a connection
 * @param requestTimeout time from sending a request to the response headers
 * @param maxRedirects redirects followed per request (0 refuses every redirect)
 * @param maxResponseBytes the largest body read; a longer one fails with {@code RESPONSE_TOO_LARGE}
 * @param maxAttempts attempts per idempotent request, the first included (1 = no retry)
 * @param initialBackoff the wait before the first retry; it doubles per retry, with jitter
 * @param maxBackoff the longest computed wait between attempts
 * @param maxRetryAfter the longest wait a server's {@code Retry-After} may ask for
 */
public record HttpPolicy(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRedirects,
    long maxResponseBytes,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter) {
  /** Validates. */
  public HttpPolicy {
    positive(connectTimeout, "connectTimeout");
    positive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("maxRedirects: expected >= 0, got " + maxRedirects);
    }
    if (maxResponseBytes < 1 || maxResponseBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxResponseBytes: expected 1.." + (Integer.MAX_VALUE - 8) + ", got " + maxResponseBytes);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: expected >= 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative()
        || maxBackoff.compareTo(initialBackoff) < 0
        || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "backoff: expected 0 <= initialBackoff <= maxBackoff and maxRetryAfter >= 0");
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": expected > 0, got " + d);
    }
  }

  /**
   * The defaults: connect 10 s, response headers 30 s, 3 redirects, 32 MiB bodies, 4 attempts with
   * backoff from 250 ms doubling to at most 4 s, and {@code Retry-After} honoured up to 30 s.
   */
  public static HttpPolicy defaults() {
    return new HttpPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        3,
        32L << 20,
        4,
        Duration.ofMillis(250),
        Duration.ofSeconds(4),
        Duration.ofSeconds(30));
  }

  /** This policy with another body cap. */
  public HttpPolicy withMaxResponseBytes(long bytes) {
    return new HttpPolicy(
        connectTimeout,
        requestTimeout,
        maxRedirects,
        bytes,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        maxRetryAfter);
  }

  /** This policy with another attempt count. */
  public HttpPolicy withMaxAttempts(int attempts) {
    return new HttpPolicy(
        connectTimeout,
        requestTimeout,
        maxRedirects,
        maxResponseBytes,
        attempts,
        initialBackoff,
        maxBackoff,
        maxRetryAfter);
  }

  /** This policy with other timeouts. */
  public HttpPolicy withTimeouts(Duration connect, Duration request) {
    return new HttpPolicy(
        connect,
        request,
        maxRedirects,
        maxResponseBytes,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        maxRetryAfter);
  }

  /** This policy with another backoff. */
  public HttpPolicy withBackoff(Duration initial, Duration max, Duration retryAfterCap) {
    return new HttpPolicy(
        connectTimeout,
        requestTimeout,
        maxRedirects,
        maxResponseBytes,
        maxAttempts,
        initial,
        max,
        retryAfterCap);
  }
}
