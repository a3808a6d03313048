package dev.provenant.log;

import java.util.List;
import java.util.Objects;

/**
 * A stored leaf.
 *
 * @param index leaf index
 * @param data the leaf bytes (a Rekor canonical body, or a CT MerkleTreeLeaf)
 * @param integratedTime epoch seconds of integration
 * @param searchKeys index keys stored with the leaf (e.g. {@code sha256:<hex>})
 */
public record LogEntry(long index, byte[] data, long integratedTime, List<String> searchKeys) {
  /** Validates and copies. */
  public LogEntry {
    Objects.requireNonNull(data, "data");
    data = data.clone();
    searchKeys = List.copyOf(searchKeys);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
