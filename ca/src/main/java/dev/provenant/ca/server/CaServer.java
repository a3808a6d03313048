package dev.provenant.ca.server;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.CertificateAuthority;
import dev.provenant.ca.cert.CaMaterial;
import dev.provenant.ca.cert.FileKeyStore;
import dev.provenant.ca.cert.LeafFactory;
import dev.provenant.ca.ct.CtLog;
import dev.provenant.ca.ct.EngineLeafStore;
import dev.provenant.ca.ct.LeafStore;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.tsa.TimestampAuthority;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * A running keyless CA: key material from its data directory, the Fulcio v2 REST API, the timestamp
 * authority and {@code GET /healthz}, which answers only once everything is ready.
 */
public final class CaServer implements AutoCloseable {
  private final HttpService http;
  private final CertificateAuthority ca;
  private final CaMaterial material;

  private final AutoCloseable owned;

  private CaServer(
      HttpService http, CertificateAuthority ca, CaMaterial material, AutoCloseable owned) {
    this.http = http;
    this.ca = ca;
    this.material = material;
    this.owned = owned;
  }

  /**
   * Starts a CA whose CT log is the transparency-log engine over files in {@code dataDir/ct}.
   *
   * @throws IOException if the keys or the CT log cannot be opened, or the port cannot be bound
   */
  public static CaServer start(
      String host,
      int port,
      boolean allowNonLoopback,
      Path dataDir,
      OidcVerifier verifier,
      AuditLog audit)
      throws IOException {
    CaMaterial m = FileKeyStore.loadOrCreate(dataDir.resolve("keys"), "provenant");
    EngineLeafStore ct = EngineLeafStore.open(dataDir.resolve("ct"), "provenant-ct", m.ctLog());
    try {
      return start(host, port, allowNonLoopback, m, verifier, ct, audit, ct);
    } catch (IOException | RuntimeException e) {
      ct.close();
      throw e;
    }
  }

  /** The CT log engine, when this server owns one. */
  public java.util.Optional<dev.provenant.log.LogEngine> ctEngine() {
    return owned instanceof EngineLeafStore e
        ? java.util.Optional.of(e.engine())
        : java.util.Optional.empty();
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
      String host,
      int port,
      boolean allowNonLoopback,
      Path dataDir,
      OidcVerifier verifier,
      LeafStore ctStore,
      AuditLog audit)
      throws IOException {
    CaMaterial m = FileKeyStore.loadOrCreate(dataDir.resolve("keys"), "provenant");
    return start(host, port, allowNonLoopback, m, verifier, ctStore, audit, null);
  }

  private static CaServer start(
      String host,
      int port,
      boolean allowNonLoopback,
      CaMaterial m,
      OidcVerifier verifier,
      LeafStore ctStore,
      AuditLog audit,
      AutoCloseable owned)
      throws IOException {
    Objects.requireNonNull(verifier);
    Clock clock = Clock.systemUTC();
    CtLog ct = new CtLog(m.ctLog(), ctStore, clock);
    CertificateAuthority ca =
        new CertificateAuthority(verifier, new LeafFactory(m, clock), ct, audit);
    TimestampAuthority tsa = new TimestampAuthority(m.tsa(), m.tsaChain(), clock);
    HttpService http = HttpService.create(host, port, allowNonLoopback);
    new FulcioApi(ca, tsa, audit).register(http);
    if (owned instanceof EngineLeafStore e) {
      new dev.provenant.ca.ct.CtReadApi(e.engine(), m.ctLog()).register(http);
    }
    http.route("GET", "/healthz", x -> HttpReply.text(200, "ok\n"));
    http.start();
    return new CaServer(http, ca, m, owned);
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
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        // Shutdown is best effort; the engine's own recovery handles an unclean close.
      }
    }
  }
}
