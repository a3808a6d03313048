package dev.provenant.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.ca.cert.CaMaterial;
import dev.provenant.ca.cert.FileKeyStore;
import dev.provenant.ca.cert.LeafFactory;
import dev.provenant.ca.ct.CtLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.fulcio.FulcioOid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CertificateAuthorityTest {
  @TempDir Path dir;
  private MutableClock clock;
  private TestIssuers t;
  private CaMaterial material;
  private final List<byte[]> ctLeaves = new ArrayList<>();
  private final List<String> audit = new ArrayList<>();
  private CertificateAuthority ca;

  @BeforeEach
  void setUp() throws Exception {
    clock = new MutableClock(Instant.now());
    t = new TestIssuers(clock);
    material = FileKeyStore.loadOrCreate(dir, "provenant-test");
    CtLog ct =
        new CtLog(
            material.ctLog(),
            leaf -> {
              synchronized (ctLeaves) {
                ctLeaves.add(leaf);
                return ctLeaves.size() - 1;
              }
            },
            clock);
    ca =
        new CertificateAuthority(
            t.verifier(IssuerType.AUTO),
            new LeafFactory(material, clock),
            ct,
            new AuditLog(audit::add, clock));
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static String pem(KeyPair kp) {
    return dev.provenant.core.pem.Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded());
  }

  static byte[] sign(KeyPair kp, String data) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(kp.getPrivate());
    s.update(data.getBytes(StandardCharsets.UTF_8));
    return s.sign();
  }

  private Refusal refusalOf(SigningRequest r) {
    try {
      ca.issue(r, "127.0.0.1");
    } catch (IssuanceException e) {
      return e.refusal();
    }
    throw new AssertionError("expected a refusal, got a certificate");
  }

  @Test
  void issue_emailTokenWithProofOverEmail_leafShapedLikeFulcio() throws Exception {
    KeyPair kp = p256();
    String tok = t.email("alice@example.test");
    IssuedCertificate c =
        ca.issue(
            SigningRequest.ofPublicKey(tok, pem(kp), sign(kp, "alice@example.test")), "127.0.0.1");
    X509Certificate leaf = c.leaf();

    assertThat(leaf.getSubjectX500Principal().getEncoded()).hasSize(2); // empty SEQUENCE
    assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.17");
    assertThat(leaf.getKeyUsage()[0]).isTrue(); // digitalSignature
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(1, "alice@example.test"));
    assertThat(leaf.getSerialNumber().bitLength()).isLessThanOrEqualTo(159);
    // 1.1 holds the raw issuer bytes, 1.8 a DER UTF8String of it, 1.24 the token subject.
    assertThat(extValue(leaf, FulcioOid.ISSUER_V1.oid()))
        .isEqualTo(TestIssuers.URL.getBytes(StandardCharsets.UTF_8));
    assertThat(ASN1UTF8String.getInstance(extValue(leaf, FulcioOid.ISSUER_V2.oid())).getString())
        .isEqualTo(TestIssuers.URL);
    assertThat(
            ASN1UTF8String.getInstance(extValue(leaf, FulcioOid.TOKEN_SUBJECT.oid())).getString())
        .isEqualTo("user-123");
    assertThat(leaf.getPublicKey()).isEqualTo(kp.getPublic());
    assertThat(c.pemChain().get(0))
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    for (String line : c.pemChain().get(0).split("\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(64);
    }
    assertChainValid(c);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0)).contains("\"event\":\"issued\"").contains("alice@example.test");
  }

  @Test
  void issue_githubActionsToken_extensionsAsFulcioMapsThem() throws Exception {
    KeyPair kp = p256();
    Map<String, Object> claims =
        dev.provenant.testkit.oidc.TokenProfiles.claims(
            "github-actions", TestIssuers.URL, Map.of("aud", "sigstore"));
    String tok = t.token(claims);
    String sub = (String) claims.get("sub");
    X509Certificate leaf =
        ca.issue(SigningRequest.ofPublicKey(tok, pem(kp), sign(kp, sub)), "r").leaf();
    String wf =
        "https://github.com/provenant-dev/demo/.github/workflows/release.yml@refs/tags/v1.0.0";
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, wf));
    assertThat(utf8(leaf, FulcioOid.BUILD_SIGNER_URI)).isEqualTo(wf);
    assertThat(utf8(leaf, FulcioOid.SOURCE_REPOSITORY_URI))
        .isEqualTo("https://github.com/provenant-dev/demo");
    assertThat(utf8(leaf, FulcioOid.SOURCE_REPOSITORY_REF)).isEqualTo("refs/tags/v1.0.0");
    assertThat(utf8(leaf, FulcioOid.SOURCE_REPOSITORY_OWNER_URI))
        .isEqualTo("https://github.com/provenant-dev");
    assertThat(utf8(leaf, FulcioOid.BUILD_CONFIG_URI)).isEqualTo(wf);
    assertThat(utf8(leaf, FulcioOid.RUN_INVOCATION_URI))
        .isEqualTo("https://github.com/provenant-dev/demo/actions/runs/3000003/attempts/1");
    assertThat(utf8(leaf, FulcioOid.RUNNER_ENVIRONMENT)).isEqualTo("github-hosted");
    assertThat(utf8(leaf, FulcioOid.BUILD_TRIGGER)).isEqualTo("push");
    assertThat(
            new String(
                extValue(leaf, FulcioOid.GITHUB_WORKFLOW_REPOSITORY.oid()), StandardCharsets.UTF_8))
        .isEqualTo("provenant-dev/demo");
    // Every Fulcio OID except 1.23 (no environment claim) is present, in ascending order.
    List<String> order = new ArrayList<>();
    for (var e :
        org.bouncycastle.asn1.x509.TBSCertificate.getInstance(leaf.getTBSCertificate())
            .getExtensions()
            .getExtensionOIDs()) {
      if (e.getId().startsWith(FulcioOid.ARC + ".")) {
        order.add(e.getId());
      }
    }
    List<String> expected = new ArrayList<>();
    for (FulcioOid o : FulcioOid.values()) {
      if (o != FulcioOid.DEPLOYMENT_ENVIRONMENT && o.isExtension()) {
        expected.add(o.oid());
      }
    }
    assertThat(order).isEqualTo(expected);
  }

  @Test
  void issue_embeddedSct_verifiesOverLoggedPrecertEntry() throws Exception {
    KeyPair kp = p256();
    IssuedCertificate c =
        ca.issue(
            SigningRequest.ofPublicKey(t.email("a@b.test"), pem(kp), sign(kp, "a@b.test")), "r");
    X509Certificate leaf = c.leaf();
    byte[] sctList =
        ASN1OctetString.getInstance(extValue(leaf, LeafFactory.CT_SCT_LIST.getId())).getOctets();
    // u16 list length, u16 sct length, sct: version, log id, timestamp, ext len, hash, sig, sig
    // len, sig
    int sctLen = ((sctList[2] & 0xff) << 8) | (sctList[3] & 0xff);
    assertThat(sctList.length).isEqualTo(4 + sctLen);
    byte[] logId = java.util.Arrays.copyOfRange(sctList, 5, 37);
    assertThat(logId).isEqualTo(Sha256.hash(material.ctLog().publicKey().getEncoded()));
    long ts = java.nio.ByteBuffer.wrap(sctList, 37, 8).getLong();
    int sigLen = ((sctList[49] & 0xff) << 8) | (sctList[50] & 0xff);
    byte[] sig = java.util.Arrays.copyOfRange(sctList, 51, 51 + sigLen);
    assertThat(sctList[47]).isEqualTo((byte) 4);
    assertThat(sctList[48]).isEqualTo((byte) 3);

    // A verifier reconstructs the precert TBS by dropping the SCT list extension (RFC 6962 §3.3).
    byte[] tbs = tbsWithout(leaf, LeafFactory.CT_SCT_LIST.getId());
    byte[] issuerKeyHash = Sha256.hash(material.intermediate().getPublicKey().getEncoded());
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(material.ctLog().publicKey());
    v.update(
        dev.provenant.core.ct.CtStructs.precertSignatureInput(ts, issuerKeyHash, tbs, new byte[0]));
    assertThat(v.verify(sig)).isTrue();
    assertThat(ctLeaves).hasSize(1);
    assertThat(ctLeaves.get(0))
        .isEqualTo(
            dev.provenant.core.ct.CtStructs.precertMerkleTreeLeaf(
                ts, issuerKeyHash, tbs, new byte[0]));
  }

  @Test
  void precertificate_poisonCriticalAndLoggedTbsIsPrecertMinusPoison() throws Exception {
    LeafFactory f = new LeafFactory(material, clock);
    var principal =
        dev.provenant.ca.identity.IdentityMapper.map(
            t.verifier(IssuerType.EMAIL).verify(t.email("a@b.test")));
    LeafFactory.Draft d = f.draft(principal, p256().getPublic());
    X509Certificate pre = f.precertificate(d);
    assertThat(pre.getCriticalExtensionOIDs()).contains(LeafFactory.CT_POISON.getId());
    assertThat(extValue(pre, LeafFactory.CT_POISON.getId())).containsExactly(0x05, 0x00);
    pre.verify(material.intermediate().getPublicKey());
    assertThat(tbsWithout(pre, LeafFactory.CT_POISON.getId())).isEqualTo(f.ctTbs(d));
    X509Certificate fin = f.finalCertificate(d, new byte[] {0, 0});
    assertThat(tbsWithout(fin, LeafFactory.CT_SCT_LIST.getId())).isEqualTo(f.ctTbs(d));
  }

  @Test
  void issue_csrWithoutExtensions_certifiesCsrKey() throws Exception {
    KeyPair kp = p256();
    byte[] csr =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), kp.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
            .getEncoded();
    String pemCsr = dev.provenant.core.pem.Pem.encode("CERTIFICATE REQUEST", csr);
    IssuedCertificate c =
        ca.issue(
            SigningRequest.ofCsr(t.email("a@b.test"), pemCsr.getBytes(StandardCharsets.US_ASCII)),
            "r");
    assertThat(c.leaf().getPublicKey()).isEqualTo(kp.getPublic());
    assertThat(c.leaf().getSubjectX500Principal().getEncoded()).hasSize(2);
  }

  @Test
  void issue_csrRequestingExtensions_refusedCsrExtensionsNotAllowed() throws Exception {
    KeyPair kp = p256();
    ExtensionsGenerator eg = new ExtensionsGenerator();
    eg.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    PKCS10CertificationRequestBuilder b =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), kp.getPublic());
    b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, eg.generate());
    byte[] csr =
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
    assertThat(refusalOf(SigningRequest.ofCsr(t.email("a@b.test"), csr)))
        .isEqualTo(Refusal.CSR_EXTENSIONS_NOT_ALLOWED);
    assertThat(audit).last().asString().contains("CSR_EXTENSIONS_NOT_ALLOWED");
  }

  @Test
  void issue_csrWithBadSelfSignature_refusedCsrInvalid() throws Exception {
    KeyPair kp = p256();
    KeyPair other = p256();
    // Signed by another key than the one it names: no proof of possession.
    byte[] csr =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), kp.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate()))
            .getEncoded();
    assertThat(refusalOf(SigningRequest.ofCsr(t.email("a@b.test"), csr)))
        .isEqualTo(Refusal.CSR_INVALID);
  }

  @Test
  void issue_proofOfPossessionByOtherKey_refusedProofOfPossessionInvalid() throws Exception {
    KeyPair kp = p256();
    KeyPair other = p256();
    SigningRequest r =
        SigningRequest.ofPublicKey(t.email("a@b.test"), pem(kp), sign(other, "a@b.test"));
    assertThat(refusalOf(r)).isEqualTo(Refusal.PROOF_OF_POSSESSION_INVALID);
    assertThat(audit)
        .singleElement()
        .asString()
        .contains("\"event\":\"refused\"")
        .contains("PROOF_OF_POSSESSION_INVALID");
  }

  @Test
  void issue_proofOverOtherIdentity_refusedProofOfPossessionInvalid() throws Exception {
    KeyPair kp = p256();
    SigningRequest r =
        SigningRequest.ofPublicKey(t.email("a@b.test"), pem(kp), sign(kp, "someone-else@b.test"));
    assertThat(refusalOf(r)).isEqualTo(Refusal.PROOF_OF_POSSESSION_INVALID);
  }

  @Test
  void issue_expiredToken_refusedAndAudited() throws Exception {
    KeyPair kp = p256();
    String tok = t.email("a@b.test");
    clock.advance(Duration.ofMinutes(12));
    assertThat(refusalOf(SigningRequest.ofPublicKey(tok, pem(kp), sign(kp, "a@b.test"))))
        .isEqualTo(Refusal.TOKEN_EXPIRED);
    assertThat(audit).singleElement().asString().contains("TOKEN_EXPIRED");
  }

  @Test
  void issue_tokenWithoutMappableIdentity_refusedIdentityUnmappable() throws Exception {
    KeyPair kp = p256();
    String tok = t.token(Map.of("sub", "robot", "aud", "sigstore"));
    assertThat(refusalOf(SigningRequest.ofPublicKey(tok, pem(kp), sign(kp, "robot"))))
        .isEqualTo(Refusal.IDENTITY_UNMAPPABLE);
    assertThat(audit).singleElement().asString().contains("IDENTITY_UNMAPPABLE");
  }

  @Test
  void issue_weakRsaKey_refusedPublicKeyWeak() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    KeyPair kp = g.generateKeyPair();
    String p = dev.provenant.core.pem.Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded());
    assertThat(refusalOf(SigningRequest.ofPublicKey(t.email("a@b.test"), p, new byte[64])))
        .isEqualTo(Refusal.PUBLIC_KEY_WEAK);
  }

  @Test
  void issue_garbagePublicKey_refusedPublicKeyInvalid() throws Exception {
    assertThat(
            refusalOf(
                SigningRequest.ofPublicKey(t.email("a@b.test"), "bm90IGEga2V5", new byte[64])))
        .isEqualTo(Refusal.PUBLIC_KEY_INVALID);
  }

  @Test
  void loadOrCreate_secondStart_reusesKeys() throws Exception {
    CaMaterial again = FileKeyStore.loadOrCreate(dir, "provenant-test");
    assertThat(again.root()).isEqualTo(material.root());
    assertThat(again.ctLog().publicKey()).isEqualTo(material.ctLog().publicKey());
    assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("intermediate.key")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  private void assertChainValid(IssuedCertificate c) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(material.root(), null)));
    p.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(cf.generateCertPath(List.of(c.leaf(), material.intermediate())), p);
  }

  public static byte[] extValue(X509Certificate c, String oid) {
    byte[] v = c.getExtensionValue(oid);
    assertThat(v).as("extension " + oid).isNotNull();
    return ASN1OctetString.getInstance(v).getOctets();
  }

  static String utf8(X509Certificate c, FulcioOid oid) {
    return ASN1UTF8String.getInstance(extValue(c, oid.oid())).getString();
  }

  public static byte[] tbsWithout(X509Certificate c, String oid) throws Exception {
    TBSCertificate tbs = TBSCertificate.getInstance(c.getTBSCertificate());
    List<Extension> keep = new ArrayList<>();
    for (var id : tbs.getExtensions().getExtensionOIDs()) {
      if (!id.getId().equals(oid)) {
        keep.add(tbs.getExtensions().getExtension(id));
      }
    }
    V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
    g.setSerialNumber(tbs.getSerialNumber());
    g.setSignature(tbs.getSignature());
    g.setIssuer(tbs.getIssuer());
    g.setStartDate(tbs.getStartDate());
    g.setEndDate(tbs.getEndDate());
    g.setSubject(tbs.getSubject());
    g.setSubjectPublicKeyInfo(tbs.getSubjectPublicKeyInfo());
    g.setExtensions(new Extensions(keep.toArray(new Extension[0])));
    return g.generateTBSCertificate().getEncoded("DER");
  }
}
