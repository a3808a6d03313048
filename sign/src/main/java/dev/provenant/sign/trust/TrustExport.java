package dev.provenant.sign.trust;

import dev.provenant.core.trustroot.CertificateAuthority;
import dev.provenant.core.trustroot.SigningConfig;
import dev.provenant.core.trustroot.SigningConfig.Selector;
import dev.provenant.core.trustroot.SigningConfig.Service;
import dev.provenant.core.trustroot.TimeRange;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.fulcio.FulcioClient;
import dev.provenant.sign.rekor.RekorClient;
import dev.provenant.sign.tsa.TsaClient;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Asks a running instance (CA, log, TSA) for its trust material and builds its {@code
 * trusted_root.json} and {@code signing_config.json} (v0.2) in the shapes the public-good instance
 * uses, so sigstore-js, sigstore-java and Provenant accept them unchanged. The JSON is written by
 * core ({@link TrustedRoot#toJson()}, {@link SigningConfig#toJson()}), beside its readers.
 */
public final class TrustExport {
  /** The operator name written into the signing config's services. */
  public static final String OPERATOR = "provenant";

  private TrustExport() {}

  /**
   * What an instance publishes.
   *
   * @param caUrl the Fulcio-compatible CA
   * @param caChain intermediate(s) then root
   * @param ctKey the CT log's DER SubjectPublicKeyInfo
   * @param logUrl the Rekor v1 log
   * @param logKey the log's DER SubjectPublicKeyInfo
   * @param logValidFrom start of the log key's validity window
   * @param tsaUrl the timestamp endpoint (full URL), or null
   * @param tsaChain the TSA chain leaf first (empty when no TSA)
   */
  public record Instance(
      String caUrl,
      List<X509Certificate> caChain,
      byte[] ctKey,
      String logUrl,
      byte[] logKey,
      Instant logValidFrom,
      String tsaUrl,
      List<X509Certificate> tsaChain) {
    /** Copies and checks. */
    public Instance {
      Objects.requireNonNull(caUrl);
      caChain = List.copyOf(caChain);
      ctKey = ctKey.clone();
      Objects.requireNonNull(logUrl);
      logKey = logKey.clone();
      Objects.requireNonNull(logValidFrom);
      tsaChain = List.copyOf(tsaChain);
      if (caChain.isEmpty()) {
        throw new IllegalArgumentException("empty CA chain");
      }
      if ((tsaUrl == null) != tsaChain.isEmpty()) {
        throw new IllegalArgumentException("TSA URL and chain go together");
      }
    }

    @Override
    public byte[] ctKey() {
      return ctKey.clone();
    }

    @Override
    public byte[] logKey() {
      return logKey.clone();
    }
  }

  /**
   * Asks the running services for their trust material.
   *
   * @param tsaUrl the TSA endpoint, or null for none
   * @param logValidFrom start of the log key's validity, or null for the CA root's notBefore
   * @throws ServiceException if a service is unreachable or answers malformed data
   */
  public static Instance fetch(String caUrl, String logUrl, String tsaUrl, Instant logValidFrom)
      throws ServiceException {
    FulcioClient ca = FulcioClient.create(caUrl);
    List<X509Certificate> chain = ca.trustBundle().get(0);
    byte[] ct = ca.ctLogPublicKey();
    byte[] logKey = RekorClient.create(logUrl).publicKey();
    List<X509Certificate> tsa = tsaUrl == null ? List.of() : TsaClient.create(tsaUrl).certChain();
    Instant from =
        logValidFrom != null
            ? logValidFrom
            : chain.get(chain.size() - 1).getNotBefore().toInstant();
    return new Instance(trim(caUrl), chain, ct, trim(logUrl), logKey, from, tsaUrl, tsa);
  }

  /**
   * The instance's trust root: its log, its CA (valid from the root's notBefore), the CA's CT log,
   * and its TSA (valid from the TSA leaf's notBefore).
   *
   * @throws IllegalArgumentException if a key is not a supported SubjectPublicKeyInfo
   */
  public static TrustedRoot trustRoot(Instance in) {
    X509Certificate caRoot = in.caChain().get(in.caChain().size() - 1);
    Instant caFrom = seconds(caRoot.getNotBefore().toInstant());
    List<CertificateAuthority> tsas =
        in.tsaUrl() == null
            ? List.of()
            : List.of(
                CertificateAuthority.of(
                    in.tsaUrl(),
                    in.tsaChain(),
                    seconds(in.tsaChain().get(0).getNotBefore().toInstant())));
    return new TrustedRoot(
        TrustedRoot.MEDIA_TYPE_V01,
        List.of(TransparencyLog.fromSpki(in.logUrl(), in.logKey(), seconds(in.logValidFrom()))),
        List.of(CertificateAuthority.of(in.caUrl(), in.caChain(), caFrom)),
        List.of(TransparencyLog.fromSpki(in.caUrl(), in.ctKey(), caFrom)),
        tsas);
  }

  /** The trusted root JSON. */
  public static String trustedRoot(Instance in) {
    return trustRoot(in).toJson();
  }

  /**
   * The instance's signing config (v0.2): this CA, this log (Rekor v1), this TSA; selectors ANY.
   */
  public static SigningConfig signingConfiguration(Instance in) {
    X509Certificate caRoot = in.caChain().get(in.caChain().size() - 1);
    List<Service> tsa =
        in.tsaUrl() == null
            ? List.of()
            : List.of(service(in.tsaUrl(), in.tsaChain().get(0).getNotBefore().toInstant()));
    return SigningConfig.of(
        List.of(service(in.caUrl(), caRoot.getNotBefore().toInstant())),
        List.of(),
        List.of(service(in.logUrl(), in.logValidFrom())),
        tsa,
        new Selector("ANY", 0),
        new Selector("ANY", 0));
  }

  /** The signing config JSON (v0.2). */
  public static String signingConfig(Instance in) {
    return signingConfiguration(in).toJson();
  }

  private static Service service(String url, Instant start) {
    return new Service(url, 1, new TimeRange(seconds(start), null), OPERATOR);
  }

  private static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
