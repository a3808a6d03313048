package dev.provenant.platform.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A UNIX-domain socket server speaking one JSON object per connection each way: the client writes
 * one line, the server answers one line and closes. Only peers running as the owner of the socket's
 * directory are served ({@code SO_PEERCRED}); the directory itself is 0700, so this is a second
 * lock on the same door.
 *
 * <p>There is deliberately no TCP variant: what these sockets hand out (tokens, signed provenance)
 * must not be reachable from the network or from a sandbox that has only a network namespace.
 */
public final class JsonLineServer implements AutoCloseable {
  /** Handles one request; returns the response object. Must not throw for bad input. */
  @FunctionalInterface
  public interface Handler {
    /** The response to {@code request}. */
    ObjectNode handle(JsonNode request);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A client has this long to send its request line; a silent one must not hold a worker forever.
   */
  static final long REQUEST_DEADLINE_MILLIS = 10_000;

  private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "json-line-deadline");
            t.setDaemon(true);
            return t;
          });
  private final ServerSocketChannel server;
  private final Path socket;
  private final int maxRequestBytes;
  private final Handler handler;
  private final UserPrincipal owner;
  private final ExecutorService workers;
  private final Thread acceptor;

  private JsonLineServer(
      ServerSocketChannel server,
      Path socket,
      int maxRequestBytes,
      Handler handler,
      UserPrincipal owner,
      int threads,
      String name) {
    this.server = server;
    this.socket = socket;
    this.maxRequestBytes = maxRequestBytes;
    this.handler = handler;
    this.owner = owner;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, name + "-accept");
    this.acceptor.setDaemon(true);
  }

  /**
   * Binds {@code socket} (replacing a stale socket file) inside its private directory and starts
   * serving.
   *
   * @param maxRequestBytes requests longer than this are refused unread
   * @param threads how many requests run at once
   * @throws IOException if the directory is not private or the socket cannot be bound
   */
  public static JsonLineServer start(
      Path socket, int maxRequestBytes, int threads, String name, Handler handler)
      throws IOException {
    Path dir = PrivateDirectories.ensure(socket.toAbsolutePath().getParent());
    Files.deleteIfExists(socket);
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PrivateDirectories.FILE);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    JsonLineServer s =
        new JsonLineServer(
            ch, socket, maxRequestBytes, handler, Files.getOwner(dir), threads, name);
    s.acceptor.start();
    return s;
  }

  /** The socket path. */
  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        continue;
      }
      workers.execute(() -> serve(c));
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      ObjectNode response;
      UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (!owner.equals(peer.user())) {
        response =
            error(
                "PEER_REFUSED",
                "peer user: expected " + owner.getName() + ", got " + peer.user().getName());
      } else {
        java.util.concurrent.ScheduledFuture<?> deadline =
            DEADLINES.schedule(
                () -> {
                  try {
                    c.close();
                  } catch (IOException e) {
                    // Already closed.
                  }
                },
                REQUEST_DEADLINE_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        byte[] line;
        try {
          line = readLine(c, maxRequestBytes);
        } finally {
          deadline.cancel(false);
        }
        if (line == null) {
          response =
              error(
                  "BAD_REQUEST",
                  "request longer than "
                      + maxRequestBytes
                      + " bytes or not terminated by a newline");
        } else {
          JsonNode req;
          try {
            req = JSON.readTree(line);
          } catch (IOException e) {
            req = null;
          }
          response =
              req == null || !req.isObject()
                  ? error("BAD_REQUEST", "request is not one JSON object")
                  : handler.handle(req);
        }
      }
      byte[] out = (JSON.writeValueAsString(response) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.wrap(out);
      while (b.hasRemaining()) {
        c.write(b);
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  /** An error response {@code {"error":{"reason":R,"message":M}}}. */
  public static ObjectNode error(String reason, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.putObject("error").put("reason", reason).put("message", message);
    return o;
  }

  /**
   * Reads bytes up to the first newline (excluded), or null if more than {@code max} bytes come
   * first or the stream ends without one.
   */
  static byte[] readLine(SocketChannel c, int max) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(8192);
    while (true) {
      b.clear();
      int n = c.read(b);
      if (n < 0) {
        return null;
      }
      for (int i = 0; i < n; i++) {
        byte x = b.get(i);
        if (x == '\n') {
          return buf.toByteArray();
        }
        if (buf.size() >= max) {
          return null;
        }
        buf.write(x);
      }
    }
  }

  /**
   * Sends {@code request} to the server at {@code socket} and returns its response object.
   *
   * @throws IOException if the socket cannot be reached or the answer is not one JSON object
   */
  public static JsonNode call(Path socket, JsonNode request, int maxResponseBytes)
      throws IOException {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ByteBuffer b =
          ByteBuffer.wrap(
              (JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        c.write(b);
      }
      byte[] line = readLine(c, maxResponseBytes);
      if (line == null) {
        throw new IOException(
            "no complete response from " + socket + " (cap " + maxResponseBytes + " bytes)");
      }
      JsonNode r = JSON.readTree(line);
      if (r == null || !r.isObject()) {
        throw new IOException("response from " + socket + " is not a JSON object");
      }
      return r;
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing a listening socket does not fail in a way that matters here.
    }
    workers.shutdownNow();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // A stale socket file is replaced on the next start.
    }
  }
}
