package dev.provenant.platform.sandbox;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The platform's egress proxy for one build: an HTTP proxy on a UNIX socket that is bound into the
 * sandbox (where {@code socat} bridges the sandbox's own loopback {@code 127.0.0.1:3128} to it), so
 * the build has no network route of its own and every byte it fetches passes here.
 *
 * <p>Only hosts on the build's allow-list are served ({@code host} allows ports 80 and 443, {@code
 * host:port} that port). Plain-HTTP {@code GET} and {@code HEAD} are forwarded by the platform and
 * the bytes returned to the build are hashed: each 2xx response is recorded as {@link
 * SandboxResult.Fetched} with its SHA-256, for the provenance's resolved dependencies. HTTPS goes
 * through {@code CONNECT} tunnels, which are recorded as {@code https://host:port} with an unknown
 * digest: the proxy does not intercept TLS. Other methods get 405, other hosts 403.
 */
final class EgressProxy implements AutoCloseable {
  private static final int MAX_HEADER = 64 * 1024;
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-connection",
          "content-length",
          "host");

  private final Path socket;
  private final List<String> allowList;
  private final ServerSocketChannel server;
  private final ExecutorService threads;
  private final HttpClient http;
  private final List<SandboxResult.Fetched> fetched =
      Collections.synchronizedList(new ArrayList<>());
  private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();

  private EgressProxy(Path socket, List<String> allowList, ServerSocketChannel server) {
    this.socket = socket;
    this.allowList = List.copyOf(allowList);
    this.server = server;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "egress-proxy");
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .followRedirects(
                HttpClient.Redirect.NEVER) // the build follows redirects through us again
            .connectTimeout(Duration.ofSeconds(15))
            .proxy(java.net.ProxySelector.of(null))
            .version(
                HttpClient.Version.HTTP_1_1) // no h2c upgrade attempts towards arbitrary servers
            .build();
  }

  /**
   * Starts a proxy listening on {@code socket}, which the build user ({@code uid}) may connect to.
   *
   * @throws IOException if the socket cannot be created
   */
  static EgressProxy start(Path socket, List<String> allowList, int uid, int gid)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    var users = socket.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(socket, users.lookupPrincipalByName(Integer.toString(uid)));
    Files.getFileAttributeView(socket, java.nio.file.attribute.PosixFileAttributeView.class)
        .setGroup(users.lookupPrincipalByGroupName(Integer.toString(gid)));
    EgressProxy proxy = new EgressProxy(socket, allowList, server);
    proxy.threads.execute(proxy::acceptLoop);
    return proxy;
  }

  /** The socket path on the host. */
  Path socket() {
    return socket;
  }

  /** What was served so far, in order. */
  List<SandboxResult.Fetched> fetched() {
    synchronized (fetched) {
      return List.copyOf(fetched);
    }
  }

  /** Requests refused (host not allow-listed, method not allowed), as "METHOD target: why". */
  List<String> refused() {
    synchronized (refused) {
      return List.copyOf(refused);
    }
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        open.add(ch);
        threads.execute(
            () -> {
              try (ch) {
                handle(ch);
              } catch (IOException | RuntimeException e) {
                // the build closed the connection or sent garbage: nothing to record
              } finally {
                open.remove(ch);
              }
            });
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(SocketChannel ch) throws IOException {
    InputStream in = new ChannelIn(ch);
    OutputStream out = new ChannelOut(ch);
    String head = readHead(in);
    if (head == null) {
      return;
    }
    String[] lines = head.split("\r\n");
    String[] req = lines[0].split(" ");
    if (req.length != 3 || !req[2].startsWith("HTTP/1.")) {
      respond(out, 400, "Bad Request", "malformed request line\n");
      return;
    }
    String method = req[0];
    String target = req[1];
    if (method.equals("CONNECT")) {
      tunnel(ch, in, out, target);
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      refused.add(method + " " + target + ": method not allowed");
      respond(out, 405, "Method Not Allowed", "the egress proxy forwards GET and HEAD only\n");
      return;
    }
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      respond(out, 400, "Bad Request", "expected an absolute http:// URI\n");
      return;
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      respond(out, 400, "Bad Request", "expected an absolute http:// URI, got " + target + "\n");
      return;
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    if (!allowed(uri.getHost(), port)) {
      refused.add(method + " " + target + ": host not allow-listed");
      respond(
          out,
          403,
          "Forbidden",
          uri.getHost() + ":" + port + " is not on the build's allow-list\n");
      return;
    }
    String internal = internalAddress(uri.getHost());
    if (internal != null) {
      refused.add(method + " " + target + ": " + internal);
      respond(out, 403, "Forbidden", internal + "\n");
      return;
    }
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim();
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("expect")) {
        try {
          rb.header(name, lines[i].substring(colon + 1).trim());
        } catch (IllegalArgumentException restricted) {
          // a header the JDK client sets itself
        }
      }
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(out, 502, "Bad Gateway", "interrupted\n");
      return;
    } catch (IOException e) {
      respond(out, 502, "Bad Gateway", "upstream: " + e.getMessage() + "\n");
      return;
    }
    StringBuilder h = new StringBuilder("HTTP/1.1 " + resp.statusCode() + " Proxied\r\n");
    resp.headers()
        .map()
        .forEach(
            (k, vs) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                for (String v : vs) {
                  h.append(k).append(": ").append(v).append("\r\n");
                }
              }
            });
    h.append("Connection: close\r\n\r\n");
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    MessageDigest md = Sha256.newDigest();
    try (InputStream body = resp.body()) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = body.read(buf)) > 0) {
        md.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    out.flush();
    if (method.equals("GET") && resp.statusCode() / 100 == 2) {
      fetched.add(new SandboxResult.Fetched(uri.toString(), Hex.encode(md.digest())));
    }
  }

  private void tunnel(SocketChannel ch, InputStream in, OutputStream out, String target)
      throws IOException {
    int colon = target.lastIndexOf(':');
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(target.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      port = -1;
    }
    String host = colon > 0 ? target.substring(0, colon) : target;
    if (port < 1 || port > 65535) {
      respond(out, 400, "Bad Request", "CONNECT needs host:port\n");
      return;
    }
    if (!allowed(host, port)) {
      refused.add("CONNECT " + target + ": host not allow-listed");
      respond(out, 403, "Forbidden", target + " is not on the build's allow-list\n");
      return;
    }
    String internal = internalAddress(host);
    if (internal != null) {
      refused.add("CONNECT " + target + ": " + internal);
      respond(out, 403, "Forbidden", internal + "\n");
      return;
    }
    try (Socket up = new Socket()) {
      up.connect(new InetSocketAddress(host, port), 15_000);
      open.add(up);
      out.write(
          "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // TLS is not intercepted: the content digest of a tunnel is unknown.
      fetched.add(new SandboxResult.Fetched("https://" + host + ":" + port, ""));
      threads.execute(
          () -> {
            try {
              in.transferTo(up.getOutputStream());
              up.shutdownOutput();
            } catch (IOException e) {
              // closed
            }
          });
      up.getInputStream().transferTo(out);
      out.flush();
    } catch (IOException e) {
      if (ch.isOpen()) {
        respond(out, 502, "Bad Gateway", "upstream: " + e.getMessage() + "\n");
      }
    }
  }

  private boolean allowed(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String entry : allowList) {
      String e = entry.toLowerCase(Locale.ROOT);
      if (e.equals(h + ":" + port) || (e.equals(h) && (port == 80 || port == 443))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a host must not be reached although allow-listed by name, or null. A name that resolves to
   * a loopback, link-local (cloud metadata), private or wildcard address could otherwise lead the
   * build to the platform's own services (a DNS answer is not the operator's decision); such hosts
   * must be allow-listed by IP literal. Known gap: for plain HTTP the JDK client resolves the name
   * again, so a DNS answer that changes between the two lookups is not caught; CONNECT tunnels
   * resolve here once.
   */
  private static String internalAddress(String host) {
    if (isIpLiteral(host)) {
      return null; // allow-listed by address: the operator's explicit choice
    }
    try {
      for (java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
        if (a.isLoopbackAddress()
            || a.isLinkLocalAddress()
            || a.isSiteLocalAddress()
            || a.isAnyLocalAddress()
            || a.isMulticastAddress()) {
          return host
              + " resolves to non-public address "
              + a.getHostAddress()
              + "; allow-list it by IP if intended";
        }
      }
    } catch (java.net.UnknownHostException e) {
      return host + " does not resolve";
    }
    return null;
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":") || host.startsWith("[");
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (b.size() < MAX_HEADER) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      b.write(c);
      state =
          (c == '\r' && (state == 0 || state == 2))
              ? state + 1
              : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static void respond(OutputStream out, int code, String text, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 "
                + code
                + " "
                + text
                + "\r\nContent-Type: text/plain\r\nContent-Length: "
                + b.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // already closed
      }
    }
    threads.shutdownNow();
    Files.deleteIfExists(socket);
  }

  /**
   * Stream over a blocking channel without {@code Channels.newInputStream}, whose reads and writes
   * share one lock, which would stall a tunnel pumping both directions at once.
   */
  private static final class ChannelIn extends InputStream {
    private final SocketChannel ch;

    ChannelIn(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return ch.read(ByteBuffer.wrap(b, off, len));
    }
  }

  private static final class ChannelOut extends OutputStream {
    private final SocketChannel ch;

    ChannelOut(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer bb = ByteBuffer.wrap(b, off, len);
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
    }
  }
}
