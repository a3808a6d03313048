package dev.provenant.ca.cert;

import dev.provenant.ca.identity.Principal;
import dev.provenant.core.ct.EmbeddedScts;
import dev.provenant.core.x509.Certificates;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Builds code-signing leaf certificates as Fulcio's {@code MakeX509} + {@code baseca} do: empty
 * subject, the one SAN marked critical (RFC 5280 §4.2.1.6: "If the subject field contains an empty
 * sequence ... the subjectAltName extension ... MUST be critical"), key usage digitalSignature
 * (critical), extended key usage codeSigning, subject and authority key ids, the Fulcio extensions,
 * ten minutes of validity.
 *
 * <p>For certificate transparency the same draft yields a precertificate (with the critical RFC
 * 6962 poison extension), the TBSCertificate the CT log hashes (the poison removed, RFC 6962 §3.2),
 * and the final certificate (the poison replaced by the SCT list, at the end, so that removing it
 * gives back the logged TBSCertificate byte for byte).
 */
public final class LeafFactory {
  /** Validity of every leaf, as Fulcio issues them. */
  public static final Duration VALIDITY = Duration.ofMinutes(10);

  /** RFC 6962 §3.1 precertificate poison extension. */
  public static final ASN1ObjectIdentifier CT_POISON =
      new ASN1ObjectIdentifier(EmbeddedScts.PRECERT_POISON_OID);

  /** RFC 6962 §3.3 embedded SCT list extension. */
  public static final ASN1ObjectIdentifier CT_SCT_LIST =
      new ASN1ObjectIdentifier(EmbeddedScts.SCT_LIST_OID);

  private final CaMaterial ca;
  private final Clock clock;
  private final X500Name issuerName;
  private final Extension authorityKeyId;

  /** A factory issuing under {@code ca}'s intermediate. */
  public LeafFactory(CaMaterial ca, Clock clock) {
    this.ca = Objects.requireNonNull(ca);
    this.clock = Objects.requireNonNull(clock);
    this.issuerName =
        X500Name.getInstance(ca.intermediate().getSubjectX500Principal().getEncoded());
    try {
      this.authorityKeyId =
          new Extension(
              Extension.authorityKeyIdentifier,
              false,
              new DEROctetString(
                  new JcaX509ExtensionUtils()
                      .createAuthorityKeyIdentifier(ca.intermediate().getPublicKey())));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("authority key id of a parsed certificate", e);
    }
  }

  /**
   * The fixed parts of one leaf: serial, validity, key and extensions before the CT tail.
   *
   * @param serial the serial number
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @param subjectKey the subject public key info
   * @param extensions the extensions every variant (pre/final) shares, in order
   */
  public record Draft(
      BigInteger serial,
      Instant notBefore,
      Instant notAfter,
      SubjectPublicKeyInfo subjectKey,
      List<Extension> extensions) {
    /** Copies the extension list. */
    public Draft {
      extensions = List.copyOf(extensions);
    }
  }

  /** Fixes serial, validity and extensions for {@code principal} and {@code key}. */
  public Draft draft(Principal principal, PublicKey key) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    List<Extension> ext = new ArrayList<>();
    try {
      ext.add(
          new Extension(
              Extension.keyUsage,
              true,
              new DEROctetString(new KeyUsage(KeyUsage.digitalSignature))));
      ext.add(
          new Extension(
              Extension.extendedKeyUsage,
              false,
              new DEROctetString(new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))));
      ext.add(
          new Extension(
              Extension.subjectKeyIdentifier,
              false,
              new DEROctetString(new JcaX509ExtensionUtils().createSubjectKeyIdentifier(spki))));
      ext.add(authorityKeyId);
      GeneralName san =
          principal.sanKind() == Principal.SanKind.EMAIL
              ? new GeneralName(GeneralName.rfc822Name, principal.san())
              : new GeneralName(GeneralName.uniformResourceIdentifier, principal.san());
      ext.add(
          new Extension(
              Extension.subjectAlternativeName, true, new DEROctetString(new GeneralNames(san))));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("DER encoding of standard extensions cannot fail", e);
    }
    ext.addAll(principal.extensions().render());
    return new Draft(FileKeyStore.serial(), now, now.plus(VALIDITY), spki, ext);
  }

  /**
   * The precertificate: the draft plus the critical poison extension, signed by the intermediate.
   *
   * @throws GeneralSecurityException if the signer fails
   */
  public X509Certificate precertificate(Draft d) throws GeneralSecurityException {
    List<Extension> ext = new ArrayList<>(d.extensions());
    ext.add(new Extension(CT_POISON, true, new DEROctetString(encode(DERNull.INSTANCE))));
    return sign(tbs(d, ext));
  }

  /** DER of the TBSCertificate a CT log records for this draft's precertificate (no poison). */
  public byte[] ctTbs(Draft d) {
    return encode(tbs(d, d.extensions()));
  }

  /**
   * The final certificate: the draft plus the SCT list extension.
   *
   * @param sctList the TLS-encoded {@code SignedCertificateTimestampList} (RFC 6962 §3.3)
   * @throws GeneralSecurityException if the signer fails
   */
  public X509Certificate finalCertificate(Draft d, byte[] sctList) throws GeneralSecurityException {
    List<Extension> ext = new ArrayList<>(d.extensions());
    ext.add(
        new Extension(CT_SCT_LIST, false, new DEROctetString(encode(new DEROctetString(sctList)))));
    return sign(tbs(d, ext));
  }

  /** The certificate chain after the leaf (intermediate, root). */
  public List<X509Certificate> chain() {
    return ca.chain();
  }

  private TBSCertificate tbs(Draft d, List<Extension> ext) {
    V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
    g.setSerialNumber(new ASN1Integer(d.serial()));
    g.setSignature(ca.issuer().signatureAlgorithm());
    g.setIssuer(issuerName);
    g.setStartDate(new Time(Date.from(d.notBefore())));
    g.setEndDate(new Time(Date.from(d.notAfter())));
    g.setSubject(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]));
    g.setSubjectPublicKeyInfo(d.subjectKey());
    g.setExtensions(new Extensions(ext.toArray(new Extension[0])));
    return g.generateTBSCertificate();
  }

  private X509Certificate sign(TBSCertificate tbs) throws GeneralSecurityException {
    byte[] sig = ca.issuer().sign(encode(tbs));
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(tbs);
    v.add(ca.issuer().signatureAlgorithm());
    v.add(new DERBitString(sig));
    try {
      return Certificates.fromDer(encode(new DERSequence(v)));
    } catch (java.security.cert.CertificateException e) {
      throw new CertificateEncodingException(
          "built certificate does not parse: " + e.getMessage(), e);
    }
  }

  private static byte[] encode(org.bouncycastle.asn1.ASN1Encodable o) {
    try {
      return o.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding cannot fail", e);
    }
  }
}
