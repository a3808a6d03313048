package dev.provenant.oci;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The token server of the token-auth registry (docker's token authentication spec): answers {@code
 * GET /token?service=..&scope=repository:NAME:ACTIONS} with a JWT signed by the key whose
 * certificate the registry trusts, granting the scope asked for, but only to one user (Basic auth);
 * anyone else gets 401. Records the scopes asked for.
 *
 * <p>SPEC: https://distribution.github.io/distribution/spec/auth/token/ and
 * https://distribution.github.io/distribution/spec/auth/jwt/
 */
final class TestTokenServer implements AutoCloseable {
  static final String USER = "token-user";
  static final String PASSWORD = "token-password";

  final List<String> scopes = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  TestTokenServer(int port, Path keyPem, Path certPem, String issuer, String service)
      throws Exception {
    PrivateKey key =
        KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyPem)));
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certPem)));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    String expected =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/token",
        ex -> {
          try {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (!expected.equals(auth)) {
              byte[] b =
                  "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"token server: bad credentials\"}]}"
                      .getBytes(StandardCharsets.UTF_8);
              ex.sendResponseHeaders(401, b.length);
              ex.getResponseBody().write(b);
              return;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            String q = ex.getRequestURI().getRawQuery();
            for (String kv : q == null ? new String[0] : q.split("&")) {
              if (kv.startsWith("scope=")) {
                String scope = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
                scopes.add(scope);
                String[] p = scope.split(":");
                access.add(Map.of("type", p[0], "name", p[1], "actions", List.of(p[2].split(","))));
              }
            }
            Date now = new Date();
            JWTClaimsSet claims =
                new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject(USER)
                    .audience(service)
                    .issueTime(now)
                    .notBeforeTime(new Date(now.getTime() - 60_000))
                    .expirationTime(new Date(now.getTime() + 300_000))
                    .jwtID(UUID.randomUUID().toString())
                    .claim("access", access)
                    .build();
            SignedJWT jwt =
                new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .x509CertChain(List.of(Base64.encode(cert.getEncoded())))
                        .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            byte[] b =
                ("{\"token\":\"" + jwt.serialize() + "\",\"expires_in\":300}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
          } catch (Exception e) {
            ex.sendResponseHeaders(500, -1);
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  private static byte[] pem(Path p) throws Exception {
    String s = Files.readString(p);
    if (!s.contains("BEGIN PRIVATE KEY")) {
      throw new IllegalArgumentException(p + ": expected a PKCS#8 PRIVATE KEY");
    }
    s = s.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return java.util.Base64.getDecoder().decode(s);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
