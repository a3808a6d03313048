package dev.provenant.verify.sigstore;

import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.trustroot.CertificateAuthority;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 signed timestamps checked against the trust root's timestamp authorities.
 *
 * <p>SPEC: RFC 3161 §2.4.2 and the Sigstore client spec: the token's message imprint MUST be the
 * hash of the signature bytes, its signer MUST be a trusted TSA whose chain and {@code validFor}
 * window contain the token's genTime.
 */
final class Timestamps {
  /** A verified timestamp: when, and which authority. */
  record Verified(Instant time, String authority) {}

  private final TrustedRoot root;

  Timestamps(TrustedRoot root) {
    this.root = root;
  }

  static TimeStampToken parseToken(byte[] der) throws VerificationException {
    try {
      TimeStampResponse resp = new TimeStampResponse(der);
      TimeStampToken t = resp.getTimeStampToken();
      if (t == null) {
        throw new VerificationException(
            "timestamp.parse",
            Reason.TIMESTAMP_INVALID,
            "timestamp response carries no token (status " + resp.getStatus() + ")");
      }
      return t;
    } catch (TSPException | IOException | RuntimeException e) {
      try {
        return new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(der));
      } catch (CMSException | TSPException | IOException | RuntimeException e2) {
        throw new VerificationException(
            "timestamp.parse",
            Reason.TIMESTAMP_INVALID,
            "not an RFC 3161 timestamp response or token");
      }
    }
  }

  /**
   * Verifies one timestamp over {@code signature}.
   *
   * @throws VerificationException {@code TIMESTAMP_INVALID} when the imprint, the signature or the
   *     authority does not check out
   */
  Verified verify(byte[] der, byte[] signature) throws VerificationException {
    TimeStampToken token = parseToken(der);
    var info = token.getTimeStampInfo();
    Instant genTime = info.getGenTime().toInstant();
    HashAlgorithm alg = imprintAlgorithm(info.getMessageImprintAlgOID().getId());
    if (alg == null) {
      throw new VerificationException(
          "timestamp.imprint",
          Reason.TIMESTAMP_INVALID,
          "unsupported imprint algorithm " + info.getMessageImprintAlgOID());
    }
    byte[] expected = alg.newDigest().digest(signature);
    if (!MessageDigest.isEqual(expected, info.getMessageImprintDigest())) {
      throw new VerificationException(
          "timestamp.imprint",
          Reason.TIMESTAMP_INVALID,
          "the timestamp is not over this signature",
          Hex.encode(expected),
          Hex.encode(info.getMessageImprintDigest()));
    }
    String lastProblem = "no timestamp authority in the trusted root signed it";
    for (CertificateAuthority tsa : root.timestampAuthorities()) {
      X509Certificate signer = tsa.certChain().get(0);
      try {
        if (!token.getSID().match(new X509CertificateHolder(signer.getEncoded()))) {
          continue;
        }
      } catch (IOException | java.security.cert.CertificateEncodingException e) {
        continue;
      }
      if (!tsa.validFor().contains(genTime)) {
        lastProblem = "genTime " + genTime + " outside the TSA's validFor " + tsa.validFor();
        continue;
      }
      if (!chainValidAt(tsa.certChain(), genTime)) {
        lastProblem = "the TSA certificate chain is not valid at genTime " + genTime;
        continue;
      }
      try {
        SignerInformationVerifier v = new JcaSimpleSignerInfoVerifierBuilder().build(signer);
        token.validate(
            v); // signature, ESSCertID binding, signer valid at genTime, timeStamping EKU
        return new Verified(genTime, tsa.uri());
      } catch (TSPException | OperatorCreationException | RuntimeException e) {
        lastProblem = "token does not verify with the TSA certificate: " + e.getMessage();
      }
    }
    throw new VerificationException("timestamp.authority", Reason.TIMESTAMP_INVALID, lastProblem);
  }

  private static boolean chainValidAt(List<X509Certificate> chain, Instant t) {
    Date d = Date.from(t);
    for (X509Certificate c : chain) {
      if (d.before(c.getNotBefore()) || d.after(c.getNotAfter())) {
        return false;
      }
    }
    return CertificateChains.chainSound(chain);
  }

  private static HashAlgorithm imprintAlgorithm(String oid) {
    switch (oid) {
      case "2.16.840.1.101.3.4.2.1":
        return HashAlgorithm.SHA2_256;
      case "2.16.840.1.101.3.4.2.2":
        return HashAlgorithm.SHA2_384;
      case "2.16.840.1.101.3.4.2.3":
        return HashAlgorithm.SHA2_512;
      default:
        return null;
    }
  }
}
