package dev.provenant.log.http;

import dev.provenant.log.rekor.RekorLog;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The log's HTTP server: the Rekor v1 REST subset, the C2SP tlog-tiles read API and {@code
 * /healthz}, on Jetty 12 (no servlet layer).
 */
public final class LogServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final ExecutorService responders;

  private LogServer(Server server, ServerConnector connector, ExecutorService responders) {
    this.server = server;
    this.connector = connector;
    this.responders = responders;
  }

  /**
   * Starts serving {@code log} on {@code host:port} (port 0 picks a free port).
   *
   * @throws Exception if Jetty cannot bind or start
   */
  public static LogServer start(RekorLog log, String host, int port) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(256, 8);
    pool.setName("log-http");
    Server server = new Server(pool);
    ServerConnector c = new ServerConnector(server);
    c.setHost(host);
    c.setPort(port);
    c.setAcceptQueueSize(1024);
    server.addConnector(c);
    // Append responses (SET signature, inclusion proof, JSON) are CPU work released a batch at a
    // time by the sequencer: a fixed pool of one thread per core queues them instead of waking
    // an idle Jetty thread per entry.
    int cores = Runtime.getRuntime().availableProcessors();
    AtomicInteger n = new AtomicInteger();
    // After close, appends still failing out of the engine are dropped (their clients are gone)
    // rather than throwing into the sequencer.
    ExecutorService responders =
        new ThreadPoolExecutor(
            cores,
            cores,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "log-respond-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    server.setHandler(new LogHandler(log, responders));
    server.setStopTimeout(2000);
    try {
      server.start();
    } catch (Exception e) {
      responders.shutdownNow();
      throw e;
    }
    return new LogServer(server, c, responders);
  }

  /** The bound port. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port} of this server. */
  public URI baseUrl() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + host + ":" + port());
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } catch (java.util.concurrent.TimeoutException e) {
      // The graceful part ran out of time (a client holding a keep-alive connection on a loaded
      // machine): Jetty has still stopped every connector and handler before throwing this, so the
      // log is closed; only the wait for idle connections was cut short.
    } finally {
      responders.shutdownNow();
    }
  }
}
