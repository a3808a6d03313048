package dev.provenant.ca.server;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.CertificateAuthority;
import dev.provenant.ca.cert.CaMaterial;
import dev.provenant.ca.cert.FileKeyStore;
import dev.provenant.ca.cert.LeafFactory;
import dev.provenant.ca.ct.CtLog;
import dev.provenant.ca.ct.LeafStore;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.tsa.TimestampAuthority;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * A running keyless CA: key material from its data directory, the Fulcio v2 REST API, the
 * timestamp authority and {@code GET /healthz}, which answers only once everything is ready.
 */
public final class CaServer implements AutoCloseable {
  private final HttpService http;
  private final CertificateAuthority ca;
  private final CaMaterial material;

  private CaServer(HttpService http, CertificateAuthority ca, CaMaterial material) {
    this.http = http;
    this.ca = ca;
    this.material = material;
  }

  /**
   * Loads (or on first start creates) the CA keys under {@code dataDir/keys} and starts serving.
   *
   * @param host the listen address
   * @param port the listen port (0 = any free port)
   * @param allowNonLoopback whether a non-loopback listen address is allowed
   * @param dataDir the CA's data directory
   * @param verifier the OIDC token verifier with its trusted issuers
   * @param ctStore where the CT log's leaves go
   * @param audit the audit log
   * @throws IOException if the keys cannot be loaded or created, or the port cannot be bound
   */
  public static CaServer start(
      String host, int port, boolean allowNonLoopback, Path dataDir, OidcVerifier verifier, LeafStore ctStore, AuditLog audit)
      throws IOException {
    Objects.requireNonNull(verifier);
    CaMaterial m = FileKeyStore.loadOrCreate(dataDir.resolve("keys"), "provenant");
    Clock clock = Clock.systemUTC();
    CtLog ct = new CtLog(m.ctLog(), ctStore, clock);
    CertificateAuthority ca = new CertificateAuthority(verifier, new LeafFactory(m, clock), ct, audit);
    TimestampAuthority tsa = new TimestampAuthority(m.tsa(), m.tsaChain(), clock);
    HttpService http = HttpService.create(host, port, allowNonLoopback);
    new FulcioApi(ca, tsa, audit).register(http);
    http.route("GET", "/healthz", x -> HttpReply.text(200, "ok\n"));
    http.start();
    return new CaServer(http, ca, m);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:5555}. */
  public String baseUrl() {
    return http.baseUrl();
  }

  /** The issuance pipeline. */
  public CertificateAuthority ca() {
    return ca;
  }

  /** The key material. */
  public CaMaterial material() {
    return material;
  }

  /** Blocks until stopped. */
  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() {
    http.close();
  }
}
