package dev.provenant.ca.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.provenant.ca.AuditLog;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.oidc.HttpOidcFetcher;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.core.pem.Pem;
import dev.provenant.testkit.oidc.DevOidcIssuer;
import dev.provenant.testkit.oidc.DevOidcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal the issue lists, over real HTTP against a running CA and dev issuer: no
 * certificate, a 4xx status, the reason in the response, and an audit line with that reason. The
 * CA's verifier refetches the JWKS on every token (TTL 0) so a key the issuer rotated away is
 * noticed at once.
 */
class RefusalsHttpTest {
  @TempDir static Path dir;
  static DevOidcServer oidc;
  static CaServer ca;
  static final List<String> audit = Collections.synchronizedList(new ArrayList<>());
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static final String EMAIL = "alice@example.test";

  @BeforeAll
  static void start() throws Exception {
    oidc = DevOidcServer.start("127.0.0.1", 0, dir.resolve("oidc"), null);
    OidcVerifier v =
        new OidcVerifier(
            List.of(TrustedIssuer.of(oidc.baseUrl(), IssuerType.AUTO)),
            new HttpOidcFetcher(),
            Clock.systemUTC(),
            Duration.ofSeconds(60),
            Duration.ZERO,
            Duration.ZERO);
    ca =
        CaServer.start(
            "127.0.0.1",
            0,
            false,
            dir.resolve("ca"),
            v,
            new AuditLog(audit::add, Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    ca.close();
    oidc.close();
  }

  @BeforeEach
  void clearAudit() {
    audit.clear();
  }

  static String token(String q) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(oidc.baseUrl() + "/token?" + q)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static String emailToken(String extra) throws Exception {
    return token("sub=" + EMAIL + "&email=" + EMAIL + "&email_verified=true" + extra);
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static byte[] sign(KeyPair kp, String s) throws Exception {
    Signature sig = Signature.getInstance("SHA256withECDSA");
    sig.initSign(kp.getPrivate());
    sig.update(s.getBytes(StandardCharsets.UTF_8));
    return sig.sign();
  }

  static String keyRequest(String token, KeyPair kp, byte[] pop) {
    var root = json.createObjectNode();
    root.putObject("credentials").put("oidcIdentityToken", token);
    var pkr = root.putObject("publicKeyRequest");
    pkr.putObject("publicKey")
        .put("algorithm", "ECDSA")
        .put("content", Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded()));
    pkr.put("proofOfPossession", Base64.getEncoder().encodeToString(pop));
    return root.toString();
  }

  /** Posts, then asserts the refusal: 4xx, reason in the body, one audit line with the reason. */
  static void assertRefused(String body, Refusal expected) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(ca.baseUrl() + "/api/v2/signingCert"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    JsonNode n = json.readTree(r.body());
    assertThat(n.path("reason").asText()).isEqualTo(expected.name());
    assertThat(n.has("signedCertificateEmbeddedSct")).isFalse();
    assertThat(audit)
        .singleElement()
        .satisfies(
            l -> {
              JsonNode a = json.readTree(l);
              assertThat(a.path("event").asText()).isEqualTo("refused");
              assertThat(a.path("reason").asText()).isEqualTo(expected.name());
            });
  }

  @Test
  void signingCert_control_validRequestIssues() throws Exception {
    KeyPair kp = p256();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(ca.baseUrl() + "/api/v2/signingCert"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        keyRequest(emailToken(""), kp, sign(kp, EMAIL))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(audit).singleElement().asString().contains("\"event\":\"issued\"");
  }

  @Test
  void signingCert_expiredToken_refusedTokenExpired() throws Exception {
    long now = Instant.now().getEpochSecond();
    KeyPair kp = p256();
    assertRefused(
        keyRequest(emailToken("&iat=" + (now - 1200) + "&exp=" + (now - 600)), kp, sign(kp, EMAIL)),
        Refusal.TOKEN_EXPIRED);
  }

  @Test
  void signingCert_wrongAudience_refusedAudienceMismatch() throws Exception {
    KeyPair kp = p256();
    assertRefused(
        keyRequest(emailToken("&aud=not-sigstore"), kp, sign(kp, EMAIL)),
        Refusal.AUDIENCE_MISMATCH);
  }

  @Test
  void signingCert_unknownIssuer_refusedIssuerUnknown() throws Exception {
    DevOidcIssuer stranger = new DevOidcIssuer("https://stranger.test", null, Clock.systemUTC());
    String tok =
        stranger.mint(
            Map.of("sub", EMAIL, "aud", "sigstore", "email", EMAIL, "email_verified", true),
            "ES256",
            Duration.ofMinutes(5));
    KeyPair kp = p256();
    assertRefused(keyRequest(tok, kp, sign(kp, EMAIL)), Refusal.ISSUER_UNKNOWN);
  }

  @Test
  void signingCert_tokenSignedByForeignKeyUnderPublishedKid_refusedSignatureInvalid()
      throws Exception {
    String kid = oidc.issuer().keyIds().get(1);
    Instant now = Instant.now();
    JWTClaimsSet c =
        new JWTClaimsSet.Builder()
            .issuer(oidc.baseUrl())
            .subject(EMAIL)
            .audience("sigstore")
            .claim("email", EMAIL)
            .claim("email_verified", true)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), c);
    jwt.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
    KeyPair kp = p256();
    assertRefused(
        keyRequest(jwt.serialize(), kp, sign(kp, EMAIL)), Refusal.TOKEN_SIGNATURE_INVALID);
  }

  @Test
  void signingCert_keyRotatedAwayByIssuer_refusedSigningKeyUnknown() throws Exception {
    String old = emailToken("&alg=ES256");
    HttpResponse<String> rot =
        http.send(
            HttpRequest.newBuilder(URI.create(oidc.baseUrl() + "/rotate"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(rot.statusCode()).isEqualTo(200);
    KeyPair kp = p256();
    assertRefused(keyRequest(old, kp, sign(kp, EMAIL)), Refusal.SIGNING_KEY_UNKNOWN);
  }

  @Test
  void signingCert_proofOfPossessionByAnotherKey_refusedProofOfPossessionInvalid()
      throws Exception {
    KeyPair kp = p256();
    assertRefused(
        keyRequest(emailToken(""), kp, sign(p256(), EMAIL)), Refusal.PROOF_OF_POSSESSION_INVALID);
  }

  @Test
  void signingCert_csrRequestingSan_refusedCsrExtensionsNotAllowed() throws Exception {
    KeyPair kp = p256();
    ExtensionsGenerator eg = new ExtensionsGenerator();
    eg.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.rfc822Name, "root@example.test")));
    var b = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), kp.getPublic());
    b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, eg.generate());
    String pem =
        Pem.encode(
            "CERTIFICATE REQUEST",
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
                .getEncoded());
    var root = json.createObjectNode();
    root.putObject("credentials").put("oidcIdentityToken", emailToken(""));
    root.put(
        "certificateSigningRequest",
        Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
    assertRefused(root.toString(), Refusal.CSR_EXTENSIONS_NOT_ALLOWED);
  }

  @Test
  void signingCert_tokenWithNoMappableIdentity_refusedIdentityUnmappable() throws Exception {
    String tok = token("profile=none&sub=robot-7");
    KeyPair kp = p256();
    assertRefused(keyRequest(tok, kp, sign(kp, "robot-7")), Refusal.IDENTITY_UNMAPPABLE);
  }
}
