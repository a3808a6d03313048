package dev.provenant.core.ct;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.fulcio.FulcioOids;
import dev.provenant.core.x509.CertificateExtensions;
import dev.provenant.core.x509.Der;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
  private static final Set<String> PRECERT_DROPPED = Set.of(FulcioOids.SCT_LIST, FulcioOids.PRECERT_POISON);

  private EmbeddedScts() {}

  /**
   * Parses the SCT list extension of {@code cert}; empty when it has none.
   *
   * @throws CertificateParsingException if the extension is present but malformed
   */
  public static List<SignedCertificateTimestamp> parse(X509Certificate cert) throws CertificateParsingException {
    return parse(CertificateExtensions.of(cert));
  }

  /**
   * Parses the SCT list extension among already read extensions; empty when there is none.
   *
   * @throws CertificateParsingException if the extension is present but malformed
   */
  public static List<SignedCertificateTimestamp> parse(CertificateExtensions certExtensions) throws CertificateParsingException {
    byte[] ext = certExtensions.value(FulcioOids.SCT_LIST);
    if (ext == null) {
      return List.of();
    }
    try {
      // extnValue holds an OCTET STRING whose contents are the TLS-encoded list.
      byte[] inner;
      try {
        inner = Der.contentsOf(ext, Der.OCTET_STRING);
      } catch (Der.DerException e) {
        throw new CertificateParsingException("malformed SCT list: " + e.getMessage());
      }
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
   * @throws CertificateEncodingException if the TBS cannot be read
   */
  public static byte[] precertTbs(X509Certificate leaf) throws CertificateEncodingException {
    try {
      return precertTbs(CertificateExtensions.of(leaf));
    } catch (CertificateParsingException e) {
      throw new CertificateEncodingException("cannot rebuild precertificate TBS: " + e.getMessage());
    }
  }

  /** As {@link #precertTbs(X509Certificate)}, from the leaf's already read extensions. */
  public static byte[] precertTbs(CertificateExtensions leafExtensions) {
    return leafExtensions.tbsWithout(PRECERT_DROPPED);
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
