package dev.provenant.ca.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.x509.Certificates;
import dev.provenant.testkit.oidc.DevOidcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA and the dev OIDC issuer over real loopback HTTP, as clients see them. */
class CaServerHttpTest {
  @TempDir static Path dir;
  static DevOidcServer oidc;
  static CaServer server;
  static final List<String> audit = Collections.synchronizedList(new ArrayList<>());
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    oidc = DevOidcServer.start("127.0.0.1", 0, dir.resolve("oidc"), null);
    OidcVerifier v =
        OidcVerifier.create(List.of(TrustedIssuer.of(oidc.baseUrl(), IssuerType.AUTO)));
    server =
        CaServer.start(
            "127.0.0.1",
            0,
            false,
            dir.resolve("ca"),
            v,
            new AuditLog(audit::add, java.time.Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    server.close();
    oidc.close();
  }

  static HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> post(String url, String contentType, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static String token(String query) throws Exception {
    HttpResponse<String> r = get(oidc.baseUrl() + "/token?" + query);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static String request(String token, KeyPair kp, String challenge) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(kp.getPrivate());
    s.update(challenge.getBytes(StandardCharsets.UTF_8));
    var root = json.createObjectNode();
    root.putObject("credentials").put("oidcIdentityToken", token);
    var pkr = root.putObject("publicKeyRequest");
    pkr.putObject("publicKey")
        .put("algorithm", "ECDSA")
        .put("content", Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded()));
    pkr.put("proofOfPossession", Base64.getEncoder().encodeToString(s.sign()));
    return root.toString();
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  @Test
  void signingCert_githubActionsToken_returnsEmbeddedSctChain() throws Exception {
    String tok = token("profile=github-actions&repository=acme/rocket&alg=ES256");
    String sub = "repo:acme/rocket:ref:refs/tags/v1.0.0";
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v2/signingCert",
            "application/json",
            request(tok, p256(), sub).getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode certs =
        json.readTree(r.body())
            .path("signedCertificateEmbeddedSct")
            .path("chain")
            .path("certificates");
    assertThat(certs.size()).isEqualTo(3);
    X509Certificate leaf = Certificates.fromPem(certs.get(0).asText()).get(0);
    assertThat(leaf.getSubjectAlternativeNames().iterator().next().get(1))
        .isEqualTo("https://github.com/acme/rocket/.github/workflows/release.yml@refs/tags/v1.0.0");
    assertThat(certs.get(2).asText()).isEqualTo(Certificates.toPem(server.material().root()));
    // The precertificate entry is durably in the CT log engine.
    assertThat(server.ctEngine().orElseThrow().latest().size()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void ctLog_embeddedSctLeaf_provablyIncludedUnderSignedTreeHead() throws Exception {
    String tok = token("profile=provenant&alg=ES256");
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v2/signingCert",
            "application/json",
            request(tok, p256(), "repo:widget:ref:refs/tags/v1.0.0")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    X509Certificate leaf =
        Certificates.fromPem(
                json.readTree(r.body())
                    .path("signedCertificateEmbeddedSct")
                    .path("chain")
                    .path("certificates")
                    .get(0)
                    .asText())
            .get(0);
    // Rebuild the RFC 6962 leaf a monitor would: SCT timestamp, issuer key hash, TBS minus SCT
    // list.
    byte[] sctList =
        org.bouncycastle.asn1.ASN1OctetString.getInstance(
                dev.provenant.ca.CertificateAuthorityTest.extValue(
                    leaf, dev.provenant.ca.cert.LeafFactory.CT_SCT_LIST.getId()))
            .getOctets();
    long ts = java.nio.ByteBuffer.wrap(sctList, 37, 8).getLong();
    byte[] tbs =
        dev.provenant.ca.CertificateAuthorityTest.tbsWithout(
            leaf, dev.provenant.ca.cert.LeafFactory.CT_SCT_LIST.getId());
    byte[] mtl =
        dev.provenant.core.ct.CtStructs.precertMerkleTreeLeaf(
            ts,
            dev.provenant.core.digest.Sha256.hash(
                server.material().intermediate().getPublicKey().getEncoded()),
            tbs,
            new byte[0]);
    byte[] leafHash = dev.provenant.core.merkle.Rfc6962.leafHash(mtl);

    JsonNode sth = json.readTree(get(server.baseUrl() + "/ct/v1/get-sth").body());
    long size = sth.path("tree_size").asLong();
    byte[] root = Base64.getDecoder().decode(sth.path("sha256_root_hash").asText());
    byte[] ds = Base64.getDecoder().decode(sth.path("tree_head_signature").asText());
    assertThat(ds[0]).isEqualTo((byte) 4);
    assertThat(ds[1]).isEqualTo((byte) 3);
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(server.material().ctLog().publicKey());
    v.update(
        dev.provenant.core.ct.CtStructs.treeHeadSignatureInput(
            sth.path("timestamp").asLong(), size, root));
    assertThat(v.verify(java.util.Arrays.copyOfRange(ds, 4, ds.length))).isTrue();

    String q =
        "hash="
            + java.net.URLEncoder.encode(
                Base64.getEncoder().encodeToString(leafHash), StandardCharsets.UTF_8)
            + "&tree_size="
            + size;
    HttpResponse<String> pr = get(server.baseUrl() + "/ct/v1/get-proof-by-hash?" + q);
    assertThat(pr.statusCode()).as(pr.body()).isEqualTo(200);
    JsonNode proof = json.readTree(pr.body());
    List<byte[]> path = new ArrayList<>();
    proof.path("audit_path").forEach(n -> path.add(Base64.getDecoder().decode(n.asText())));
    dev.provenant.core.merkle.InclusionProofs.verify(
        proof.path("leaf_index").asLong(), size, leafHash, path, root);
    JsonNode entries =
        json.readTree(
            get(server.baseUrl()
                    + "/ct/v1/get-entries?start="
                    + proof.path("leaf_index").asLong()
                    + "&end="
                    + proof.path("leaf_index").asLong())
                .body());
    assertThat(
            Base64.getDecoder().decode(entries.path("entries").get(0).path("leaf_input").asText()))
        .isEqualTo(mtl);
  }

  @Test
  void ctLog_unknownLeafHash_404() throws Exception {
    String q =
        "hash="
            + java.net.URLEncoder.encode(
                Base64.getEncoder().encodeToString(new byte[32]), StandardCharsets.UTF_8)
            + "&tree_size=1";
    assertThat(get(server.baseUrl() + "/ct/v1/get-proof-by-hash?" + q).statusCode()).isIn(400, 404);
  }

  @Test
  void signingCert_wrongAudience_400WithReasonAndAuditLine() throws Exception {
    String tok =
        token("sub=alice@example.test&email=alice@example.test&email_verified=true&aud=other");
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v2/signingCert",
            "application/json",
            request(tok, p256(), "alice@example.test").getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("reason").asText()).isEqualTo("AUDIENCE_MISMATCH");
    assertThat(body.path("code").asInt()).isEqualTo(3);
    assertThat(audit).anyMatch(l -> l.contains("\"reason\":\"AUDIENCE_MISMATCH\""));
  }

  @Test
  void signingCert_notJson_400RequestMalformed() throws Exception {
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v2/signingCert",
            "application/json",
            "{{".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).path("reason").asText()).isEqualTo("REQUEST_MALFORMED");
  }

  @Test
  void signingCert_noToken_401TokenMissing() throws Exception {
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v2/signingCert",
            "application/json",
            "{\"publicKeyRequest\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json.readTree(r.body()).path("reason").asText()).isEqualTo("TOKEN_MISSING");
  }

  @Test
  void trustBundleAndConfiguration_describeThisInstance() throws Exception {
    JsonNode tb = json.readTree(get(server.baseUrl() + "/api/v2/trustBundle").body());
    assertThat(tb.path("chains").get(0).path("certificates").size()).isEqualTo(2);
    JsonNode cfg = json.readTree(get(server.baseUrl() + "/api/v2/configuration").body());
    assertThat(cfg.path("issuers").get(0).path("issuerUrl").asText()).isEqualTo(oidc.baseUrl());
    assertThat(cfg.path("issuers").get(0).path("audience").asText()).isEqualTo("sigstore");
    assertThat(get(server.baseUrl() + "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void timestamp_derQuery_tokenSignedByTsaOverImprint() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest("hello".getBytes(StandardCharsets.UTF_8));
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(true);
    var req = g.generate(NISTObjectIdentifiers.id_sha256, digest, java.math.BigInteger.valueOf(42));
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v1/timestamp",
            "application/timestamp-query",
            req.getEncoded());
    assertThat(r.statusCode()).isEqualTo(201);
    TimeStampResponse resp = new TimeStampResponse(r.body());
    resp.validate(req);
    TimeStampToken tst = resp.getTimeStampToken();
    tst.validate(
        new JcaSimpleSignerInfoVerifierBuilder().build(server.material().tsaChain().get(0)));
    assertThat(tst.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
  }

  @Test
  void timestamp_jsonForm_tokenOverGivenHash() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest("sig".getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"artifactHash\":\""
            + Base64.getEncoder().encodeToString(digest)
            + "\",\"hashAlgorithm\":\"sha256\"}";
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v1/timestamp",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(201);
    TimeStampToken tst = new TimeStampResponse(r.body()).getTimeStampToken();
    tst.validate(
        new JcaSimpleSignerInfoVerifierBuilder().build(server.material().tsaChain().get(0)));
    assertThat(tst.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
  }

  @Test
  void timestamp_jsonWithWrongHashLength_400TimestampRequestInvalid() throws Exception {
    String body = "{\"artifactHash\":\"AAAA\",\"hashAlgorithm\":\"sha256\"}";
    HttpResponse<byte[]> r =
        post(
            server.baseUrl() + "/api/v1/timestamp",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).path("reason").asText())
        .isEqualTo("TIMESTAMP_REQUEST_INVALID");
  }

  @Test
  void devOidc_nonLoopbackListen_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DevOidcServer.start("0.0.0.0", 0, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-loopback");
  }

  @Test
  void devOidc_rotate_oldKeyIdsGone() throws Exception {
    String before = get(oidc.baseUrl() + "/jwks").body();
    assertThat(post(oidc.baseUrl() + "/rotate", "application/json", new byte[0]).statusCode())
        .isEqualTo(200);
    String after = get(oidc.baseUrl() + "/jwks").body();
    assertThat(after).isNotEqualTo(before);
    JsonNode d = json.readTree(get(oidc.baseUrl() + "/.well-known/openid-configuration").body());
    assertThat(d.path("issuer").asText()).isEqualTo(oidc.baseUrl());
    assertThat(d.path("jwks_uri").asText()).isEqualTo(oidc.baseUrl() + "/jwks");
  }
}
