package dev.provenant.cli;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.server.CaServer;
import dev.provenant.ca.server.HttpService;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.trust.TrustExport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provenant ca serve|export}: the keyless CA. */
@Command(
    name = "ca",
    description =
        "Keyless certificate authority (Fulcio v2 compatible) with CT log and timestamp authority.",
    mixinStandardHelpOptions = true,
    subcommands = {CaCommand.Serve.class, CaCommand.Export.class})
final class CaCommand {
  /** {@code provenant ca serve}. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Serve the CA: POST /api/v2/signingCert, GET /api/v2/trustBundle, GET /api/v2/configuration,"
            + " POST /api/v1/timestamp (RFC 3161), GET /api/v1/timestamp/certchain, GET /api/v1/ctlog/publicKey, GET /healthz.",
        "Keys are created in DIR/keys on first start; the CT log lives in DIR/ct. One JSON audit line per request on stderr."
      })
  static final class Serve implements Callable<Integer> {
    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT")
    String listen;

    @Option(names = "--data", required = true, paramLabel = "DIR")
    Path data;

    @Option(
        names = "--log-url",
        paramLabel = "URL",
        description = "The Rekor v1 log clients of this CA use (printed for operators).")
    String logUrl;

    @Option(
        names = "--oidc-issuer",
        required = true,
        paramLabel = "URL",
        description = "A trusted OIDC issuer (repeatable).")
    List<String> issuers = new ArrayList<>();

    @Option(
        names = "--issuer-type",
        paramLabel = "URL=TYPE",
        description =
            "Identity mapping per issuer: email, github-workflow, provenant-platform or auto (default auto).")
    Map<String, String> types = new LinkedHashMap<>();

    @Option(
        names = "--audience",
        defaultValue = TrustedIssuer.DEFAULT_AUDIENCE,
        description = "Required token audience (default ${DEFAULT-VALUE}).")
    String audience;

    @Option(names = "--allow-non-loopback", description = "Listen on a non-loopback address.")
    boolean allowNonLoopback;

    @Override
    public Integer call() throws InterruptedException {
      InetSocketAddress a;
      List<TrustedIssuer> trusted = new ArrayList<>();
      try {
        a = HttpService.parseListen(listen);
        for (String url : issuers) {
          trusted.add(
              new TrustedIssuer(url, IssuerType.parse(types.getOrDefault(url, "auto")), audience));
        }
        for (String url : types.keySet()) {
          if (!issuers.contains(url)) {
            throw new IllegalArgumentException(
                "--issuer-type names " + url + ", which is not an --oidc-issuer");
          }
        }
      } catch (IllegalArgumentException e) {
        System.err.println("FAILED: usage: " + e.getMessage());
        return ExitCode.USAGE.code();
      }
      CaServer s;
      try {
        s =
            CaServer.start(
                a.getHostString(),
                a.getPort(),
                allowNonLoopback,
                data,
                OidcVerifier.create(trusted),
                AuditLog.stderr());
      } catch (IllegalArgumentException e) {
        System.err.println("FAILED: listen: " + e.getMessage());
        return ExitCode.USAGE.code();
      } catch (IOException e) {
        System.err.println("FAILED: start: " + e.getMessage());
        return ExitCode.USAGE.code();
      }
      System.err.println(
          "provenant ca: serving on "
              + s.baseUrl()
              + " (issuers "
              + issuers
              + (logUrl == null ? "" : ", log " + logUrl)
              + ")");
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      s.join();
      return ExitCode.VERIFIED.code();
    }
  }

  /** {@code provenant ca export}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Ask the running CA, log and TSA for their keys and write trusted_root.json and signing_config.json (v0.2).")
  static final class Export implements Callable<Integer> {
    @Option(names = "--ca-url", required = true, paramLabel = "URL")
    String caUrl;

    @Option(names = "--log-url", required = true, paramLabel = "URL")
    String logUrl;

    @Option(
        names = "--tsa-url",
        paramLabel = "URL",
        description = "Timestamp endpoint (default: CA_URL/api/v1/timestamp).")
    String tsaUrl;

    @Option(names = "--no-tsa", description = "Export without a timestamp authority.")
    boolean noTsa;

    @Option(
        names = "--log-valid-from",
        paramLabel = "RFC3339",
        description = "Start of the log key's validity (default: the CA root's notBefore).")
    String logValidFrom;

    @Option(names = "--trusted-root", required = true, paramLabel = "OUT")
    Path trustedRoot;

    @Option(names = "--signing-config", required = true, paramLabel = "OUT")
    Path signingConfig;

    @Override
    public Integer call() {
      Instant from;
      try {
        from = logValidFrom == null ? null : Instant.parse(logValidFrom);
      } catch (DateTimeParseException e) {
        System.err.println(
            "FAILED: usage: --log-valid-from is not an RFC 3339 time: " + logValidFrom);
        return ExitCode.USAGE.code();
      }
      String tsa = noTsa ? null : tsaUrl != null ? tsaUrl : stripSlash(caUrl) + "/api/v1/timestamp";
      try {
        TrustExport.Instance in = TrustExport.fetch(caUrl, logUrl, tsa, from);
        Files.writeString(trustedRoot, TrustExport.trustedRoot(in), StandardCharsets.UTF_8);
        Files.writeString(signingConfig, TrustExport.signingConfig(in), StandardCharsets.UTF_8);
      } catch (ServiceException e) {
        System.err.println(
            "FAILED: " + e.service() + ": unreachable or refused: " + e.getMessage());
        return ExitCode.UNREACHABLE.code();
      } catch (IOException e) {
        System.err.println("FAILED: output: cannot write: " + e.getMessage());
        return ExitCode.USAGE.code();
      }
      System.err.println("PASSED: wrote " + trustedRoot + " and " + signingConfig);
      return ExitCode.VERIFIED.code();
    }

    private static String stripSlash(String u) {
      return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
  }
}
