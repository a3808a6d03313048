package dev.provenant.log.rekor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Validation and canonicalization of proposed Rekor v1 entries: hashedrekord 0.0.1 and 0.0.2, dsse
 * 0.0.1 and intoto 0.0.2, one {@link EntryKind} each. Each kind's signature is verified; the body
 * produced is byte-for-byte what public Rekor stores (Go {@code json.Marshal} of its generated
 * models: fields in struct order, server-computed hashes, canonical Go PEM for keys), so verifiers
 * that rebuild it match.
 */
public final class EntryKinds {
  /** Largest accepted request body in bytes (documented in the API section of the README). */
  public static final int MAX_REQUEST_BYTES = 1 << 20;

  /**
   * Largest canonical entry body the log stores, in bytes. C2SP tlog-tiles entry bundles prefix
   * each entry with a big-endian uint16 length, so a larger entry could be logged but never served
   * as a tile; such entries are refused at submission instead. (A dsse or intoto request can be
   * much larger than its body, which keeps hashes and signatures but not the payload.)
   */
  public static final int MAX_BODY_BYTES = 0xffff;

  /** The accepted kinds, by {@code kind/apiVersion}. */
  private static final Map<String, EntryKind> KINDS =
      List.of(new HashedRekordV001(), new HashedRekordV002(), new DsseV001(), new IntotoV002())
          .stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  k -> k.kind() + "/" + k.apiVersion(), Function.identity()));

  private EntryKinds() {}

  /**
   * Parses, verifies and canonicalizes a proposed entry ({@code POST /api/v1/log/entries} body).
   *
   * @throws EntryException naming why the entry is rejected
   */
  public static ProposedEntry canonicalize(byte[] request) throws EntryException {
    if (request.length > MAX_REQUEST_BYTES) {
      throw new EntryException(
          EntryException.Reason.TOO_LARGE,
          "request is " + request.length + " bytes, limit " + MAX_REQUEST_BYTES);
    }
    JsonNode root;
    try (JsonParser p = SpecFields.JSON.createParser(request)) {
      root = SpecFields.JSON.readTree(p);
      if (p.nextToken() != null) {
        throw new EntryException(EntryException.Reason.MALFORMED, "trailing data after JSON");
      }
    } catch (IOException e) {
      throw new EntryException(
          EntryException.Reason.MALFORMED,
          "request is not valid JSON: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new EntryException(EntryException.Reason.MALFORMED, "request must be a JSON object");
    }
    String kind = SpecFields.text(root, "kind");
    String version = SpecFields.text(root, "apiVersion");
    JsonNode spec = SpecFields.object(root, "spec");
    EntryKind k = KINDS.get(kind + "/" + version);
    if (k == null) {
      throw new EntryException(
          EntryException.Reason.UNSUPPORTED_KIND,
          "unsupported entry kind "
              + kind
              + " "
              + version
              + " (accepted: hashedrekord 0.0.1 and 0.0.2, dsse 0.0.1, intoto 0.0.2)");
    }
    return k.canonicalize(spec);
  }
}
