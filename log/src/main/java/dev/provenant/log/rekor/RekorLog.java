package dev.provenant.log.rekor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.encoding.Hex;
import dev.provenant.log.AppendResult;
import dev.provenant.log.LogEngine;
import dev.provenant.log.LogEntry;
import dev.provenant.log.LogException;
import dev.provenant.log.LogKey;
import dev.provenant.log.TreeHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Rekor v1 semantics over a {@link LogEngine}: entries are canonical bodies, responses carry a
 * signed entry timestamp (SET) and an inclusion proof with its signed checkpoint, shaped exactly
 * like Rekor's {@code LogEntry} ({@code {uuid: {body, integratedTime, logID, logIndex,
 * verification: {inclusionProof, signedEntryTimestamp}}}}).
 */
public final class RekorLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LogEngine engine;
  private final LogKey key;
  private final String treeId;

  /** Wraps an engine whose checkpoints are signed with {@code key}. */
  public RekorLog(LogEngine engine, LogKey key) {
    this.engine = engine;
    this.key = key;
    this.treeId = treeIdOf(key);
  }

  /** The tree ID of a log key: Rekor's tree IDs are positive int64s; derive one from the log ID. */
  public static String treeIdOf(LogKey key) {
    return Long.toString(ByteBuffer.wrap(key.logId(), 0, 8).getLong() & Long.MAX_VALUE);
  }

  /** The engine underneath. */
  public LogEngine engine() {
    return engine;
  }

  /** The signing key. */
  public LogKey key() {
    return key;
  }

  /** The tree ID reported by {@code GET /api/v1/log}. */
  public String treeId() {
    return treeId;
  }

  /** A created (or existing) entry. */
  public record Submitted(String uuid, long index, boolean duplicate, ObjectNode response) {}

  /**
   * Validates and appends a proposed entry. The canonicalization and signature check run in the
   * caller's thread; the future completes when the entry is durable.
   *
   * @throws EntryException if the proposed entry is rejected (nothing is written)
   */
  public CompletableFuture<AppendResult> submit(byte[] request) throws EntryException {
    ProposedEntry p = EntryKinds.canonicalize(request);
    return engine.append(p.body(), p.searchKeys());
  }

  /** The Rekor response for a completed append, with the proof against the batch's head. */
  public ObjectNode responseFor(AppendResult r) throws LogException {
    LogEntry e = engine.entry(r.index());
    TreeHead head = r.duplicate() ? engine.latest() : r.head();
    return entryResponse(e, head);
  }

  /** The Rekor response for the entry at {@code index}, proven against the latest head. */
  public ObjectNode entryByIndex(long index) throws LogException {
    return entryResponse(engine.entry(index), engine.latest());
  }

  /**
   * The index for a Rekor entry UUID: 64 hex (leaf hash) or 80 hex (16 hex tree ID + leaf hash).
   *
   * @return the index, or empty if not in this log or malformed
   */
  public OptionalLong indexOfUuid(String uuid) throws LogException {
    String u = uuid.toLowerCase(java.util.Locale.ROOT);
    if (u.length() == 80 && Hex.isHex(u)) {
      if (!u.substring(0, 16).equals(String.format("%016x", Long.parseLong(treeId)))) {
        return OptionalLong.empty();
      }
      u = u.substring(16);
    }
    if (u.length() != 64 || !Hex.isHex(u)) {
      return OptionalLong.empty();
    }
    return engine.indexOf(Hex.decode(u));
  }

  private ObjectNode entryResponse(LogEntry e, TreeHead head) throws LogException {
    String body = Base64.getEncoder().encodeToString(e.data());
    String uuid = Hex.encode(dev.provenant.core.merkle.Rfc6962.leafHash(e.data()));
    ObjectNode entry = JSON.createObjectNode();
    entry.put("body", body);
    entry.put("integratedTime", e.integratedTime());
    entry.put("logID", key.logIdHex());
    entry.put("logIndex", e.index());
    ObjectNode verification = entry.putObject("verification");
    ObjectNode proof = verification.putObject("inclusionProof");
    proof.put("checkpoint", head.signedCheckpoint());
    ArrayNode hashes = proof.putArray("hashes");
    for (byte[] h : engine.inclusionProof(e.index(), head.size())) {
      hashes.add(Hex.encode(h));
    }
    proof.put("logIndex", e.index());
    proof.put("rootHash", Hex.encode(head.rootHash()));
    proof.put("treeSize", head.size());
    verification.put("signedEntryTimestamp", Base64.getEncoder().encodeToString(
        key.sign(setPayload(body, e.integratedTime(), key.logIdHex(), e.index()))));
    ObjectNode out = JSON.createObjectNode();
    out.set(uuid, entry);
    return out;
  }

  /**
   * The bytes a SET signs: RFC 8785 canonical JSON of {@code {body, integratedTime, logID,
   * logIndex}}. Keys are already in canonical order and every value is base64, hex or an integer,
   * so no escaping applies.
   */
  public static byte[] setPayload(String bodyB64, long integratedTime, String logIdHex, long index) {
    return ("{\"body\":\"" + bodyB64 + "\",\"integratedTime\":" + integratedTime
        + ",\"logID\":\"" + logIdHex + "\",\"logIndex\":" + index + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code GET /api/v1/log}: size, root, signed tree head (checkpoint), tree ID. */
  public ObjectNode logInfo() {
    TreeHead h = engine.latest();
    ObjectNode o = JSON.createObjectNode();
    o.put("rootHash", Hex.encode(h.rootHash()));
    o.put("signedTreeHead", h.signedCheckpoint());
    o.put("treeID", treeId);
    o.put("treeSize", h.size());
    o.putArray("inactiveShards");
    return o;
  }

  /** {@code GET /api/v1/log/proof}: consistency proof and the root of {@code lastSize}. */
  public ObjectNode consistency(long firstSize, long lastSize) throws LogException {
    List<byte[]> proof = engine.consistencyProof(firstSize, lastSize);
    ObjectNode o = JSON.createObjectNode();
    ArrayNode hs = o.putArray("hashes");
    for (byte[] h : proof) {
      hs.add(Hex.encode(h));
    }
    o.put("rootHash", Hex.encode(engine.rootHash(lastSize)));
    return o;
  }
}
