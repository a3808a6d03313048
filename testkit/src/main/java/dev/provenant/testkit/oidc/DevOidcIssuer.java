package dev.provenant.testkit.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.provenant.core.pem.PrivateKeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A development OIDC issuer: holds an RS256 and an ES256 key (persisted in its data directory),
 * publishes them as a JWKS, and mints tokens with whatever claims a test asks for, including
 * GitHub-Actions-shaped and Provenant-platform-shaped ones. Never a production identity provider:
 * anyone who can reach it gets any identity, which is why its server is loopback-only.
 */
public final class DevOidcIssuer {
  private final String issuerUrl;
  private final Path keyFile;
  private final Clock clock;
  private volatile JWKSet keys;

  /**
   * @param issuerUrl the {@code iss} of minted tokens (the server's base URL)
   * @param dataDir where the keys are kept ({@code oidc-keys.json}); null keeps them in memory
   * @param clock the time source for {@code iat}/{@code exp}
   * @throws IOException if the key file exists but cannot be read
   */
  public DevOidcIssuer(String issuerUrl, Path dataDir, Clock clock) throws IOException {
    this.issuerUrl = Objects.requireNonNull(issuerUrl);
    this.clock = Objects.requireNonNull(clock);
    this.keyFile = dataDir == null ? null : dataDir.resolve("oidc-keys.json");
    if (keyFile != null && Files.exists(keyFile)) {
      try {
        keys = JWKSet.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
      } catch (ParseException e) {
        throw new IOException("cannot parse " + keyFile + ": " + e.getMessage(), e);
      }
    } else {
      keys = generate();
      save();
    }
  }

  /** The issuer URL. */
  public String issuerUrl() {
    return issuerUrl;
  }

  /** The public JWKS as JSON. */
  public String jwksJson() {
    return keys.toPublicJWKSet().toString();
  }

  /** The key ids currently published. */
  public List<String> keyIds() {
    return keys.getKeys().stream().map(JWK::getKeyID).toList();
  }

  /** The OpenID discovery document as JSON. */
  public String discoveryJson() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", issuerUrl);
    d.put("jwks_uri", base() + "/jwks");
    d.put("authorization_endpoint", base() + "/authorize");
    d.put("token_endpoint", base() + "/token");
    d.put("response_types_supported", List.of("id_token"));
    d.put("subject_types_supported", List.of("public"));
    d.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
    d.put(
        "claims_supported", List.of("sub", "aud", "exp", "iat", "iss", "email", "email_verified"));
    return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(d);
  }

  private String base() {
    return issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
  }

  /**
   * Replaces both keys with new ones: tokens signed before no longer verify once a verifier
   * refetches the JWKS. For key-rotation tests.
   *
   * @throws IOException if the new keys cannot be saved
   */
  public synchronized void rotate() throws IOException {
    keys = generate();
    save();
  }

  /**
   * Mints a token. {@code iss}, {@code iat} (now) and {@code exp} (now + ttl) are filled in unless
   * {@code claims} sets them (numbers are epoch seconds); a {@code jti} is added.
   *
   * @param claims the claims; {@code aud} may be a string or a list
   * @param alg {@code RS256} or {@code ES256}
   * @param ttl lifetime when {@code exp} is not given
   */
  public String mint(Map<String, Object> claims, String alg, Duration ttl) {
    JWSAlgorithm a = JWSAlgorithm.parse(alg);
    JWK key =
        keys.getKeys().stream()
            .filter(k -> a.equals(k.getAlgorithm()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("alg must be RS256 or ES256, got " + alg));
    Instant now = clock.instant();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder().issuer(issuerUrl).jwtID(UUID.randomUUID().toString());
    b.issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)));
    for (Map.Entry<String, Object> e : claims.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "iat" -> b.issueTime(epoch(v));
        case "exp" -> b.expirationTime(epoch(v));
        case "nbf" -> b.notBeforeTime(epoch(v));
        case "aud" -> {
          if (v instanceof List<?> l) {
            b.audience(l.stream().map(String::valueOf).toList());
          } else {
            b.audience(String.valueOf(v));
          }
        }
        default -> b.claim(e.getKey(), v);
      }
    }
    try {
      JWSSigner signer =
          key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(a).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
              b.build());
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(
          "signing with a freshly loaded key failed: " + e.getMessage(), e);
    }
  }

  private static Date epoch(Object v) {
    if (v instanceof Number n) {
      return new Date(n.longValue() * 1000L);
    }
    return new Date(Long.parseLong(String.valueOf(v)) * 1000L);
  }

  private static JWKSet generate() {
    try {
      RSAKey rsa =
          new RSAKeyGenerator(2048)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .keyIDFromThumbprint(true)
              .generate();
      ECKey ec =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyIDFromThumbprint(true)
              .generate();
      return new JWKSet(List.of(rsa, ec));
    } catch (JOSEException e) {
      throw new IllegalStateException("key generation failed: " + e.getMessage(), e);
    }
  }

  private void save() throws IOException {
    if (keyFile == null) {
      return;
    }
    // Private JWKs: created 0600 and complete, or not at all.
    PrivateKeyFiles.writeSecret(
        keyFile, keys.toString(false).getBytes(StandardCharsets.UTF_8), true);
  }
}
