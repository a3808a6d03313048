package dev.provenant.log.http;

import dev.provenant.log.rekor.RekorLog;
import java.net.URI;
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

  private LogServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
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
    server.setHandler(new LogHandler(log, pool));
    server.setStopTimeout(2000);
    server.start();
    return new LogServer(server, c);
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
    server.stop();
  }
}
