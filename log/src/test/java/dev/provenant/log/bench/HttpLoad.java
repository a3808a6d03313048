package dev.provenant.log.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * A load generator cheap enough to measure the server rather than itself: one thread, one NIO
 * selector, N keep-alive HTTP/1.1 connections with one request in flight on each (so "N concurrent
 * clients" is N concurrent requests), requests pre-encoded as bytes. Per request it costs a write,
 * a read and a scan for the end of the response headers; the JDK HttpClient spends several times
 * that (builders, futures, a thread per client) on the same two cores the server runs on.
 *
 * <p>Responses must carry {@code Content-Length} (the log server always sets it); anything else
 * counts as an error and closes that connection.
 */
final class HttpLoad {
  /** What one run measured. */
  record Result(
      long ok,
      long errors,
      long[] latenciesNanos,
      long clientCpuNanos,
      long serverCpuNanos,
      double seconds,
      int[] statusCounts) {}

  private HttpLoad() {}

  /** Encodes a request: method, path, host and optional JSON body with Content-Length. */
  static byte[] request(String method, URI base, String path, byte[] body) {
    StringBuilder h = new StringBuilder(160);
    h.append(method)
        .append(' ')
        .append(path)
        .append(" HTTP/1.1\r\nHost: ")
        .append(base.getHost())
        .append(':')
        .append(base.getPort())
        .append("\r\n");
    if (body != null) {
      h.append("Content-Type: application/json\r\nContent-Length: ")
          .append(body.length)
          .append("\r\n");
    }
    h.append("\r\n");
    byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
    if (body == null) {
      return head;
    }
    byte[] out = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  /**
   * Runs {@code clients} connections against {@code base} for {@code warmupSeconds + seconds},
   * sending {@code requests.apply(i)} as the i-th request (null: no more requests). Only requests
   * sent and answered inside the measured window count; a response with status {@code okStatus} is
   * a success.
   */
  static Result run(
      URI base,
      int clients,
      double warmupSeconds,
      double seconds,
      int okStatus,
      IntFunction<byte[]> requests,
      LongSupplier serverCpu)
      throws IOException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Selector sel = Selector.open();
    Conn[] conns = new Conn[clients];
    InetSocketAddress addr = new InetSocketAddress(base.getHost(), base.getPort());
    for (int c = 0; c < clients; c++) {
      SocketChannel ch = SocketChannel.open(addr);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.configureBlocking(false);
      conns[c] = new Conn(ch);
      conns[c].key = ch.register(sel, 0, conns[c]);
    }
    long start = System.nanoTime();
    long warmEnd = start + (long) (warmupSeconds * 1e9);
    long end = warmEnd + (long) (seconds * 1e9);
    long[] lat = new long[1 << 16];
    int nLat = 0;
    long ok = 0;
    long errors = 0;
    int[] statuses = new int[600];
    int next = 0;
    long cpuAtWarm = -1;
    long serverAtWarm = -1;
    long serverAtEnd = -1;
    long cpuAtEnd = -1;
    int open = clients;
    for (Conn c : conns) {
      byte[] r = requests.apply(next++);
      if (r == null) {
        c.close();
        open--;
        continue;
      }
      c.send(r, System.nanoTime());
    }
    while (open > 0) {
      long now = System.nanoTime();
      if (cpuAtWarm < 0 && now >= warmEnd) {
        cpuAtWarm = mx.getCurrentThreadCpuTime();
        serverAtWarm = serverCpu.getAsLong();
      }
      if (serverAtEnd < 0 && now >= end) {
        serverAtEnd = serverCpu.getAsLong();
        cpuAtEnd = mx.getCurrentThreadCpuTime();
      }
      if (now >= end + 2_000_000_000L) {
        break; // stragglers past the window do not count anyway
      }
      sel.select(50);
      Iterator<SelectionKey> it = sel.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Conn c = (Conn) k.attachment();
        try {
          if (k.isValid() && k.isWritable()) {
            c.flush();
          }
          if (k.isValid() && k.isReadable()) {
            int status = c.read();
            if (status == 0) {
              continue;
            }
            long t1 = System.nanoTime();
            if (c.sentAt >= warmEnd && t1 <= end) {
              statuses[Math.min(status, statuses.length - 1)]++;
              if (status == okStatus) {
                ok++;
                if (nLat == lat.length) {
                  lat = Arrays.copyOf(lat, lat.length * 2);
                }
                lat[nLat++] = t1 - c.sentAt;
              } else {
                errors++;
              }
            }
            byte[] r = t1 < end ? requests.apply(next++) : null;
            if (r == null) {
              c.close();
              open--;
            } else {
              c.send(r, t1);
            }
          }
        } catch (IOException e) {
          if (c.sentAt >= warmEnd && System.nanoTime() <= end) {
            errors++;
          }
          c.close();
          open--;
        }
      }
    }
    if (serverAtEnd < 0) {
      serverAtEnd = serverCpu.getAsLong();
      cpuAtEnd = mx.getCurrentThreadCpuTime();
    }
    long cpu = cpuAtEnd - Math.max(0, cpuAtWarm);
    for (Conn c : conns) {
      c.close();
    }
    sel.close();
    long[] l = Arrays.copyOf(lat, nLat);
    Arrays.sort(l);
    long server = serverAtWarm < 0 || serverAtEnd < 0 ? -1 : serverAtEnd - serverAtWarm;
    return new Result(ok, errors, l, cpu, server, seconds, statuses);
  }

  /** One keep-alive connection with at most one request in flight. */
  private static final class Conn {
    final SocketChannel ch;
    SelectionKey key;
    ByteBuffer out;
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    long sentAt;
    int headerEnd = -1;
    int status;
    long contentLength;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }

    void send(byte[] req, long now) throws IOException {
      out = ByteBuffer.wrap(req);
      sentAt = now;
      in.clear();
      headerEnd = -1;
      flush();
    }

    void flush() throws IOException {
      ch.write(out);
      key.interestOps(
          out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
    }

    /** Reads what arrived; returns the status once the whole response is in, else 0. */
    int read() throws IOException {
      if (!in.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        bigger.put(in);
        in = bigger;
      }
      int n = ch.read(in);
      if (n < 0) {
        throw new IOException("server closed the connection");
      }
      if (headerEnd < 0) {
        byte[] a = in.array();
        int lim = in.position();
        for (int i = 3; i < lim; i++) {
          if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
            headerEnd = i + 1;
            break;
          }
        }
        if (headerEnd < 0) {
          return 0;
        }
        String head = new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1);
        status = Integer.parseInt(head.substring(9, 12));
        contentLength = -1;
        for (String line : head.split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
            contentLength = Long.parseLong(line.substring(colon + 1).trim());
          }
        }
        if (contentLength < 0) {
          throw new IOException("response without Content-Length");
        }
      }
      return in.position() >= headerEnd + contentLength ? status : 0;
    }

    void close() {
      try {
        ch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** Convenience: requests cycling through a fixed list of request bytes, once each. */
  static IntFunction<byte[]> once(List<byte[]> encoded) {
    return i -> i < encoded.size() ? encoded.get(i) : null;
  }
}
