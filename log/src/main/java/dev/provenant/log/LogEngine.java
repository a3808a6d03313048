package dev.provenant.log;

import dev.provenant.core.merkle.HashSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A verifiable append-only log of opaque leaves: the engine under Provenant's Rekor-compatible
 * transparency log and reusable for an RFC 6962 Certificate Transparency log.
 *
 * <h2>Model</h2>
 *
 * Leaves are byte strings; the tree is the RFC 6962/9162 Merkle tree over {@code SHA-256(0x00 ||
 * leaf)}. A single sequencer assigns dense indices and integrates appends in batches (group
 * commit): each batch costs one durable write (fsync or database commit) and one signed checkpoint,
 * however many leaves it holds. Appending the same leaf bytes twice yields the existing index
 * ({@link AppendResult#duplicate()}).
 *
 * <h2>Using it for Certificate Transparency</h2>
 *
 * Append the TLS-encoded {@code MerkleTreeLeaf} (RFC 6962 §3.4: version, leaf type, timestamp,
 * entry) as the leaf bytes; the index and {@link TreeHead} of the result give the SCT's eventual
 * inclusion, {@link #inclusionProof} and {@link #consistencyProof} serve {@code get-proof-by-hash}
 * and {@code get-sth-consistency}, and the CA signs its own RFC 6962 STH over {@code (size,
 * rootHash, timestamp)} of {@link #latest()} (the checkpoint note is the C2SP form).
 *
 * <h2>Threading</h2>
 *
 * All methods are thread-safe. {@link #append} never blocks: it returns a future completed by the
 * sequencer once the leaf is durable and integrated.
 *
 * <p>Obtain instances from {@link LogEngines}.
 */
public interface LogEngine extends AutoCloseable {
  /** Largest leaf accepted by {@link #append}, in bytes. */
  int MAX_LEAF_BYTES = 1 << 20;

  /**
   * Appends a leaf. The future completes after the batch holding the leaf is durable and its
   * checkpoint signed, or with a {@link LogException}: {@code STORAGE} if storage fails, {@code
   * SIGNING} if the checkpoint cannot be signed, {@code UNAVAILABLE} if the engine closes.
   *
   * @param leaf leaf bytes, at most {@link #MAX_LEAF_BYTES}
   * @param searchKeys lookup keys stored with the leaf (may be empty), see {@link #search}
   */
  CompletableFuture<AppendResult> append(byte[] leaf, List<String> searchKeys);

  /** Appends a leaf without search keys. */
  default CompletableFuture<AppendResult> append(byte[] leaf) {
    return append(leaf, List.of());
  }

  /** The latest integrated (durable, signed) tree head. */
  TreeHead latest();

  /** The checkpoint origin line (and note key name) of this log. */
  String origin();

  /**
   * The leaf at {@code index} with its integration time.
   *
   * @throws LogException {@code OUT_OF_RANGE} if the index is not integrated, {@code STORAGE}
   */
  LogEntry entry(long index) throws LogException;

  /**
   * The index of the leaf whose RFC 6962 leaf hash is {@code leafHash}, if integrated.
   *
   * @throws LogException {@code STORAGE}
   */
  OptionalLong indexOf(byte[] leafHash) throws LogException;

  /**
   * Indices of leaves stored with {@code key}, ascending, at most {@code limit}.
   *
   * @throws LogException {@code STORAGE}
   */
  List<Long> search(String key, int limit) throws LogException;

  /**
   * RFC 9162 inclusion proof for {@code index} in the tree of {@code treeSize} leaves.
   *
   * @throws LogException {@code OUT_OF_RANGE} unless 0 &lt;= index &lt; treeSize &lt;= latest size;
   *     {@code STORAGE}
   */
  List<byte[]> inclusionProof(long index, long treeSize) throws LogException;

  /**
   * RFC 9162 consistency proof between sizes.
   *
   * @throws LogException {@code OUT_OF_RANGE} unless 0 &lt;= size1 &lt;= size2 &lt;= latest size;
   *     {@code STORAGE}
   */
  List<byte[]> consistencyProof(long size1, long size2) throws LogException;

  /**
   * Root hash of the tree of {@code size} leaves (any size up to the latest).
   *
   * @throws LogException {@code OUT_OF_RANGE}, {@code STORAGE}
   */
  byte[] rootHash(long size) throws LogException;

  /** Perfect-subtree hashes of the integrated tree (for tiles and custom proofs). */
  HashSource hashes();

  /** A signed checkpoint for the latest head, if one has been produced. */
  default Optional<String> checkpoint() {
    return Optional.of(latest().signedCheckpoint());
  }

  /** Stops the sequencer (pending appends fail with {@code UNAVAILABLE}) and closes storage. */
  @Override
  void close();
}
