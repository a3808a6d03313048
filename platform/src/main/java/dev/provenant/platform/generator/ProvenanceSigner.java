package dev.provenant.platform.generator;

import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.bundle.BundleSigner;
import java.util.Objects;

/**
 * Signs a statement keylessly and returns a Sigstore bundle v0.3: an ephemeral P-256 key, a
 * certificate for it from the CA (proof of possession over the token's subject), a DSSE signature
 * over the statement, an RFC 3161 timestamp when a TSA is configured, and a Rekor v1 {@code dsse}
 * entry with its inclusion proof, checkpoint and SET — all by the signing client, whose steps are
 * timed into the generator's {@link StepTimings}.
 */
public final class ProvenanceSigner {
  private final BundleSigner signer;

  /**
   * @param caUrl the Fulcio-compatible CA
   * @param rekorUrl the Rekor v1 log
   * @param tsaUrl the RFC 3161 endpoint, or null for none
   */
  public ProvenanceSigner(String caUrl, String rekorUrl, String tsaUrl) {
    this.signer =
        BundleSigner.create(
            Objects.requireNonNull(caUrl, "caUrl"),
            Objects.requireNonNull(rekorUrl, "rekorUrl"),
            tsaUrl);
  }

  /**
   * Signs {@code statement} (in-toto JSON) with a certificate for {@code token}.
   *
   * @return the bundle JSON, one line
   * @throws GeneratorException {@code CA_REFUSED}, {@code TSA_REFUSED} or {@code LOG_REFUSED}
   */
  public String sign(String token, byte[] statement, StepTimings timings)
      throws GeneratorException {
    try {
      return signer
          .observing(timings::record)
          .signDsse(token, StatementHeader.PAYLOAD_TYPE, statement);
    } catch (ServiceException e) {
      GeneratorException.Reason r =
          switch (e.service()) {
            case "tsa", "timestamp" -> GeneratorException.Reason.TSA_REFUSED;
            case "rekor", "log" -> GeneratorException.Reason.LOG_REFUSED;
            default -> GeneratorException.Reason.CA_REFUSED;
          };
      throw new GeneratorException(r, e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new GeneratorException(GeneratorException.Reason.TOKEN_REFUSED, e.getMessage(), e);
    }
  }
}
