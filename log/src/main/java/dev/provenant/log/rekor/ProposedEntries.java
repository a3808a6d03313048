package dev.provenant.log.rekor;

import dev.provenant.core.json.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Wraps a kind's spec into the stored body and checks what every stored entry must satisfy. */
final class ProposedEntries {
  private ProposedEntries() {}

  /** The body Rekor logs: Go's json.Marshal of {apiVersion, kind, spec}. */
  static byte[] goJsonBody(Map<String, Object> spec, String kind, String version) {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("apiVersion", version);
    top.put("kind", kind);
    top.put("spec", spec);
    return GoJson.write(top).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The proposed entry, with lower-cased search keys.
   *
   * @throws EntryException {@code ENTRY_TOO_LARGE} if the body exceeds {@link
   *     EntryKinds#MAX_BODY_BYTES}
   */
  static ProposedEntry of(String kind, String version, byte[] body, Set<String> keys)
      throws EntryException {
    if (body.length > EntryKinds.MAX_BODY_BYTES) {
      throw new EntryException(
          EntryException.Reason.ENTRY_TOO_LARGE,
          "canonical "
              + kind
              + " body is "
              + body.length
              + " bytes, limit "
              + EntryKinds.MAX_BODY_BYTES
              + " (tlog-tiles entry bundles encode entry lengths in 16 bits)");
    }
    List<String> lower = new ArrayList<>();
    for (String k : keys) {
      lower.add(k.toLowerCase(Locale.ROOT));
    }
    return new ProposedEntry(kind, version, body, lower);
  }
}
