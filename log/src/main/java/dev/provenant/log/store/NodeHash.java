package dev.provenant.log.store;

/**
 * A perfect-subtree hash completed by a batch.
 *
 * @param level tree level (0 = leaves)
 * @param index index on that level
 * @param hash 32 bytes
 */
public record NodeHash(int level, long index, byte[] hash) {}
