package dev.provenant.log.rekor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.rekor.SignedEntryTimestamps;
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
  private final String logIdHex;

  /** Wraps an engine whose checkpoints are signed with {@code key}. */
  public RekorLog(LogEngine engine, LogKey key) {
    this.engine = engine;
    this.key = key;
    this.treeId = treeIdOf(key);
    this.logIdHex = key.logIdHex();
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

  /**
   * A proposed entry that passed validation: its canonical body and the append in flight.
   *
   * @param body the canonical entry body being appended
   * @param appended completes once the entry is durable (or with a {@link LogException})
   */
  public record Accepted(byte[] body, CompletableFuture<AppendResult> appended) {
    /** Copies. */
    public Accepted {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * Validates and appends a proposed entry. The canonicalization and signature check run in the
   * caller's thread; the future completes when the entry is durable.
   *
   * @throws EntryException if the proposed entry is rejected (nothing is written)
   */
  public Accepted submit(byte[] request) throws EntryException {
    ProposedEntry p = EntryKinds.canonicalize(request);
    byte[] body = p.body();
    return new Accepted(body, engine.append(body, p.searchKeys()));
  }

  /**
   * The Rekor response (JSON bytes) for a completed append of {@code body}, with the proof against
   * the batch's head. The body is the one submitted, so nothing is read back.
   */
  public byte[] responseFor(AppendResult r, byte[] body) throws LogException {
    if (r.duplicate()) {
      return entryJson(engine.entry(r.index()), engine.latest());
    }
    return entryJson(body, r.index(), r.integratedTime(), r.leafHash(), r.head());
  }

  /**
   * The Rekor response (JSON bytes) for the entry at {@code index}, proven against the latest head.
   */
  public byte[] entryByIndex(long index) throws LogException {
    return entryJson(engine.entry(index), engine.latest());
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

  private byte[] entryJson(LogEntry e, TreeHead head) throws LogException {
    byte[] data = e.data();
    return entryJson(
        data,
        e.index(),
        e.integratedTime(),
        dev.provenant.core.merkle.Rfc6962.leafHash(data),
        head);
  }

  /**
   * Writes Rekor's {@code LogEntry} map {@code {uuid: {body, integratedTime, logID, logIndex,
   * verification: {inclusionProof: {checkpoint, hashes, logIndex, rootHash, treeSize},
   * signedEntryTimestamp}}}} directly as bytes: every value is base64, hex, an integer or the
   * checkpoint text, so a string builder does in one pass what a JSON tree took several for.
   */
  private byte[] entryJson(
      byte[] data, long index, long integratedTime, byte[] leafHash, TreeHead head)
      throws LogException {
    String body = Base64.getEncoder().encodeToString(data);
    List<byte[]> proof = engine.inclusionProof(index, head.size());
    byte[] set =
        key.sign(SignedEntryTimestamps.signedPayload(body, integratedTime, logIdHex, index));
    StringBuilder sb = new StringBuilder(body.length() + 1200 + proof.size() * 68);
    sb.append("{\"")
        .append(Hex.encode(leafHash))
        .append("\":{\"body\":\"")
        .append(body)
        .append("\",\"integratedTime\":")
        .append(integratedTime)
        .append(",\"logID\":\"")
        .append(logIdHex)
        .append("\",\"logIndex\":")
        .append(index)
        .append(",\"verification\":{\"inclusionProof\":{\"checkpoint\":");
    GoJson.string(sb, head.signedCheckpoint());
    sb.append(",\"hashes\":[");
    for (int i = 0; i < proof.size(); i++) {
      sb.append(i == 0 ? "\"" : ",\"").append(Hex.encode(proof.get(i))).append('"');
    }
    sb.append("],\"logIndex\":")
        .append(index)
        .append(",\"rootHash\":\"")
        .append(Hex.encode(head.rootHash()))
        .append("\",\"treeSize\":")
        .append(head.size())
        .append("},\"signedEntryTimestamp\":\"")
        .append(Base64.getEncoder().encodeToString(set))
        .append("\"}}}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
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
