package dev.provenant.log.rekor;

import java.util.List;

/**
 * A validated submission: the canonical body Rekor would store, and its search keys.
 *
 * @param kind entry kind, e.g. {@code hashedrekord}
 * @param apiVersion kind version, e.g. {@code 0.0.1}
 * @param body canonical body bytes (the Merkle leaf)
 * @param searchKeys keys for {@code /api/v1/index/retrieve} (lower-case)
 */
public record ProposedEntry(String kind, String apiVersion, byte[] body, List<String> searchKeys) {
  /** Copies. */
  public ProposedEntry {
    body = body.clone();
    searchKeys = List.copyOf(searchKeys);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
