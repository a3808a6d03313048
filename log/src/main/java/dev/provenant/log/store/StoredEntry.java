package dev.provenant.log.store;

import java.util.List;

/**
 * A committed leaf as stored.
 *
 * @param data leaf bytes
 * @param integratedTime epoch seconds
 * @param keys search keys
 */
public record StoredEntry(byte[] data, long integratedTime, List<String> keys) {
  /** Copies the key list (data is not copied: stores hand out fresh arrays). */
  public StoredEntry {
    keys = List.copyOf(keys);
  }
}
