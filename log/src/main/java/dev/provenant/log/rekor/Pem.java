package dev.provenant.log.rekor;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM parsing and Go-identical PEM encoding (64-column base64 lines, {@code \n} endings), because
 * Rekor stores keys and certificates in the PEM Go's {@code encoding/pem} writes.
 */
final class Pem {
  private Pem() {}

  /** A parsed verifier: the key, and its canonical PEM (certificate chain or public key). */
  record Verifier(PublicKey key, byte[] canonicalPem, X509Certificate certificate) {}

  record Block(String type, byte[] der) {}

  static List<Block> blocks(byte[] pem) throws EntryException {
    String s = new String(pem, StandardCharsets.UTF_8).strip();
    List<Block> out = new ArrayList<>();
    int at = 0;
    while (at < s.length()) {
      int b = s.indexOf("-----BEGIN ", at);
      if (b < 0) {
        if (!s.substring(at).isBlank()) {
          throw new EntryException(EntryException.Reason.INVALID_KEY, "trailing data after PEM");
        }
        break;
      }
      if (out.isEmpty() && !s.substring(at, b).isBlank()) {
        throw new EntryException(EntryException.Reason.INVALID_KEY, "data before PEM block");
      }
      int te = s.indexOf("-----", b + 11);
      if (te < 0) {
        throw new EntryException(EntryException.Reason.INVALID_KEY, "unterminated PEM header");
      }
      String type = s.substring(b + 11, te);
      String end = "-----END " + type + "-----";
      int e = s.indexOf(end, te + 5);
      if (e < 0) {
        throw new EntryException(EntryException.Reason.INVALID_KEY, "missing PEM footer for " + type);
      }
      String body = s.substring(te + 5, e).replaceAll("\\s", "");
      try {
        out.add(new Block(type, Base64.getDecoder().decode(body)));
      } catch (IllegalArgumentException ex) {
        throw new EntryException(EntryException.Reason.INVALID_KEY, "PEM body is not base64");
      }
      at = e + end.length();
    }
    if (out.isEmpty()) {
      throw new EntryException(EntryException.Reason.INVALID_KEY, "invalid public key: failure decoding PEM");
    }
    return out;
  }

  /** Parses a PEM public key, certificate or certificate chain as Rekor's x509.NewPublicKey does. */
  static Verifier verifier(byte[] pem) throws EntryException {
    List<Block> blocks = blocks(pem);
    if (blocks.size() > 10) {
      throw new EntryException(EntryException.Reason.INVALID_KEY, "certificate chain longer than 10");
    }
    try {
      if (blocks.size() == 1 && blocks.get(0).type().equals("PUBLIC KEY")) {
        PublicKey k = parseKey(blocks.get(0).der());
        return new Verifier(SignatureChecks.forBc(k), encode("PUBLIC KEY", k.getEncoded()), null);
      }
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certs = new ArrayList<>();
      StringBuilder canon = new StringBuilder();
      for (Block b : blocks) {
        if (!b.type().equals("CERTIFICATE")) {
          throw new EntryException(EntryException.Reason.INVALID_KEY,
              "invalid public key: cannot handle type " + b.type());
        }
        X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der()));
        certs.add(c);
        canon.append(new String(encode("CERTIFICATE", c.getEncoded()), StandardCharsets.US_ASCII));
      }
      return new Verifier(SignatureChecks.forBc(certs.get(0).getPublicKey()),
          canon.toString().getBytes(StandardCharsets.US_ASCII), certs.get(0));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new EntryException(EntryException.Reason.INVALID_KEY, "cannot parse key or certificate: " + e.getMessage(), e);
    }
  }

  static PublicKey parseKey(byte[] der) throws EntryException {
    for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next algorithm
      }
    }
    throw new EntryException(EntryException.Reason.INVALID_KEY, "unsupported or malformed public key");
  }

  /** Go {@code pem.EncodeToMemory}: header, base64 in 64-character lines, footer, newlines. */
  static byte[] encode(String type, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder(b64.length() + 80);
    sb.append("-----BEGIN ").append(type).append("-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append("-----END ").append(type).append("-----\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
