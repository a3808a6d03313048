package dev.provenant.core.x509;

import java.io.ByteArrayOutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The extensions of one certificate, read in a single pass over its DER TBSCertificate (RFC 5280
 * section 4.1), plus the TBS rebuilt without chosen extensions (the RFC 6962 precertificate).
 *
 * <p>Why not {@link X509Certificate#getExtensionValue}: every call re-parses the OID text and looks
 * the extension up through string-keyed attribute names, and a Fulcio leaf is asked for about 25
 * extensions per verification; BouncyCastle's ASN.1 objects cost more again. Both also make the JIT
 * compile a large amount of code before verification reaches full speed (bench/verify-throughput).
 * This reader only walks tag-length-value headers of bytes the JDK has already parsed.
 *
 * <p>Immutable; the value arrays are copied out.
 */
public final class CertificateExtensions {
  /** One extension: its OID in dotted form, criticality and extnValue contents. */
  public record Extension(String oid, boolean critical, byte[] value) {
    /** Copies. */
    public Extension {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }
  }

  private final byte[] tbs;

  /** Offsets in {@link #tbs}: the TBS sequence's contents, and the [3] element (or -1). */
  private final int contentStart;

  private final int contentEnd;
  private final int extsTagStart;
  private final int extsEnd;

  /** Per extension, in certificate order: start and end of its whole TLV within {@link #tbs}. */
  private final int[] extBounds;

  private final Map<String, Extension> byOid;

  private CertificateExtensions(
      byte[] tbs,
      int contentStart,
      int contentEnd,
      int extsTagStart,
      int extsEnd,
      int[] extBounds,
      Map<String, Extension> byOid) {
    this.tbs = tbs;
    this.contentStart = contentStart;
    this.contentEnd = contentEnd;
    this.extsTagStart = extsTagStart;
    this.extsEnd = extsEnd;
    this.extBounds = extBounds;
    this.byOid = byOid;
  }

  /**
   * Reads the extensions of {@code cert}.
   *
   * @throws CertificateParsingException if the TBS or an extension is not well-formed DER, or an
   *     extension appears twice
   */
  public static CertificateExtensions of(X509Certificate cert) throws CertificateParsingException {
    byte[] tbs;
    try {
      tbs = cert.getTBSCertificate();
    } catch (CertificateEncodingException e) {
      throw new CertificateParsingException("unreadable TBSCertificate: " + e.getMessage());
    }
    return parse(tbs);
  }

  /**
   * Reads the extensions of a DER TBSCertificate.
   *
   * @throws CertificateParsingException if it is not well-formed DER or an extension appears twice
   */
  public static CertificateExtensions parse(byte[] tbsDer) throws CertificateParsingException {
    byte[] tbs = tbsDer.clone();
    try {
      Der top = new Der(tbs, 0, tbs.length);
      top.expect(Der.SEQUENCE, "TBSCertificate");
      if (top.end != tbs.length) {
        throw new CertificateParsingException("trailing bytes after the TBSCertificate");
      }
      Der in = top.contents();
      int extsTagStart = -1;
      int extsEnd = -1;
      List<Integer> bounds = new ArrayList<>();
      Map<String, Extension> byOid = new LinkedHashMap<>();
      while (in.hasMore()) {
        int start = in.pos;
        in.read();
        if (in.tag == (Der.CONTEXT | Der.CONSTRUCTED | 3)) {
          if (extsTagStart >= 0) {
            throw new CertificateParsingException("two extensions fields");
          }
          extsTagStart = start;
          extsEnd = in.end;
          Der explicit = in.contents();
          explicit.read();
          explicit.expectCurrent(Der.SEQUENCE, "Extensions");
          if (explicit.hasMore()) {
            throw new CertificateParsingException("trailing bytes in the extensions field");
          }
          Der list = explicit.contents();
          while (list.hasMore()) {
            int extStart = list.pos;
            list.read();
            list.expectCurrent(Der.SEQUENCE, "Extension");
            Der ext = list.contents();
            ext.read();
            ext.expectCurrent(Der.OID, "extnID");
            String oid = Der.oidText(tbs, ext.valueStart, ext.end);
            ext.read();
            boolean critical = false;
            if (ext.tag == Der.BOOLEAN) {
              if (ext.end - ext.valueStart != 1) {
                throw new CertificateParsingException("malformed critical flag of " + oid);
              }
              critical = tbs[ext.valueStart] != 0;
              ext.read();
            }
            ext.expectCurrent(Der.OCTET_STRING, "extnValue");
            byte[] value = java.util.Arrays.copyOfRange(tbs, ext.valueStart, ext.end);
            if (ext.hasMore()) {
              throw new CertificateParsingException("trailing bytes in extension " + oid);
            }
            if (byOid.put(oid, new Extension(oid, critical, value)) != null) {
              throw new CertificateParsingException("duplicate extension " + oid);
            }
            bounds.add(extStart);
            bounds.add(list.end);
          }
        }
      }
      int[] b = new int[bounds.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = bounds.get(i);
      }
      return new CertificateExtensions(
          tbs,
          top.valueStart,
          top.end,
          extsTagStart,
          extsEnd,
          b,
          Collections.unmodifiableMap(byOid));
    } catch (Der.DerException e) {
      throw new CertificateParsingException("malformed TBSCertificate: " + e.getMessage());
    }
  }

  /** Every extension by dotted OID, in certificate order. */
  public Map<String, Extension> all() {
    return byOid;
  }

  /** The extnValue contents of the extension with this OID, or null when absent. */
  public byte @Nullable [] value(String oid) {
    Extension e = byOid.get(oid);
    return e == null ? null : e.value();
  }

  /** The OIDs of the extensions marked critical. */
  public Set<String> criticalOids() {
    Set<String> out = new java.util.HashSet<>();
    for (Extension e : byOid.values()) {
      if (e.critical()) {
        out.add(e.oid());
      }
    }
    return out;
  }

  /**
   * Whether the basicConstraints extension says this is a CA certificate (false when absent).
   *
   * @throws CertificateParsingException if the extension is malformed
   */
  public boolean isCa() throws CertificateParsingException {
    Extension bc = byOid.get("2.5.29.19");
    if (bc == null) {
      return false;
    }
    byte[] v = bc.value;
    try {
      Der d = new Der(v, 0, v.length);
      d.expect(Der.SEQUENCE, "BasicConstraints");
      Der c = d.contents();
      if (!c.hasMore()) {
        return false;
      }
      c.read();
      return c.tag == Der.BOOLEAN && c.end - c.valueStart == 1 && v[c.valueStart] != 0;
    } catch (Der.DerException e) {
      throw new CertificateParsingException("malformed basicConstraints: " + e.getMessage());
    }
  }

  /**
   * The extended key usage OIDs, or null when the extension is absent.
   *
   * @throws CertificateParsingException if the extension is malformed
   */
  public @Nullable List<String> extendedKeyUsage() throws CertificateParsingException {
    Extension eku = byOid.get("2.5.29.37");
    if (eku == null) {
      return null;
    }
    byte[] v = eku.value;
    try {
      Der d = new Der(v, 0, v.length);
      d.expect(Der.SEQUENCE, "ExtKeyUsageSyntax");
      Der c = d.contents();
      List<String> out = new ArrayList<>();
      while (c.hasMore()) {
        c.read();
        c.expectCurrent(Der.OID, "KeyPurposeId");
        out.add(Der.oidText(v, c.valueStart, c.end));
      }
      return out;
    } catch (Der.DerException e) {
      throw new CertificateParsingException("malformed extendedKeyUsage: " + e.getMessage());
    }
  }

  /**
   * The TBSCertificate DER-encoded again without the extensions whose OIDs are in {@code drop}:
   * what a CT log signs for a precertificate (RFC 6962 section 3.2). The other fields and
   * extensions are copied byte for byte.
   */
  public byte[] tbsWithout(Set<String> drop) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(tbs.length);
    if (extsTagStart < 0) {
      body.write(tbs, contentStart, contentEnd - contentStart);
      return wrap(Der.SEQUENCE, body.toByteArray());
    }
    body.write(tbs, contentStart, extsTagStart - contentStart);
    ByteArrayOutputStream kept = new ByteArrayOutputStream(extsEnd - extsTagStart);
    int i = 0;
    for (Extension e : byOid.values()) {
      if (!drop.contains(e.oid())) {
        kept.write(tbs, extBounds[2 * i], extBounds[2 * i + 1] - extBounds[2 * i]);
      }
      i++;
    }
    byte[] exts = wrap(Der.CONTEXT | Der.CONSTRUCTED | 3, wrap(Der.SEQUENCE, kept.toByteArray()));
    body.write(exts, 0, exts.length);
    body.write(tbs, extsEnd, contentEnd - extsEnd);
    return wrap(Der.SEQUENCE, body.toByteArray());
  }

  private static byte[] wrap(int tag, byte[] contents) {
    int n = contents.length;
    int lenBytes = n < 0x80 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    byte[] out = new byte[2 + lenBytes + n];
    out[0] = (byte) tag;
    if (lenBytes == 0) {
      out[1] = (byte) n;
    } else {
      out[1] = (byte) (0x80 | lenBytes);
      for (int k = 0; k < lenBytes; k++) {
        out[2 + k] = (byte) (n >>> (8 * (lenBytes - 1 - k)));
      }
    }
    System.arraycopy(contents, 0, out, 2 + lenBytes, n);
    return out;
  }
}
