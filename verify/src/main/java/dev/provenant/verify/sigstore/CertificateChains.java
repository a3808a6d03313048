package dev.provenant.verify.sigstore;

import dev.provenant.core.ct.EmbeddedScts;
import dev.provenant.core.ct.SignedCertificateTimestamp;
import dev.provenant.core.trustroot.CertificateAuthority;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.core.x509.CertificateExtensions;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Path validation of signing certificates against the trust root's Fulcio CAs, at a given time, and
 * SCT verification against its CT logs. Written out instead of PKIX so that every rule is visible
 * and the signature provider is the one {@link Crypto} chose.
 */
final class CertificateChains {
  private static final String EKU_CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

  /** Critical extensions a Fulcio leaf may carry and this code understands. */
  private static final Set<String> HANDLED_CRITICAL =
      Set.of("2.5.29.15", "2.5.29.37", "2.5.29.17", "2.5.29.19");

  private final TrustedRoot root;
  private final TrustKeys keys;

  /** Per CA: whether its own chain (intermediates up to the root) is internally signed. */
  private final List<Boolean> caChainSound = new ArrayList<>();

  /**
   * Per CA, per certificate of its chain: whether basicConstraints marks it a CA. The trust root
   * does not change, so this is read once instead of at every verification.
   */
  private final List<boolean[]> caFlags = new ArrayList<>();

  CertificateChains(TrustedRoot root, TrustKeys keys) {
    this.root = root;
    this.keys = keys;
    for (CertificateAuthority ca : root.certificateAuthorities()) {
      caChainSound.add(chainSound(ca.certChain()));
      List<X509Certificate> chain = ca.certChain();
      boolean[] flags = new boolean[chain.size()];
      for (int i = 0; i < flags.length; i++) {
        flags[i] = chain.get(i).getBasicConstraints() >= 0;
      }
      caFlags.add(flags);
    }
  }

  static boolean chainSound(List<X509Certificate> chain) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!signedBy(chain.get(i), chain.get(i + 1))) {
        return false;
      }
    }
    return true;
  }

  static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    return signedBy(cert, issuer, issuer.getPublicKey());
  }

  private static boolean signedBy(
      X509Certificate cert, X509Certificate issuer, PublicKey issuerKey) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      return Crypto.verify(issuerKey, jcaName(cert), cert.getTBSCertificate(), cert.getSignature());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  private static String jcaName(X509Certificate c) {
    switch (c.getSigAlgOID()) {
      case "1.2.840.10045.4.3.2":
        return "SHA256withECDSA";
      case "1.2.840.10045.4.3.3":
        return "SHA384withECDSA";
      case "1.2.840.10045.4.3.4":
        return "SHA512withECDSA";
      case "1.2.840.113549.1.1.11":
        return "SHA256withRSA";
      case "1.2.840.113549.1.1.12":
        return "SHA384withRSA";
      case "1.2.840.113549.1.1.13":
        return "SHA512withRSA";
      case "1.3.101.112":
        return "Ed25519";
      default:
        return c.getSigAlgName();
    }
  }

  private static boolean validAt(X509Certificate c, Instant t) {
    Date d = Date.from(t);
    return !d.before(c.getNotBefore()) && !d.after(c.getNotAfter());
  }

  /**
   * Verifies that {@code leaf} chains to a trusted Fulcio CA whose validity window contains {@code
   * at}, with every certificate valid at {@code at}, and that the leaf is a code-signing
   * certificate.
   *
   * @return the path, leaf first, root last
   * @throws VerificationException {@code CERTIFICATE_NOT_VALID_AT_SIGNING_TIME} when a chain exists
   *     but not at that time, {@code CERTIFICATE_CHAIN_INVALID} when none does, {@code
   *     CERTIFICATE_MALFORMED} for leaf profile violations
   */
  List<X509Certificate> verifyLeaf(X509Certificate leaf, Instant at) throws VerificationException {
    return verifyLeaf(leaf, extensions(leaf), List.of(at));
  }

  /**
   * The leaf's extensions, read once per verification and shared by the profile, SCT and identity
   * checks.
   *
   * @throws VerificationException {@code CERTIFICATE_MALFORMED} if they cannot be read
   */
  static CertificateExtensions extensions(X509Certificate leaf) throws VerificationException {
    try {
      return CertificateExtensions.of(leaf);
    } catch (CertificateParsingException e) {
      throw new VerificationException(
          "certificate.profile",
          Reason.CERTIFICATE_MALFORMED,
          "unreadable extensions: " + e.getMessage());
    }
  }

  /**
   * As {@link #verifyLeaf(X509Certificate, Instant)} for several verified times at once: the path's
   * signatures are checked once and its validity at every time (the client spec checks the chain at
   * each observer timestamp).
   */
  List<X509Certificate> verifyLeaf(
      X509Certificate leaf, CertificateExtensions exts, List<Instant> times)
      throws VerificationException {
    checkLeafProfile(exts);
    Instant at = times.get(0);
    boolean chainedOutsideTime = false;
    List<CertificateAuthority> cas = root.certificateAuthorities();
    for (int i = 0; i < cas.size(); i++) {
      CertificateAuthority ca = cas.get(i);
      if (!caChainSound.get(i)) {
        continue;
      }
      List<X509Certificate> chain = ca.certChain();
      boolean[] isCa = caFlags.get(i);
      for (int j = 0; j < chain.size(); j++) {
        if (!signedBy(leaf, chain.get(j), keys.of(chain.get(j)))) {
          continue;
        }
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain.subList(j, chain.size()));
        boolean allValid = true;
        for (Instant t : times) {
          boolean validNow = ca.validFor().contains(t);
          for (X509Certificate c : path) {
            validNow &= validAt(c, t);
          }
          if (!validNow && allValid) {
            at = t;
          }
          allValid &= validNow;
        }
        for (int k = j; k < chain.size(); k++) {
          if (!isCa[k]) {
            allValid = false;
          }
        }
        if (allValid) {
          return path;
        }
        chainedOutsideTime = true;
      }
    }
    if (chainedOutsideTime) {
      throw new VerificationException(
          "certificate.chain",
          Reason.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
          "the signing certificate or its CA is not valid at the verified signing time",
          "validity containing " + at,
          "[" + leaf.getNotBefore().toInstant() + ", " + leaf.getNotAfter().toInstant() + "]");
    }
    throw new VerificationException(
        "certificate.chain",
        Reason.CERTIFICATE_CHAIN_INVALID,
        "the signing certificate does not chain to a trusted Fulcio CA",
        "a CA in the trusted root",
        leaf.getIssuerX500Principal().getName());
  }

  private static void checkLeafProfile(CertificateExtensions leaf) throws VerificationException {
    try {
      if (leaf.isCa()) {
        throw new VerificationException(
            "certificate.profile",
            Reason.CERTIFICATE_MALFORMED,
            "the signing certificate is a CA certificate");
      }
      List<String> eku = leaf.extendedKeyUsage();
      if (eku == null || !eku.contains(EKU_CODE_SIGNING)) {
        throw new VerificationException(
            "certificate.profile",
            Reason.CERTIFICATE_MALFORMED,
            "the signing certificate lacks the codeSigning extended key usage",
            EKU_CODE_SIGNING,
            String.valueOf(eku));
      }
    } catch (CertificateParsingException e) {
      throw new VerificationException(
          "certificate.profile",
          Reason.CERTIFICATE_MALFORMED,
          "unreadable extended key usage: " + e.getMessage());
    }
    Set<String> critical = leaf.criticalOids();
    if (critical != null) {
      for (String oid : critical) {
        if (!HANDLED_CRITICAL.contains(oid)) {
          throw new VerificationException(
              "certificate.profile",
              Reason.CERTIFICATE_MALFORMED,
              "the signing certificate has an unhandled critical extension",
              "none",
              oid);
        }
      }
    }
  }

  /**
   * Verifies the leaf's embedded SCTs; at least {@code threshold} distinct trusted CT logs must
   * have signed the precertificate.
   *
   * @param path leaf first, then its issuer
   * @return the number of distinct logs whose SCT verified
   * @throws VerificationException {@code SCT_MISSING} when no SCT comes from a trusted log, {@code
   *     SCT_INVALID} when one from a trusted log does not verify
   */
  int verifyScts(List<X509Certificate> path, int threshold) throws VerificationException {
    return verifyScts(path, extensions(path.get(0)), threshold);
  }

  /** As {@link #verifyScts(List, int)}, with the leaf's extensions already read. */
  int verifyScts(List<X509Certificate> path, CertificateExtensions leafExtensions, int threshold)
      throws VerificationException {
    List<SignedCertificateTimestamp> scts;
    byte[] tbs;
    try {
      scts = EmbeddedScts.parse(leafExtensions);
      tbs = scts.isEmpty() ? new byte[0] : EmbeddedScts.precertTbs(leafExtensions);
    } catch (CertificateParsingException e) {
      throw new VerificationException("certificate.sct", Reason.SCT_INVALID, e.getMessage());
    }
    if (path.size() < 2) {
      throw new VerificationException(
          "certificate.sct", Reason.SCT_INVALID, "no issuer to bind the SCT to");
    }
    byte[] issuerSpki = keys.spki(path.get(1));
    Set<String> verified = new HashSet<>();
    String failure = null;
    for (SignedCertificateTimestamp sct : scts) {
      TransparencyLog log = root.ctlog(sct.logId()).orElse(null);
      if (log == null || log.publicKey().isEmpty()) {
        continue;
      }
      if (!log.validFor().contains(sct.time())) {
        failure = "SCT time " + sct.time() + " outside CT log key validity " + log.validFor();
        continue;
      }
      String alg = sct.jcaAlgorithm();
      if (alg != null
          && Crypto.verify(
              keys.of(log), alg, EmbeddedScts.signedData(sct, tbs, issuerSpki), sct.signature())) {
        verified.add(log.logIdHex());
      } else {
        failure = "SCT from CT log " + log.logIdHex() + " does not verify";
      }
    }
    if (verified.size() < threshold) {
      if (failure != null) {
        throw new VerificationException(
            "certificate.sct",
            Reason.SCT_INVALID,
            failure,
            threshold + " verified SCT(s)",
            String.valueOf(verified.size()));
      }
      throw new VerificationException(
          "certificate.sct",
          Reason.SCT_MISSING,
          "no SCT from a CT log in the trusted root",
          threshold + " verified SCT(s)",
          scts.size() + " SCT(s), none from a trusted log");
    }
    return verified.size();
  }
}
