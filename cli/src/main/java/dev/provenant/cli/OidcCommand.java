package dev.provenant.cli;

import dev.provenant.ca.server.HttpService;
import dev.provenant.testkit.oidc.DevOidcServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provenant oidc serve}: the development OIDC issuer. */
@Command(
    name = "oidc",
    description = "Development OIDC issuer (tests and demos only).",
    mixinStandardHelpOptions = true,
    subcommands = {OidcCommand.Serve.class})
final class OidcCommand {
  /** {@code provenant oidc serve --listen 127.0.0.1:PORT --data DIR}. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Serve a test OIDC issuer: discovery, JWKS, and GET /token?sub=S&aud=A[&alg=RS256|ES256]"
            + "[&profile=email|github-actions|provenant][&ttl=SECONDS][&CLAIM=VALUE...] returning a signed JWT;"
            + " POST /rotate replaces its keys.",
        "Anyone who reaches it can mint any identity: it listens on loopback addresses only."
      })
  static final class Serve implements Callable<Integer> {
    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT")
    String listen;

    @Option(
        names = "--data",
        required = true,
        paramLabel = "DIR",
        description = "Where the signing keys are kept.")
    Path data;

    @Option(
        names = "--issuer-url",
        paramLabel = "URL",
        description = "The iss claim (default: the base URL).")
    String issuerUrl;

    @Override
    public Integer call() throws InterruptedException {
      InetSocketAddress a;
      try {
        a = HttpService.parseListen(listen);
      } catch (IllegalArgumentException e) {
        System.err.println("FAILED: usage: " + e.getMessage());
        return ExitCode.USAGE.code();
      }
      DevOidcServer s;
      try {
        s = DevOidcServer.start(a.getHostString(), a.getPort(), data, issuerUrl);
      } catch (IllegalArgumentException e) {
        System.err.println("FAILED: listen: " + e.getMessage());
        return ExitCode.USAGE.code();
      } catch (IOException e) {
        System.err.println("FAILED: start: " + e.getMessage());
        return ExitCode.USAGE.code();
      }
      System.err.println(
          "provenant oidc: issuer " + s.issuer().issuerUrl() + " serving on " + s.baseUrl());
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      s.join();
      return ExitCode.VERIFIED.code();
    }
  }
}
