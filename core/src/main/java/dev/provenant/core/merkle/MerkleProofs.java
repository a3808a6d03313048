package dev.provenant.core.merkle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Generation of RFC 9162 inclusion and consistency proofs and tree roots from the perfect-subtree
 * hashes of a {@link HashSource}. Costs O(log n) lookups per proof and per root.
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  /**
   * The root hash of the tree made of the first {@code size} leaves.
   *
   * @throws IllegalArgumentException if size is negative
   * @throws IOException if the source fails
   */
  public static byte[] rootHash(HashSource source, long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    if (size == 0) {
      return Rfc6962.emptyRoot();
    }
    return rangeHash(source, 0, size);
  }

  /**
   * The RFC 9162 §2.1.3.1 inclusion proof PATH(index, D[0:size]), ordered from the leaf upward.
   *
   * @throws IllegalArgumentException unless 0 &lt;= index &lt; size
   * @throws IOException if the source fails
   */
  public static List<byte[]> inclusionProof(HashSource source, long index, long size)
      throws IOException {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("need 0 <= index < size, got " + index + ", " + size);
    }
    List<byte[]> out = new ArrayList<>(InclusionProofs.expectedLength(index, size));
    // Walk the recursion top-down, collecting siblings; they are emitted bottom-up, so reverse.
    long begin = 0;
    long end = size;
    while (end - begin > 1) {
      long k = ProofChecks.splitPoint(end - begin);
      long mid = begin + k;
      if (index < mid) {
        out.add(rangeHash(source, mid, end));
        end = mid;
      } else {
        out.add(rangeHash(source, begin, mid));
        begin = mid;
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /**
   * The RFC 9162 §2.1.4.1 consistency proof PROOF(size1, D[0:size2]).
   *
   * @throws IllegalArgumentException unless 0 &lt;= size1 &lt;= size2
   * @throws IOException if the source fails
   */
  public static List<byte[]> consistencyProof(HashSource source, long size1, long size2)
      throws IOException {
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException("need 0 <= size1 <= size2, got " + size1 + ", " + size2);
    }
    List<byte[]> out = new ArrayList<>(ConsistencyProofs.expectedLength(size1, size2));
    if (size1 == 0 || size1 == size2) {
      return out;
    }
    // SUBPROOF(m, D[begin:end], b), unrolled; nodes are collected top-down and reversed at the end.
    long m = size1;
    long begin = 0;
    long end = size2;
    boolean complete = true;
    while (m != end - begin) {
      long k = ProofChecks.splitPoint(end - begin);
      long mid = begin + k;
      if (m <= k) {
        out.add(rangeHash(source, mid, end));
        end = mid;
      } else {
        out.add(rangeHash(source, begin, mid));
        m -= k;
        begin = mid;
        complete = false;
      }
    }
    if (!complete) {
      out.add(rangeHash(source, begin, end));
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /**
   * MTH(D[begin:end]) for a range that occurs in the RFC recursion: {@code begin} is a multiple of
   * a power of two at least {@code end - begin}. Such a range is a run of perfect subtrees of
   * decreasing size, folded from the right.
   */
  static byte[] rangeHash(HashSource source, long begin, long end) throws IOException {
    List<byte[]> parts = new ArrayList<>(64);
    long at = begin;
    while (at < end) {
      long width = Long.highestOneBit(end - at);
      int level = Long.numberOfTrailingZeros(width);
      parts.add(checked(source.hash(level, at >>> level), level, at >>> level));
      at += width;
    }
    byte[] h = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      h = Rfc6962.nodeHash(parts.get(i), h);
    }
    return h;
  }

  private static byte[] checked(byte[] h, int level, long index) throws IOException {
    if (h == null || h.length != Rfc6962.HASH_SIZE) {
      throw new IOException("hash source returned no 32-byte hash for node " + level + "/" + index);
    }
    return h;
  }
}
