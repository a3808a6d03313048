package dev.provenant.core.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.ct.EmbeddedScts;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

/**
 * The one-pass extension reader gives the same answers as the JDK's certificate accessors and the
 * same precertificate TBS as a BouncyCastle rebuild, on every certificate of the corpus bundles.
 */
public class CertificateExtensionsTest {

  @Test
  void corpusCertificates_readerAgreesWithJdkAndBouncyCastle() throws Exception {
    List<X509Certificate> certs = corpusCertificates();
    assertTrue(certs.size() > 200, "expected many corpus certificates, got " + certs.size());
    int withScts = 0;
    for (X509Certificate c : certs) {
      CertificateExtensions exts = CertificateExtensions.of(c);
      Set<String> all = new HashSet<>();
      if (c.getCriticalExtensionOIDs() != null) {
        all.addAll(c.getCriticalExtensionOIDs());
      }
      if (c.getNonCriticalExtensionOIDs() != null) {
        all.addAll(c.getNonCriticalExtensionOIDs());
      }
      assertEquals(all, exts.all().keySet(), c.getSubjectX500Principal().toString());
      for (CertificateExtensions.Extension e : exts.all().values()) {
        assertArrayEquals(
            c.getExtensionValue(e.oid()), new DEROctetString(e.value()).getEncoded(), e.oid());
      }
      Set<String> critical =
          c.getCriticalExtensionOIDs() == null ? Set.of() : c.getCriticalExtensionOIDs();
      assertEquals(critical, exts.criticalOids());
      assertEquals(c.getBasicConstraints() >= 0, exts.isCa());
      assertEquals(c.getExtendedKeyUsage(), exts.extendedKeyUsage());
      assertArrayEquals(
          bouncyCastlePrecertTbs(c),
          exts.tbsWithout(Set.of(EmbeddedScts.SCT_LIST_OID, EmbeddedScts.PRECERT_POISON_OID)));
      if (exts.value(EmbeddedScts.SCT_LIST_OID) != null) {
        withScts++;
      }
    }
    assertTrue(withScts > 10, "expected leaves with embedded SCTs, got " + withScts);
  }

  @Test
  void tbsWithout_nothingDropped_isTheOriginalTbs() throws Exception {
    for (X509Certificate c : corpusCertificates()) {
      assertArrayEquals(c.getTBSCertificate(), CertificateExtensions.of(c).tbsWithout(Set.of()));
    }
  }

  @Test
  void parse_truncatedTbs_throws() throws Exception {
    byte[] tbs = corpusCertificates().get(0).getTBSCertificate();
    for (int cut : new int[] {1, 2, tbs.length / 2, tbs.length - 1}) {
      byte[] shorter = java.util.Arrays.copyOf(tbs, cut);
      assertThrows(CertificateParsingException.class, () -> CertificateExtensions.parse(shorter));
    }
  }

  @Test
  void parse_duplicateExtension_throws() throws Exception {
    X509Certificate c = corpusCertificates().get(0);
    byte[] bad =
        tbsWithExtensions(
            c,
            exts -> {
              ASN1EncodableVector twice = new ASN1EncodableVector();
              exts.forEach(twice::add);
              twice.add(exts.getObjectAt(0));
              return twice;
            });
    CertificateParsingException e =
        assertThrows(CertificateParsingException.class, () -> CertificateExtensions.parse(bad));
    assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
  }

  @Test
  void asciiUtf8String_otherTypesAndNonAscii_returnNull() {
    assertEquals("abc", Der.asciiUtf8String(new byte[] {0x0c, 3, 'a', 'b', 'c'}));
    assertNull(Der.asciiUtf8String(new byte[] {0x13, 3, 'a', 'b', 'c'})); // PrintableString
    assertNull(Der.asciiUtf8String(new byte[] {0x0c, 2, (byte) 0xc3, (byte) 0xa9})); // non-ASCII
    assertNull(
        Der.asciiUtf8String(
            new byte[] {0x0c, (byte) 0x81, 3, 'a', 'b', 'c'})); // non-minimal length
    assertNull(Der.asciiUtf8String(new byte[] {0x0c, 3, 'a', 'b'})); // truncated
    assertNull(Der.asciiUtf8String(new byte[] {0x0c, 1, 'a', 'b'})); // trailing byte
    assertNull(Der.asciiUtf8String(new byte[0]));
  }

  /** The precertificate TBS as BouncyCastle rebuilds it (the reference this reader replaced). */
  private static byte[] bouncyCastlePrecertTbs(X509Certificate leaf) throws Exception {
    return tbsWithExtensions(
        leaf,
        exts -> {
          ASN1EncodableVector kept = new ASN1EncodableVector();
          for (ASN1Encodable x : exts) {
            String oid = Extension.getInstance(x).getExtnId().getId();
            if (!oid.equals(EmbeddedScts.SCT_LIST_OID)
                && !oid.equals(EmbeddedScts.PRECERT_POISON_OID)) {
              kept.add(x);
            }
          }
          return kept;
        });
  }

  /**
   * The certificate's TBS re-encoded by BouncyCastle with its extensions replaced by {@code
   * change}'s.
   */
  private static byte[] tbsWithExtensions(
      X509Certificate c, java.util.function.Function<ASN1Sequence, ASN1EncodableVector> change)
      throws Exception {
    ASN1Sequence tbs = ASN1Sequence.getInstance(c.getTBSCertificate());
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (ASN1Encodable e : tbs) {
      if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
        v.add(
            new DERTaggedObject(
                true,
                3,
                new DERSequence(
                    change.apply(ASN1Sequence.getInstance(t.getExplicitBaseObject())))));
      } else {
        v.add(e);
      }
    }
    return new DERSequence(v).getEncoded(ASN1Encoding.DER);
  }

  /**
   * Every distinct certificate in the bundles of the conformance, sigstore-java and CPython
   * corpora.
   */
  /**
   * Every distinct certificate in the corpus bundles (sigstore-conformance, sigstore-java samples,
   * cpython).
   */
  public static List<X509Certificate> corpusCertificates() throws Exception {
    List<Path> files = new ArrayList<>();
    for (String dir :
        new String[] {
          "sigstore-conformance", "sigstore-java-samples", "cpython-release-bundles/versions"
        }) {
      try (Stream<Path> s = Files.walk(Corpus.dir(dir))) {
        s.filter(
                p ->
                    p.getFileName().toString().endsWith(".json")
                        || p.getFileName().toString().endsWith(".sigstore"))
            .sorted()
            .forEach(files::add);
      }
    }
    List<X509Certificate> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path f : files) {
      JsonNode root;
      try {
        root = ProtoJson.mapper().readTree(Files.readString(f, StandardCharsets.UTF_8));
      } catch (Exception e) {
        continue; // deliberately malformed bundles
      }
      List<String> raws = new ArrayList<>();
      root.findValues("rawBytes").forEach(n -> raws.add(n.asText()));
      for (String raw : raws) {
        if (!seen.add(raw)) {
          continue;
        }
        try {
          out.add(Certificates.fromDer(Base64.getDecoder().decode(raw)));
        } catch (Exception e) {
          // not a certificate (or a deliberately broken one): the JDK rejects it before any reader
        }
      }
    }
    return out;
  }
}
