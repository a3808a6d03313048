package dev.provenant.core.ct;

import dev.provenant.core.digest.Sha256;
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

  /** RFC 6962 §3.3 embedded SCT list extension OID. */
  public static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";

  /** RFC 6962 §3.1 precertificate poison extension OID. */
  public static final String PRECERT_POISON_OID = "1.3.6.1.4.1.11129.2.4.3";

  private static final Set<String> PRECERT_DROPPED = Set.of(SCT_LIST_OID, PRECERT_POISON_OID);

  private EmbeddedScts() {}

  /**
   * Parses the SCT list extension of {@code cert}; empty when it has none.
   *
   * @throws CertificateParsingException if the extension is present but malformed
   */
  public static List<SignedCertificateTimestamp> parse(X509Certificate cert)
      throws CertificateParsingException {
    return parse(CertificateExtensions.of(cert));
  }

  /**
   * Parses the SCT list extension among already read extensions; empty when there is none.
   *
   * @throws CertificateParsingException if the extension is present but malformed
   */
  public static List<SignedCertificateTimestamp> parse(CertificateExtensions certExtensions)
      throws CertificateParsingException {
    byte[] ext = certExtensions.value(SCT_LIST_OID);
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
    } catch (java.nio.BufferUnderflowException
        | IllegalArgumentException
        | IllegalStateException e) {
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
   * The leaf's TBSCertificate with the SCT list extension removed, DER-encoded: what the CT log saw
   * in the precertificate (with the poison extension likewise absent).
   *
   * @throws CertificateEncodingException if the TBS cannot be read
   */
  public static byte[] precertTbs(X509Certificate leaf) throws CertificateEncodingException {
    try {
      return precertTbs(CertificateExtensions.of(leaf));
    } catch (CertificateParsingException e) {
      throw new CertificateEncodingException(
          "cannot rebuild precertificate TBS: " + e.getMessage());
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
  public static byte[] signedData(
      SignedCertificateTimestamp sct, byte[] precertTbs, byte[] issuerSpki) {
    return CtStructs.precertSignatureInput(
        sct.timestampMillis(), Sha256.hash(issuerSpki), precertTbs, sct.extensions());
  }

  /**
   * RFC 6962 §3.3 {@code SignedCertificateTimestampList} holding {@code scts}: what goes, wrapped
   * in an OCTET STRING, into the {@link #SCT_LIST_OID} extension {@link #parse} reads.
   */
  public static byte[] encodeList(List<SignedCertificateTimestamp> scts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (SignedCertificateTimestamp s : scts) {
      byte[] t = s.toTls();
      Tls.u16(body, t.length);
      body.writeBytes(t);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 2);
    Tls.u16(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }
}
