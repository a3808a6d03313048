package dev.provenant.core.ct;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.fulcio.FulcioOids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;

/**
 * SCTs embedded in a certificate (RFC 6962 §3.3) and the bytes each one signs.
 *
 * <p>SPEC: RFC 6962 §3.2 — for a precertificate entry the log signs "digitally-signed struct {
 * Version sct_version; SignatureType signature_type = certificate_timestamp; uint64 timestamp;
 * LogEntryType entry_type = precert_entry; PreCert signed_entry; CtExtensions extensions; }" where
 * PreCert is "opaque issuer_key_hash[32]; TBSCertificate tbs_certificate" and the TBSCertificate
 * "MUST NOT" contain the SCT list extension (§3.3: it is removed before verification).
 */
public final class EmbeddedScts {
  private static final int MAX_SCTS = 32;

  private EmbeddedScts() {}

  /**
   * Parses the SCT list extension of {@code cert}; empty when it has none.
   *
   * @throws CertificateParsingException if the extension is present but malformed
   */
  public static List<SignedCertificateTimestamp> parse(X509Certificate cert) throws CertificateParsingException {
    byte[] ext = cert.getExtensionValue(FulcioOids.SCT_LIST);
    if (ext == null) {
      return List.of();
    }
    try {
      // extnValue OCTET STRING wraps another OCTET STRING holding the TLS-encoded list.
      byte[] inner = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
      ByteBuffer b = ByteBuffer.wrap(inner);
      int total = u16(b);
      if (total != b.remaining()) {
        throw new CertificateParsingException("SCT list length " + total + " != " + b.remaining());
      }
      List<SignedCertificateTimestamp> out = new ArrayList<>();
      while (b.hasRemaining()) {
        if (out.size() >= MAX_SCTS) {
          throw new CertificateParsingException("more than " + MAX_SCTS + " SCTs");
        }
        int len = u16(b);
        ByteBuffer s = slice(b, len);
        int version = s.get() & 0xff;
        if (version != 0) {
          continue; // unknown SCT versions are skipped, as RFC 6962 clients do
        }
        byte[] logId = new byte[32];
        s.get(logId);
        long ts = s.getLong();
        byte[] exts = bytes(s, u16(s));
        int hashAlg = s.get() & 0xff;
        int sigAlg = s.get() & 0xff;
        byte[] sig = bytes(s, u16(s));
        if (s.hasRemaining()) {
          throw new CertificateParsingException("trailing bytes in SCT");
        }
        out.add(new SignedCertificateTimestamp(logId, ts, exts, hashAlg, sigAlg, sig));
      }
      return out;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException | IllegalStateException e) {
      throw new CertificateParsingException("malformed SCT list: " + e);
    }
  }

  private static int u16(ByteBuffer b) {
    return b.getShort() & 0xffff;
  }

  private static ByteBuffer slice(ByteBuffer b, int len) {
    if (len > b.remaining()) {
      throw new IllegalArgumentException("length " + len + " exceeds " + b.remaining());
    }
    ByteBuffer s = b.slice();
    s.limit(len);
    b.position(b.position() + len);
    return s;
  }

  private static byte[] bytes(ByteBuffer b, int len) {
    if (len > b.remaining()) {
      throw new IllegalArgumentException("length " + len + " exceeds " + b.remaining());
    }
    byte[] out = new byte[len];
    b.get(out);
    return out;
  }

  /**
   * The leaf's TBSCertificate with the SCT list extension removed, DER-encoded: what the CT log
   * saw in the precertificate (with the poison extension likewise absent).
   *
   * @throws CertificateEncodingException if the TBS cannot be re-encoded
   */
  public static byte[] precertTbs(X509Certificate leaf) throws CertificateEncodingException {
    try {
      ASN1Sequence tbs = ASN1Sequence.getInstance(leaf.getTBSCertificate());
      ASN1EncodableVector v = new ASN1EncodableVector();
      for (ASN1Encodable e : tbs) {
        if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
          ASN1Sequence exts = ASN1Sequence.getInstance(t.getExplicitBaseObject());
          ASN1EncodableVector kept = new ASN1EncodableVector();
          for (ASN1Encodable x : exts) {
            ASN1ObjectIdentifier id = Extension.getInstance(x).getExtnId();
            String oid = id.getId();
            if (!oid.equals(FulcioOids.SCT_LIST) && !oid.equals(FulcioOids.PRECERT_POISON)) {
              kept.add(x);
            }
          }
          v.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
        } else {
          v.add(e);
        }
      }
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // IllegalStateException: BouncyCastle's answer to an extensions field [3] that is not
      // explicitly tagged, which the JDK's certificate parser lets through (found by fuzzing).
      throw new CertificateEncodingException("cannot rebuild precertificate TBS: " + e.getMessage());
    }
  }

  /**
   * The bytes the CT log signed for {@code sct} over the precertificate of {@code leaf}.
   *
   * @param issuerSpki DER SubjectPublicKeyInfo of the leaf's issuer (its hash binds the precert to
   *     the issuing CA)
   */
  public static byte[] signedData(SignedCertificateTimestamp sct, byte[] precertTbs, byte[] issuerSpki) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(precertTbs.length + 64);
    out.write(0); // sct_version v1
    out.write(0); // signature_type certificate_timestamp
    writeLong(out, sct.timestampMillis());
    out.write(0);
    out.write(1); // entry_type precert_entry
    byte[] ikh = Sha256.hash(issuerSpki);
    out.write(ikh, 0, ikh.length);
    out.write((precertTbs.length >>> 16) & 0xff);
    out.write((precertTbs.length >>> 8) & 0xff);
    out.write(precertTbs.length & 0xff);
    out.write(precertTbs, 0, precertTbs.length);
    byte[] ext = sct.extensions();
    out.write((ext.length >>> 8) & 0xff);
    out.write(ext.length & 0xff);
    out.write(ext, 0, ext.length);
    return out.toByteArray();
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    for (int i = 7; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }
}
