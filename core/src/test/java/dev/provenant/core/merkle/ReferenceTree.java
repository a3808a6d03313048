package dev.provenant.core.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive Merkle tree that follows the RFC 9162 §2.1 recursive definitions literally
 * (MTH, PATH, PROOF/SUBPROOF over sub-lists), used as the oracle for the optimised code.
 */
final class ReferenceTree {
  final List<byte[]> leafHashes;

  ReferenceTree(List<byte[]> leafHashes) {
    this.leafHashes = leafHashes;
  }

  static ReferenceTree ofLeaves(List<byte[]> leaves) {
    List<byte[]> hs = new ArrayList<>();
    for (byte[] l : leaves) {
      hs.add(Rfc6962.leafHash(l));
    }
    return new ReferenceTree(hs);
  }

  static long k(long n) {
    long k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  byte[] mth(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return Rfc6962.emptyRoot();
    }
    if (n == 1) {
      return leafHashes.get(from);
    }
    int k = (int) k(n);
    return Rfc6962.nodeHash(mth(from, from + k), mth(from + k, to));
  }

  List<byte[]> path(int m, int from, int to) {
    int n = to - from;
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = (int) k(n);
    if (m < k) {
      out.addAll(path(m, from, from + k));
      out.add(mth(from + k, to));
    } else {
      out.addAll(path(m - k, from + k, to));
      out.add(mth(from, from + k));
    }
    return out;
  }

  List<byte[]> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<byte[]> subproof(int m, int from, int to, boolean b) {
    int n = to - from;
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(from, to));
      }
      return out;
    }
    int k = (int) k(n);
    if (m <= k) {
      out.addAll(subproof(m, from, from + k, b));
      out.add(mth(from + k, to));
    } else {
      out.addAll(subproof(m - k, from + k, to, false));
      out.add(mth(from, from + k));
    }
    return out;
  }

  /** A HashSource over this tree (perfect subtrees computed naively). */
  HashSource source() {
    return (level, index) -> {
      long from = index << level;
      long to = (index + 1) << level;
      if (to > leafHashes.size()) {
        throw new AssertionError("source asked for incomplete node " + level + "/" + index);
      }
      return mth((int) from, (int) to);
    };
  }
}
