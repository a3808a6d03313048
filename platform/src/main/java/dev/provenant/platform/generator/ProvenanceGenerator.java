package dev.provenant.platform.generator;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.provenant.platform.oidc.PlatformIdentity;
import dev.provenant.platform.oidc.TokenRefusedException;
import dev.provenant.platform.oidc.WorkloadTokenClient;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One provenance generation: token from the workload issuer, statement, keyless signature, log
 * entry; the result is the bundle that becomes {@code provenance.intoto.jsonl}.
 *
 * <p>The request's facts must agree with the token's claims, which the issuer took from the
 * platform's own build record: the certificate and the provenance then say the same thing about
 * source, ref, commit, build config and run, whoever filled in the request.
 */
public final class ProvenanceGenerator {
  private final PlatformIdentity identity;
  private final WorkloadTokenClient tokens;
  private final SlsaProvenanceBuilder builder;
  private final ProvenanceSigner signer;

  /** A generator for {@code config}'s instance and services. */
  public ProvenanceGenerator(GeneratorConfig config) {
    this.identity = config.identity();
    this.tokens = new WorkloadTokenClient(config.issuerSocket());
    this.builder = new SlsaProvenanceBuilder(identity);
    this.signer = new ProvenanceSigner(config.caUrl(), config.rekorUrl(), config.tsaUrl());
  }

  /**
   * The result.
   *
   * @param bundle the Sigstore bundle v0.3 JSON, one line (the content of {@code
   *     provenance.intoto.jsonl})
   * @param timingsMicros time per step: token, statement, certificate, signing, timestamp, logging,
   *     total
   */
  public record Result(String bundle, Map<String, Long> timingsMicros) {
    /** Copies. */
    public Result {
      Objects.requireNonNull(bundle, "bundle");
      timingsMicros = Map.copyOf(timingsMicros);
    }
  }

  /**
   * Generates and signs provenance for {@code r}.
   *
   * @throws GeneratorException naming the step that failed
   */
  public Result generate(GenerationRequest r) throws GeneratorException {
    long t0 = System.nanoTime();
    StepTimings timings = new StepTimings();
    if (r.sourceUri() != null && !r.sourceUri().equals(identity.gitUri(r.repository()))) {
      throw new GeneratorException(
          GeneratorException.Reason.BAD_REQUEST,
          "sourceUri: expected " + identity.gitUri(r.repository()) + ", got " + r.sourceUri(),
          null);
    }
    String token =
        timings.time(
            "token",
            () -> {
              try {
                return tokens.token(r.buildId(), r.attempt());
              } catch (TokenRefusedException e) {
                throw new GeneratorException(
                    GeneratorException.Reason.TOKEN_REFUSED, e.getMessage(), e);
              }
            });
    checkAgainstToken(r, token);
    byte[] statement =
        timings.time("statement", () -> SlsaProvenanceBuilder.encode(builder.build(r)));
    String bundle = signer.sign(token, statement, timings);
    Map<String, Long> out = new LinkedHashMap<>(timings.micros());
    out.put("total", (System.nanoTime() - t0) / 1000);
    return new Result(bundle, out);
  }

  private void checkAgainstToken(GenerationRequest r, String token) throws GeneratorException {
    JWTClaimsSet c;
    try {
      // Not verified here: it came over the issuer's private socket, and the CA verifies it.
      c = JWTParser.parse(token).getJWTClaimsSet();
    } catch (ParseException e) {
      throw new GeneratorException(
          GeneratorException.Reason.TOKEN_REFUSED, "issuer returned a malformed token", e);
    }
    Map<String, String> want = new LinkedHashMap<>();
    want.put("repository", r.repository());
    want.put("source_repository_uri", identity.gitUri(r.repository()));
    want.put("ref", "refs/tags/" + r.tag());
    want.put("sha", r.commit());
    want.put("build_config_path", r.buildConfigPath());
    want.put("build_config_digest", r.buildConfigSha256());
    want.put("run_id", r.buildId());
    want.put("run_attempt", Integer.toString(r.attempt()));
    want.put("builder_id", identity.builderId());
    for (Map.Entry<String, String> e : want.entrySet()) {
      Object got = c.getClaim(e.getKey());
      if (!e.getValue().equals(got == null ? null : got.toString())) {
        throw new GeneratorException(
            GeneratorException.Reason.FACTS_MISMATCH,
            e.getKey() + ": the build record says " + got + ", the request says " + e.getValue(),
            null);
      }
    }
  }
}
