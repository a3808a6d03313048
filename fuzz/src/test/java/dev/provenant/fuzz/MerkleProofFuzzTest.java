package dev.provenant.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * RFC 9162 inclusion and consistency proof inputs (index, sizes, hash lengths, path lengths):
 * verification returns or throws {@code MerkleProofException}.
 */
class MerkleProofFuzzTest {
  @FuzzTest(maxDuration = "90s")
  void merkleProofs(FuzzedDataProvider data) {
    Targets.merkleProofs(data);
  }
}
