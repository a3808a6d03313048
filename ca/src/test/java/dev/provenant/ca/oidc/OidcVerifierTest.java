package dev.provenant.ca.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.MutableClock;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.TestIssuers;
import dev.provenant.testkit.oidc.DevOidcIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OidcVerifierTest {
  private MutableClock clock;
  private TestIssuers t;
  private OidcVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z"));
    t = new TestIssuers(clock);
    verifier = t.verifier(IssuerType.EMAIL);
  }

  private static Refusal refusalOf(ThrowingRunnable r) {
    try {
      r.run();
    } catch (IssuanceException e) {
      return e.refusal();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("expected a refusal, got success");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void verify_validEs256Token_returnsSubjectAndClaims() throws Exception {
    VerifiedToken v = verifier.verify(t.email("alice@example.test"));
    assertThat(v.subject()).isEqualTo("user-123");
    assertThat(v.stringClaim("email")).contains("alice@example.test");
    assertThat(v.issuer().url()).isEqualTo(TestIssuers.URL);
  }

  @Test
  void verify_validRs256Token_verifies() throws Exception {
    String tok =
        t.issuer.mint(Map.of("sub", "s", "aud", "sigstore"), "RS256", Duration.ofMinutes(5));
    assertThat(verifier.verify(tok).subject()).isEqualTo("s");
  }

  @Test
  void verify_expiredToken_refusedTokenExpired() {
    String tok = t.email("alice@example.test");
    clock.advance(Duration.ofMinutes(10).plusSeconds(61));
    assertThat(refusalOf(() -> verifier.verify(tok))).isEqualTo(Refusal.TOKEN_EXPIRED);
  }

  @Test
  void verify_expiredWithinSkew_accepted() throws Exception {
    String tok = t.email("alice@example.test");
    clock.advance(Duration.ofMinutes(10).plusSeconds(59));
    assertThat(verifier.verify(tok).subject()).isEqualTo("user-123");
  }

  @Test
  void verify_wrongAudience_refusedAudienceMismatch() {
    String tok =
        t.token(
            Map.of("sub", "s", "aud", "not-sigstore", "email", "a@b.test", "email_verified", true));
    assertThat(refusalOf(() -> verifier.verify(tok))).isEqualTo(Refusal.AUDIENCE_MISMATCH);
  }

  @Test
  void verify_unknownIssuer_refusedIssuerUnknown() throws Exception {
    DevOidcIssuer other = new DevOidcIssuer("https://evil.test", null, clock);
    String tok = other.mint(Map.of("sub", "s", "aud", "sigstore"), "ES256", Duration.ofMinutes(5));
    assertThat(refusalOf(() -> verifier.verify(tok))).isEqualTo(Refusal.ISSUER_UNKNOWN);
  }

  @Test
  void verify_signatureByForeignKeyWithPublishedKid_refusedSignatureInvalid() throws Exception {
    String kid = t.issuer.keyIds().get(1); // the ES256 key id the issuer publishes
    ECKey foreign = new ECKeyGenerator(Curve.P_256).generate();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(TestIssuers.URL)
            .subject("s")
            .audience("sigstore")
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plusSeconds(300)))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
    jwt.sign(new ECDSASigner(foreign));
    assertThat(refusalOf(() -> verifier.verify(jwt.serialize())))
        .isEqualTo(Refusal.TOKEN_SIGNATURE_INVALID);
  }

  @Test
  void verify_payloadAlteredAfterSigning_refusedSignatureInvalid() {
    String tok = t.email("alice@example.test");
    String[] p = tok.split("\\.");
    String forged =
        com.nimbusds.jose.util.Base64URL.encode(
                new String(
                        com.nimbusds.jose.util.Base64URL.from(p[1]).decode(),
                        java.nio.charset.StandardCharsets.UTF_8)
                    .replace("alice@example.test", "mallory@example.test"))
            .toString();
    assertThat(refusalOf(() -> verifier.verify(p[0] + "." + forged + "." + p[2])))
        .isEqualTo(Refusal.TOKEN_SIGNATURE_INVALID);
  }

  @Test
  void verify_keyRotatedAwayAfterCacheTtl_refusedSigningKeyUnknown() throws Exception {
    String old = t.email("alice@example.test");
    verifier.verify(old); // caches the first key set
    t.issuer.rotate();
    clock.advance(Duration.ofMinutes(10)); // JWKS TTL passes; token still within exp + skew
    assertThat(refusalOf(() -> verifier.verify(old))).isEqualTo(Refusal.SIGNING_KEY_UNKNOWN);
  }

  @Test
  void verify_tokenFromNewKeyAfterRotation_acceptedThroughRefetch() throws Exception {
    verifier.verify(t.email("alice@example.test"));
    t.issuer.rotate();
    clock.advance(Duration.ofSeconds(31));
    assertThat(verifier.verify(t.email("bob@example.test")).stringClaim("email"))
        .contains("bob@example.test");
    assertThat(verifier.jwksFetchCount(TestIssuers.URL)).isEqualTo(2);
  }

  @Test
  void verify_unknownKidsInQuickSuccession_refetchRateLimited() throws Exception {
    verifier.verify(t.email("alice@example.test"));
    DevOidcIssuer impostor = new DevOidcIssuer(TestIssuers.URL, null, clock);
    for (int i = 0; i < 5; i++) {
      String tok =
          impostor.mint(Map.of("sub", "s", "aud", "sigstore"), "ES256", Duration.ofMinutes(5));
      assertThat(refusalOf(() -> verifier.verify(tok))).isEqualTo(Refusal.SIGNING_KEY_UNKNOWN);
    }
    // First fetch at start; the unknown kids come within the 30 s interval after it: no refetch.
    assertThat(verifier.jwksFetchCount(TestIssuers.URL)).isEqualTo(1);
  }

  @Test
  void verify_notYetValid_refusedTokenNotYetValid() {
    long nbf = clock.instant().plusSeconds(120).getEpochSecond();
    String tok = t.token(Map.of("sub", "s", "aud", "sigstore", "nbf", nbf));
    assertThat(refusalOf(() -> verifier.verify(tok))).isEqualTo(Refusal.TOKEN_NOT_YET_VALID);
  }

  @Test
  void verify_issuedInFuture_refusedTokenIssuedInFuture() {
    long iat = clock.instant().plusSeconds(120).getEpochSecond();
    String tok = t.token(Map.of("sub", "s", "aud", "sigstore", "iat", iat));
    assertThat(refusalOf(() -> verifier.verify(tok))).isEqualTo(Refusal.TOKEN_ISSUED_IN_FUTURE);
  }

  @Test
  void verify_hmacToken_refusedTokenMalformed() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(TestIssuers.URL)
            .subject("s")
            .audience("sigstore")
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plusSeconds(300)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(new byte[32]));
    assertThat(refusalOf(() -> verifier.verify(jwt.serialize())))
        .isEqualTo(Refusal.TOKEN_MALFORMED);
  }

  @Test
  void verify_notAJwt_refusedTokenMalformed() {
    assertThat(refusalOf(() -> verifier.verify("hello.world"))).isEqualTo(Refusal.TOKEN_MALFORMED);
    assertThat(refusalOf(() -> verifier.verify(""))).isEqualTo(Refusal.TOKEN_MISSING);
  }

  @Test
  void verify_issuerUnreachable_refusedIssuerUnreachable() {
    OidcVerifier v =
        new OidcVerifier(
            java.util.List.of(TrustedIssuer.of(TestIssuers.URL, IssuerType.EMAIL)),
            uri -> {
              throw new java.io.IOException("connection refused");
            },
            clock,
            Duration.ofSeconds(60),
            Duration.ofMinutes(10),
            Duration.ofSeconds(30));
    assertThatThrownBy(() -> v.verify(t.email("a@b.test")))
        .isInstanceOfSatisfying(
            IssuanceException.class,
            e -> assertThat(e.refusal()).isEqualTo(Refusal.ISSUER_UNREACHABLE));
  }
}
