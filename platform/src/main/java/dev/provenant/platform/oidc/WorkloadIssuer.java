package dev.provenant.platform.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.provenant.platform.ipc.JsonLineServer;
import dev.provenant.platform.ipc.PrivateDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The platform's workload OIDC issuer: the identity provider the keyless CA trusts for platform
 * builds, as GitHub's {@code token.actions.githubusercontent.com} is for GitHub Actions.
 *
 * <p>It publishes its discovery document and JWKS over the platform's web server ({@link
 * #handler()}), and mints tokens only over a UNIX-domain socket in its private directory ({@link
 * #startMinting()}). A request names only a build id and attempt; every claim comes from the
 * platform's {@link BuildRecords}, so whoever can ask cannot choose what the token says.
 *
 * <p>Security guarantees: the signing key is kept in {@code privateDir/issuer-key.json} (mode 0600,
 * directory 0700) and never leaves this process; there is no network endpoint that mints; a build
 * the records do not return gets no token.
 */
public final class WorkloadIssuer implements AutoCloseable {
  /** The token audience the CA requires. */
  public static final String AUDIENCE = "sigstore";

  /** How long a token lives: enough for one certificate request, as GitHub's do. */
  public static final Duration TOKEN_TTL = Duration.ofMinutes(5);

  /** Path of the discovery document under {@code {web}}. */
  public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  /** Path of the JWKS under {@code {web}}. */
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  /** The socket's file name in the private directory. */
  public static final String SOCKET_NAME = "issuer.sock";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY_FILE = "issuer-key.json";

  private final PlatformIdentity identity;
  private final Path privateDir;
  private final BuildRecords records;
  private final Clock clock;
  private final ECKey key;
  private final ECDSASigner signer;
  private JsonLineServer minting;

  private WorkloadIssuer(
      PlatformIdentity identity, Path privateDir, BuildRecords records, Clock clock, ECKey key)
      throws JOSEException {
    this.identity = identity;
    this.privateDir = privateDir;
    this.records = records;
    this.clock = clock;
    this.key = key;
    this.signer = new ECDSASigner(key);
  }

  /**
   * Opens the issuer: loads its ES256 key from {@code privateDir}, or creates one there on first
   * use. Does not listen yet.
   *
   * @throws IOException if the directory cannot be made private or the key cannot be read or
   *     written
   */
  public static WorkloadIssuer open(
      PlatformIdentity identity, Path privateDir, BuildRecords records, Clock clock)
      throws IOException {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(clock, "clock");
    PrivateDirectories.ensure(privateDir);
    Path file = privateDir.resolve(KEY_FILE);
    ECKey key;
    try {
      if (Files.exists(file)) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!PrivateDirectories.FILE.containsAll(mode)) {
          throw new IOException(
              "issuer key "
                  + file
                  + " is readable by others: expected rw-------, got "
                  + java.nio.file.attribute.PosixFilePermissions.toString(mode));
        }
        key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
          throw new IOException("issuer key " + file + ": expected a private P-256 JWK");
        }
      } else {
        key =
            new ECKeyGenerator(Curve.P_256)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .keyIDFromThumbprint(true)
                .generate();
        PrivateDirectories.writePrivate(file, key.toJSONString().getBytes(StandardCharsets.UTF_8));
      }
      return new WorkloadIssuer(identity, privateDir, records, clock, key);
    } catch (ParseException e) {
      throw new IOException("issuer key " + file + " is not a JWK: " + e.getMessage(), e);
    } catch (JOSEException e) {
      throw new IOException("issuer key " + file + " cannot sign: " + e.getMessage(), e);
    }
  }

  /** The instance's identity (issuer URL, builder id). */
  public PlatformIdentity identity() {
    return identity;
  }

  /** The minting socket's path (it exists once {@link #startMinting()} ran). */
  public Path socket() {
    return privateDir.resolve(SOCKET_NAME);
  }

  /** The OpenID Connect discovery document. */
  public String discoveryJson() {
    ObjectNode d = JSON.createObjectNode();
    // OpenID Connect Discovery 1.0 §4.3: the issuer "MUST be identical to the Issuer URL".
    d.put("issuer", identity.issuer());
    d.put("jwks_uri", identity.web() + JWKS_PATH);
    d.putArray("response_types_supported").add("id_token");
    d.putArray("subject_types_supported").add("public");
    d.putArray("id_token_signing_alg_values_supported").add("ES256");
    d.putArray("claims_supported").addAll(claimNames());
    return d.toString();
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode claimNames() {
    com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
    for (String c :
        List.of(
            "sub",
            "aud",
            "iss",
            "iat",
            "exp",
            "nbf",
            "jti",
            "repository",
            "repository_id",
            "ref",
            "sha",
            "build_config_path",
            "build_config_digest",
            "run_id",
            "run_attempt",
            "event_name",
            "runner_environment",
            "builder_id",
            "source_repository_uri",
            "repository_visibility")) {
      a.add(c);
    }
    return a;
  }

  /** The public JWKS. */
  public String jwksJson() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  /**
   * A Jetty handler serving {@link #DISCOVERY_PATH} and {@link #JWKS_PATH}, for the platform to
   * mount at {@code {web}}.
   */
  public org.eclipse.jetty.server.Handler handler() {
    return new WorkloadIssuerHandler(this);
  }

  /**
   * Mints a token for attempt {@code attempt} of build {@code buildId}, with the claims of the
   * platform contract filled from the build record.
   *
   * @throws TokenRefusedException {@link TokenRefusedException.Reason#UNKNOWN_BUILD} if the records
   *     do not return that attempt
   */
  public String mint(String buildId, int attempt) throws TokenRefusedException {
    Optional<BuildFacts> found;
    try {
      found = records.find(buildId, attempt);
    } catch (RuntimeException e) {
      throw new TokenRefusedException(
          TokenRefusedException.Reason.UNKNOWN_BUILD, "build record lookup failed: " + e, e);
    }
    BuildFacts f =
        found.orElseThrow(
            () ->
                new TokenRefusedException(
                    TokenRefusedException.Reason.UNKNOWN_BUILD,
                    "no build " + buildId + " attempt " + attempt + " awaiting provenance",
                    null));
    if (!f.buildId().equals(buildId) || f.attempt() != attempt) {
      throw new TokenRefusedException(
          TokenRefusedException.Reason.UNKNOWN_BUILD,
          "build record mismatch: expected "
              + buildId
              + "/"
              + attempt
              + ", got "
              + f.buildId()
              + "/"
              + f.attempt(),
          null);
    }
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(identity.issuer())
            .audience(AUDIENCE)
            .subject("repo:" + f.repository() + ":ref:" + f.ref())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TOKEN_TTL)))
            .jwtID(UUID.randomUUID().toString())
            .claim("repository", f.repository())
            .claim("repository_id", f.projectId())
            .claim("repository_visibility", "public")
            .claim("ref", f.ref())
            .claim("sha", f.commit())
            .claim("build_config_path", f.buildConfigPath())
            .claim("build_config_digest", f.buildConfigSha256())
            .claim("run_id", f.buildId())
            .claim("run_attempt", Integer.toString(f.attempt()))
            .claim("event_name", PlatformIdentity.EVENT)
            .claim("runner_environment", PlatformIdentity.RUNNER_ENVIRONMENT)
            .claim("builder_id", identity.builderId())
            .claim("source_repository_uri", identity.gitUri(f.repository()))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with the issuer's own P-256 key cannot fail", e);
    }
    return jwt.serialize();
  }

  /**
   * Starts serving {@code {"buildId":S,"attempt":N}} → {@code {"token":JWT}} (or {@code
   * {"error":{"reason","message"}}}) on {@link #socket()}.
   *
   * @throws IOException if the socket cannot be bound
   */
  public synchronized void startMinting() throws IOException {
    if (minting == null) {
      minting = JsonLineServer.start(socket(), 4096, 2, "workload-issuer", this::handleMint);
    }
  }

  private ObjectNode handleMint(JsonNode req) {
    JsonNode id = req.get("buildId");
    JsonNode attempt = req.get("attempt");
    if (id == null
        || !id.isTextual()
        || attempt == null
        || !attempt.canConvertToInt()
        || !attempt.isIntegralNumber()) {
      return JsonLineServer.error(
          TokenRefusedException.Reason.BAD_REQUEST.name(),
          "expected {\"buildId\":string,\"attempt\":integer}");
    }
    try {
      ObjectNode ok = JSON.createObjectNode();
      ok.put("token", mint(id.asText(), attempt.asInt()));
      return ok;
    } catch (TokenRefusedException e) {
      return JsonLineServer.error(e.reason().name(), e.getMessage());
    }
  }

  /** Stops minting (the key stays on disk). */
  @Override
  public synchronized void close() {
    if (minting != null) {
      minting.close();
      minting = null;
    }
  }
}
