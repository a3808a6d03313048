package dev.provenant.sign.rekor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Rekor v1 log entry as {@code POST /api/v1/log/entries} returns it.
 *
 * @param uuid the entry UUID
 * @param entry the entry object (body, integratedTime, logID, logIndex, verification)
 * @param kind the entry kind from the body, e.g. {@code hashedrekord}
 * @param version the entry kind's API version from the body, e.g. {@code 0.0.1}
 */
public record RekorEntry(String uuid, JsonNode entry, String kind, String version) {
  /** Checks presence. */
  public RekorEntry {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    entry = entry.deepCopy();
  }

  @Override
  public JsonNode entry() {
    return entry.deepCopy();
  }
}
