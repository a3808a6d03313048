package dev.provenant.verify.slsa;

import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.slsa.v02.ProvenanceV02;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;

/**
 * Reads SLSA provenance out of a DSSE envelope for a given builder, as slsa-verifier's {@code
 * ProvenanceFromEnvelope} does: the builder (from the signing certificate, not from the payload)
 * decides which build types are acceptable ({@link TrustedBuilders}), and the payload is decoded
 * strictly. The claims are then read through {@link ProvenanceViews}.
 */
public final class SlsaProvenances {
  static final String CHECK = "provenance.format";

  private SlsaProvenances() {}

  /**
   * Reads the provenance in {@code envelope} for the built-in builder {@code certBuilderName}.
   *
   * @throws VerificationException DSSE_PAYLOAD_INVALID for a wrong payload type, unknown predicate
   *     type or a payload that does not decode strictly; BUILDER_ID_INVALID when the builder has no
   *     known build types; BUILD_TYPE_INVALID for a build type the builder does not use
   */
  public static SlsaProvenance fromEnvelope(String certBuilderName, DsseEnvelope envelope)
      throws VerificationException {
    return read(
        envelope,
        (predicateType, buildType) ->
            TrustedBuilders.builtIn().kind(CHECK, certBuilderName, predicateType, buildType));
  }

  /**
   * Reads the provenance in {@code envelope} for a configured builder.
   *
   * @throws VerificationException as {@link #fromEnvelope(String, DsseEnvelope)}
   */
  public static SlsaProvenance fromEnvelope(TrustedBuilder builder, DsseEnvelope envelope)
      throws VerificationException {
    return read(
        envelope,
        (predicateType, buildType) ->
            TrustedBuilders.kind(CHECK, builder, builder.id(), predicateType, buildType));
  }

  /** Which flavour a predicate type / build type pair is for the builder at hand. */
  private interface KindLookup {
    SlsaProvenance.Kind kind(String predicateType, String buildType) throws VerificationException;
  }

  private static SlsaProvenance read(DsseEnvelope envelope, KindLookup kinds)
      throws VerificationException {
    if (!StatementHeader.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw new VerificationException(
          CHECK,
          Reason.DSSE_PAYLOAD_INVALID,
          "unexpected DSSE payload type",
          StatementHeader.PAYLOAD_TYPE,
          envelope.payloadType());
    }
    byte[] payload = envelope.payload();
    StatementHeader header;
    try {
      header = StatementHeader.parse(payload);
    } catch (JsonFormatException e) {
      throw new VerificationException(
          CHECK, Reason.DSSE_PAYLOAD_INVALID, "statement: " + e.getMessage());
    }
    if (ProvenanceV02.PREDICATE_TYPE.equals(header.predicateType())) {
      ProvenanceV02 p;
      try {
        p = ProvenanceV02.parse(payload);
      } catch (JsonFormatException e) {
        throw new VerificationException(
            CHECK, Reason.DSSE_PAYLOAD_INVALID, "SLSA v0.2: " + e.getMessage());
      }
      return new ProvenanceViews.V02(
          p, kinds.kind(ProvenanceV02.PREDICATE_TYPE, p.predicate().buildType()));
    }
    if (ProvenanceV1.PREDICATE_TYPE.equals(header.predicateType())) {
      ProvenanceV1 p;
      try {
        p = ProvenanceV1.parse(payload);
      } catch (JsonFormatException e) {
        throw new VerificationException(
            CHECK, Reason.DSSE_PAYLOAD_INVALID, "SLSA v1: " + e.getMessage());
      }
      return new ProvenanceViews.V1(
          p, kinds.kind(ProvenanceV1.PREDICATE_TYPE, p.buildDefinition().buildType()));
    }
    throw new VerificationException(
        CHECK,
        Reason.DSSE_PAYLOAD_INVALID,
        "unexpected predicate type",
        ProvenanceV02.PREDICATE_TYPE + " or " + ProvenanceV1.PREDICATE_TYPE,
        header.predicateType());
  }
}
