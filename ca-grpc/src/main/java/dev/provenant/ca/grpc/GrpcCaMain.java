package dev.provenant.ca.grpc;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.server.CaServer;
import dev.provenant.ca.server.HttpService;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar provenant-ca-grpc.jar --listen H:P --grpc-listen H:P --data DIR --oidc-issuer
 * URL...}: the same CA as {@code provenant ca serve} (same data directory layout, REST API and TSA)
 * plus Fulcio's gRPC API over TLS on a second port.
 */
public final class GrpcCaMain {
  private GrpcCaMain() {}

  /** Entry point; exit 2 on usage errors. */
  public static void main(String[] args) throws Exception {
    String listen = null;
    String grpcListen = null;
    Path data = null;
    List<TrustedIssuer> issuers = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--listen" -> listen = args[++i];
          case "--grpc-listen" -> grpcListen = args[++i];
          case "--data" -> data = Path.of(args[++i]);
          case "--oidc-issuer" -> issuers.add(TrustedIssuer.of(args[++i], IssuerType.AUTO));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (listen == null || grpcListen == null || data == null || issuers.isEmpty()) {
        throw new IllegalArgumentException(
            "need --listen, --grpc-listen, --data and at least one --oidc-issuer");
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      System.err.println("FAILED: usage: " + e.getMessage());
      System.exit(2);
      return;
    }
    InetSocketAddress rest = HttpService.parseListen(listen);
    InetSocketAddress grpc = HttpService.parseListen(grpcListen);
    AuditLog audit = AuditLog.stderr();
    CaServer ca =
        CaServer.start(
            rest.getHostString(), rest.getPort(), false, data, OidcVerifier.create(issuers), audit);
    GrpcCaServer g =
        GrpcCaServer.start(
            ca.ca(), audit, grpc.getHostString(), grpc.getPort(), data.resolve("keys"), false);
    System.err.println(
        "provenant ca: REST on "
            + ca.baseUrl()
            + ", gRPC+TLS on "
            + grpc.getHostString()
            + ":"
            + g.port()
            + " (trust "
            + data.resolve("keys/grpc-tls.crt")
            + ")");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  g.close();
                  ca.close();
                }));
    g.join();
  }
}
