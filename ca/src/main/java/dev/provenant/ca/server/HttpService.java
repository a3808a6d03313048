package dev.provenant.ca.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small blocking HTTP server on Jetty 12's core API: exact-path routes, bodies read in full
 * (bounded), one handler function per route. Shared by the CA, the TSA and the development OIDC
 * issuer so that they behave alike (size limits, error shape, loopback policy).
 */
public final class HttpService implements AutoCloseable {
  /** Bodies larger than this are refused with 413; a CSR or timestamp query is a few KiB. */
  public static final int MAX_BODY = 1 << 20;

  private static final long DRAIN_LIMIT = 16L << 20;

  private final Map<String, Function<HttpExchange, HttpReply>> routes = new LinkedHashMap<>();
  private final Server server;
  private final ServerConnector connector;

  private HttpService(String host, int port, int threads) {
    QueuedThreadPool pool = new QueuedThreadPool(Math.max(threads, 8), 2);
    pool.setName("provenant-http");
    server = new Server(pool);
    connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Router());
  }

  /**
   * Creates a service bound to {@code host:port} (port 0 picks a free one).
   *
   * @param allowNonLoopback whether a non-loopback address may be used; dev-only services pass
   *     false so that they can never be reached from another machine by accident
   * @throws IllegalArgumentException if the host is not loopback and that is not allowed, or not
   *     resolvable
   */
  public static HttpService create(String host, int port, boolean allowNonLoopback) {
    InetAddress addr;
    try {
      addr = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve listen host " + host, e);
    }
    if (!addr.isLoopbackAddress() && !allowNonLoopback) {
      throw new IllegalArgumentException(
          "refusing to listen on non-loopback address "
              + host
              + " (loopback only unless explicitly allowed)");
    }
    return new HttpService(host, port, 16);
  }

  /** Parses {@code HOST:PORT} ({@code [v6]:PORT} too). */
  public static InetSocketAddress parseListen(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new IllegalArgumentException("--listen must be HOST:PORT, got " + listen);
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen port is not a number: " + listen, e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--listen port out of range: " + port);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** Registers {@code handler} for {@code METHOD path} (exact match). */
  public HttpService route(String method, String path, Function<HttpExchange, HttpReply> handler) {
    routes.put(method.toUpperCase(Locale.ROOT) + " " + path, handler);
    return this;
  }

  /** Starts listening. */
  public void start() throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot start HTTP server: " + e.getMessage(), e);
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port} of this service. */
  public String baseUrl() {
    String h = connector.getHost();
    if (h.contains(":")) {
      h = "[" + h + "]";
    }
    return "http://" + h + ":" + port();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort at shutdown; nothing left to release if Jetty fails here.
    }
  }

  private final class Router extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      HttpReply reply;
      try {
        reply = dispatch(request);
      } catch (RuntimeException e) {
        reply = HttpReply.json(500, "{\"code\":13,\"message\":\"internal error\"}");
      }
      response.setStatus(reply.status());
      if (reply.status() == 413) {
        // The body was not read to its end; a reused connection would fail the next request.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
      response.write(true, ByteBuffer.wrap(reply.body()), callback);
      return true;
    }

    private HttpReply dispatch(Request request) {
      String path = Request.getPathInContext(request);
      String key = request.getMethod().toUpperCase(Locale.ROOT) + " " + path;
      Function<HttpExchange, HttpReply> h = routes.get(key);
      if (h == null) {
        boolean pathKnown = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
        return pathKnown
            ? HttpReply.json(405, "{\"code\":12,\"message\":\"method not allowed\"}")
            : HttpReply.json(404, "{\"code\":5,\"message\":\"not found\"}");
      }
      long declared = request.getLength();
      if (declared > MAX_BODY) {
        if (declared <= DRAIN_LIMIT) {
          drain(request, DRAIN_LIMIT);
        }
        return HttpReply.json(413, "{\"code\":3,\"message\":\"request body too large\"}");
      }
      byte[] body;
      try {
        body = readBounded(request);
      } catch (IOException e) {
        return HttpReply.json(413, "{\"code\":3,\"message\":\"" + e.getMessage() + "\"}");
      }
      Map<String, List<String>> query = new LinkedHashMap<>();
      Fields fields = Request.extractQueryParameters(request);
      for (Fields.Field f : fields) {
        query.put(f.getName(), new ArrayList<>(f.getValues()));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (HttpField f : request.getHeaders()) {
        headers.putIfAbsent(f.getLowerCaseName(), f.getValue());
      }
      SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
      String remoteAddr =
          remote instanceof InetSocketAddress isa ? isa.getHostString() : String.valueOf(remote);
      return h.apply(new HttpExchange(request.getMethod(), path, query, headers, body, remoteAddr));
    }

    /**
     * Reads and drops an oversize body (up to a bound) before answering 413: answering and closing
     * while the client still sends makes the kernel reset the connection, and the client loses the
     * answer.
     */
    private void drain(Request request, long max) {
      try (var in = Content.Source.asInputStream(request)) {
        discard(in, max);
      } catch (IOException e) {
        // The client went away; the 413 is written on a best-effort basis.
      }
    }

    private void discard(java.io.InputStream in, long max) throws IOException {
      byte[] sink = new byte[64 * 1024];
      long total = 0;
      int n;
      while (total < max && (n = in.read(sink, 0, (int) Math.min(sink.length, max - total))) > 0) {
        total += n;
      }
    }

    private byte[] readBounded(Request request) throws IOException {
      try (var in = Content.Source.asInputStream(request)) {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) {
          discard(in, DRAIN_LIMIT - b.length);
          throw new IOException("request body too large");
        }
        return b;
      }
    }
  }
}
