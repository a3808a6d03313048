package dev.provenant.verify.slsa;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a successful SLSA verification established.
 *
 * @param builderId the verified builder: the certificate identity, or for BYOB builds the
 *     provenance's builder (checked against the user's expectation)
 * @param provenance the provenance claims
 * @param statement the verified in-toto statement bytes (copied)
 * @param identity the signer's workflow identity, or null for key-signed provenance
 * @param logIndex the transparency-log index of the signature, or -1 when the log was not checked
 * @param integratedTime the log's integrated time in seconds, or 0
 */
public record VerifiedProvenance(
    BuilderId builderId,
    SlsaProvenance provenance,
    byte[] statement,
    WorkflowIdentity identity,
    long logIndex,
    long integratedTime) {
  /** Validates and copies. */
  public VerifiedProvenance {
    Objects.requireNonNull(builderId, "builderId");
    Objects.requireNonNull(provenance, "provenance");
    statement = statement.clone();
  }

  /** This result with the log facts of the signature. */
  public VerifiedProvenance withLog(long index, long time) {
    return new VerifiedProvenance(builderId, provenance, statement, identity, index, time);
  }

  @Override
  public byte[] statement() {
    return statement.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedProvenance v
        && builderId.equals(v.builderId)
        && Arrays.equals(statement, v.statement);
  }

  @Override
  public int hashCode() {
    return Objects.hash(builderId, Arrays.hashCode(statement));
  }

  @Override
  public String toString() {
    return "VerifiedProvenance[builderId=" + builderId + "]";
  }
}
