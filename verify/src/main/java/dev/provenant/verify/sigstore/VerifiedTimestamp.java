package dev.provenant.verify.sigstore;

import java.time.Instant;

/**
 * A time vouched for by a verified observer.
 *
 * @param source {@code tlog} (a SET-backed integrated time) or {@code tsa} (an RFC 3161 token)
 * @param authority the log or TSA URL
 * @param time the verified time
 */
public record VerifiedTimestamp(String source, String authority, Instant time) {}
