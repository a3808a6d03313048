package dev.provenant.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.trustroot.TimeRange;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.log.http.LogServer;
import dev.provenant.log.rekor.RekorLog;
import dev.provenant.log.store.LogStore;
import dev.provenant.log.store.file.FileLogStore;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * A running transparency log: key, engine, storage and HTTP server, configured the way {@code
 * provenant log serve} does. The data directory holds the log key ({@code log-key.pem}), the fixed
 * settings ({@code log.properties}: origin, key creation time) and, for the embedded backend, the
 * log files.
 */
public final class LogService implements AutoCloseable {

  /**
   * Settings.
   *
   * @param host listen address
   * @param port listen port (0: pick a free one)
   * @param dataDir directory for key, settings and (embedded) log files
   * @param postgresUrl JDBC URL of a PostgreSQL backend, or null for embedded files
   * @param postgresUser database user or null
   * @param postgresPassword database password or null
   * @param origin checkpoint origin; null keeps the stored one, or on first start derives {@code
   *     "<host> - <tree ID>"} (Rekor v1 style) from the public URL
   * @param publicUrl URL clients use, or null for {@code http://host:port}
   */
  public record Config(
      String host,
      int port,
      Path dataDir,
      String postgresUrl,
      String postgresUser,
      String postgresPassword,
      String origin,
      String publicUrl) {}

  private final LogEngine engine;
  private final RekorLog rekor;
  private final LogServer server;
  private final URI publicUrl;
  private final Instant keyCreated;

  private LogService(
      LogEngine engine, RekorLog rekor, LogServer server, URI publicUrl, Instant keyCreated) {
    this.engine = engine;
    this.rekor = rekor;
    this.server = server;
    this.publicUrl = publicUrl;
    this.keyCreated = keyCreated;
  }

  /**
   * Opens storage, recovers, and starts serving. Returns once {@code /healthz} answers.
   *
   * @throws Exception if the key, storage or port is unusable
   */
  public static LogService start(Config c) throws Exception {
    Files.createDirectories(c.dataDir());
    int port = c.port() == 0 ? freePort(c.host()) : c.port();
    URI url = URI.create(c.publicUrl() != null ? c.publicUrl() : "http://" + c.host() + ":" + port);
    LogKey key = LogKey.loadOrCreate(c.dataDir());
    Properties props = loadProps(c.dataDir());
    // Sigstore clients match the checkpoint signature's key name against the log's base URL
    // (sigstore-java: equal to its host; sigstore-js: a substring), so the key name is the host of
    // the public URL, and the origin follows Rekor v1: "<host> - <tree ID>".
    String keyName = props.getProperty("keyName", url.getHost());
    props.setProperty("keyName", keyName);
    String origin = c.origin() != null ? c.origin() : props.getProperty("origin");
    if (origin == null) {
      origin = keyName + " - " + RekorLog.treeIdOf(key);
    }
    props.setProperty("origin", origin);
    if (props.getProperty("keyCreated") == null) {
      props.setProperty(
          "keyCreated",
          Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
    storeProps(c.dataDir(), props);
    LogStore store =
        c.postgresUrl() == null
            ? FileLogStore.open(c.dataDir().resolve("log"))
            : dev.provenant.log.store.pg.PostgresLogStore.open(
                c.postgresUrl(), c.postgresUser(), c.postgresPassword(), key.logIdHex());
    LogEngine engine = LogEngines.open(store, origin, key.noteSigner(keyName));
    RekorLog rekor = new RekorLog(engine, key);
    LogServer server;
    try {
      server = LogServer.start(rekor, c.host(), port);
    } catch (Exception e) {
      engine.close();
      throw e;
    }
    return new LogService(
        engine, rekor, server, url, Instant.parse(props.getProperty("keyCreated")));
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    }
  }

  private static Properties loadProps(Path dir) throws IOException {
    Properties p = new Properties();
    Path f = dir.resolve("log.properties");
    if (Files.exists(f)) {
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }

  private static void storeProps(Path dir, Properties p) throws IOException {
    Path tmp = dir.resolve("log.properties.tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "Provenant transparency log settings (origin is part of every checkpoint)");
    }
    Files.move(
        tmp,
        dir.resolve("log.properties"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The engine. */
  public LogEngine engine() {
    return engine;
  }

  /** The Rekor layer. */
  public RekorLog rekor() {
    return rekor;
  }

  /** The URL clients use. */
  public URI publicUrl() {
    return publicUrl;
  }

  /** The bound server URL. */
  public URI baseUrl() {
    return server.baseUrl();
  }

  /**
   * The {@code tlogs[]} element of a Sigstore trusted_root.json for this log (baseUrl,
   * hashAlgorithm, publicKey {rawBytes, keyDetails, validFor}, logId {keyId}).
   */
  public ObjectNode trustFragment() {
    return trustFragment(publicUrl.toString(), rekor.key(), keyCreated);
  }

  /**
   * The trusted_root.json {@code tlogs[]} element for a log key (written by core's trust-root
   * writer).
   */
  public static ObjectNode trustFragment(String baseUrl, LogKey key, Instant validFrom) {
    return TrustedRoot.logJson(
        new TransparencyLog(
            baseUrl,
            HashAlgorithm.SHA2_256,
            key.publicKey().getEncoded(),
            "PKIX_ECDSA_P256_SHA_256",
            key.publicKey(),
            new TimeRange(validFrom, null),
            key.logId()));
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * For a process that only serves: registers a JVM shutdown hook that closes this service (server,
   * then engine), then blocks until the server stops.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void closeOnShutdownAndJoin() throws InterruptedException {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    close();
                  } catch (Exception e) {
                    // exiting anyway
                  }
                }));
    join();
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      engine.close();
    }
  }

  /**
   * Minimal launcher for process-level tests and benchmarks: {@code --listen HOST:PORT --data DIR
   * [--postgres URL --pg-user U --pg-password P] [--origin O]}. Prints {@code listening on URL}
   * once ready. The user-facing command is {@code provenant log serve}.
   */
  public static void main(String[] args) throws Exception {
    String listen = "127.0.0.1:0";
    Path data = null;
    String pg = null;
    String user = null;
    String pass = null;
    String origin = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--listen" -> listen = args[i + 1];
        case "--data" -> data = Path.of(args[i + 1]);
        case "--postgres" -> pg = args[i + 1];
        case "--pg-user" -> user = args[i + 1];
        case "--pg-password" -> pass = args[i + 1];
        case "--origin" -> origin = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    int colon = listen.lastIndexOf(':');
    LogService s =
        start(
            new Config(
                listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)),
                data,
                pg,
                user,
                pass,
                origin,
                null));
    System.out.println("listening on " + s.baseUrl());
    System.out.flush();
    s.closeOnShutdownAndJoin();
  }
}
