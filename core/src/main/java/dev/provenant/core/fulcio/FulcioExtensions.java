package dev.provenant.core.fulcio;

import dev.provenant.core.x509.CertificateExtensions;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.jspecify.annotations.Nullable;

/** Reads the subject and the Sigstore extensions of a Fulcio-issued certificate. */
public final class FulcioExtensions {
  private FulcioExtensions() {}

  /**
   * Decodes SAN, issuer and every 1.3.6.1.4.1.57264.1.* extension of {@code cert}.
   *
   * @throws CertificateParsingException if an extension is present but not encoded as Fulcio
   *     specifies (a DER string for 1.8 and later)
   */
  public static FulcioIdentity read(X509Certificate cert) throws CertificateParsingException {
    return read(cert, CertificateExtensions.of(cert));
  }

  /** As {@link #read(X509Certificate)}, with the certificate's extensions already read. */
  public static FulcioIdentity read(X509Certificate cert, CertificateExtensions exts)
      throws CertificateParsingException {
    Map<String, String> ext = new HashMap<>();
    for (CertificateExtensions.Extension e : exts.all().values()) {
      Optional<FulcioOid> known = FulcioOid.of(e.oid());
      if (known.isEmpty() || !known.get().isExtension()) {
        continue; // 1.7 is an OtherName SAN type, not an extension
      }
      ext.put(e.oid(), known.get().decodeValue(e.value()));
    }
    String issuer =
        ext.getOrDefault(
            FulcioOid.ISSUER_V2.oid(), ext.getOrDefault(FulcioOid.ISSUER_V1.oid(), ""));
    String san = "";
    FulcioIdentity.SanType type = FulcioIdentity.SanType.NONE;
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans != null) {
      for (List<?> s : sans) {
        int t = (Integer) s.get(0);
        if (t == 6) {
          san = (String) s.get(1);
          type = FulcioIdentity.SanType.URI;
          break;
        } else if (t == 1) {
          san = (String) s.get(1);
          type = FulcioIdentity.SanType.EMAIL;
          break;
        } else if (t == 0) {
          String other = otherName((byte[]) s.get(1));
          if (other != null) {
            san = other;
            type = FulcioIdentity.SanType.OTHER_NAME;
            break;
          }
        }
      }
    }
    return new FulcioIdentity(san, type, issuer, ext);
  }

  /** The UTF8String value of a Fulcio username OtherName (1.3.6.1.4.1.57264.1.7), else null. */
  private static @Nullable String otherName(byte[] der) {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      // The JDK hands back the whole GeneralName [0] IMPLICIT OtherName, or the OtherName sequence.
      if (p instanceof ASN1TaggedObject t) {
        p = t.getBaseObject().toASN1Primitive();
      }
      ASN1Sequence seq = ASN1Sequence.getInstance(p);
      ASN1ObjectIdentifier id = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0));
      if (!FulcioOid.OTHER_NAME_SAN.oid().equals(id.getId())) {
        return null;
      }
      ASN1Encodable v = seq.getObjectAt(1);
      if (v instanceof ASN1TaggedObject t) {
        v = t.getExplicitBaseObject();
      }
      return v instanceof ASN1String s ? s.getString() : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
