package dev.provenant.log.store;

import java.util.List;

/**
 * A leaf to be committed.
 *
 * @param leafHash its RFC 6962 leaf hash
 * @param data the leaf bytes
 * @param integratedTime epoch seconds
 * @param keys search keys
 */
public record NewEntry(byte[] leafHash, byte[] data, long integratedTime, List<String> keys) {
  /** Copies the key list. */
  public NewEntry {
    keys = List.copyOf(keys);
  }
}
